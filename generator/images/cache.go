package images

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// cache keeps encoded variants on disk, one folder per key:
// DIR/ab/abcdef…/480w.jpg, …, and done.json written last, so that a
// folder without it (a build killed halfway) is simply made again.
//
// Writes are temp file then rename, without fsync: the cache is derived
// data, an fsync per file would cost more than a clean build's encoding
// saves, and done.json records each file's size, so that one left short
// by a crash is a miss, not a broken image.
type cache struct {
	dir  string
	used func(key [32]byte) // told of every key looked up or written
}

type doneFile struct {
	Files []doneEntry `json:"files"`
}

type doneEntry struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

const doneName = "done.json"

func (c cache) folder(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(c.dir, h[:2], h)
}

// load reports whether every file of the plan is in the cache, whole.
func (c cache) load(key [32]byte, files []string) bool {
	if c.used != nil {
		c.used(key)
	}
	dir := c.folder(key)
	raw, err := os.ReadFile(filepath.Join(dir, doneName))
	if err != nil {
		return false
	}
	var done doneFile
	if json.Unmarshal(raw, &done) != nil || len(done.Files) != len(files) {
		return false
	}
	files = slices.Sorted(slices.Values(files))
	for i, e := range done.Files {
		if e.Name != files[i] {
			return false
		}
		info, err := os.Stat(filepath.Join(dir, e.Name))
		if err != nil || !info.Mode().IsRegular() || info.Size() != e.Size {
			return false
		}
	}
	return true
}

// writer stores one key's files, then seals them with done.json.
type cacheWriter struct {
	dir  string
	done doneFile
}

func (c cache) writer(key [32]byte) (*cacheWriter, error) {
	if c.used != nil {
		c.used(key)
	}
	dir := c.folder(key)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("image cache: %w", err)
	}
	// A folder left by a killed build may hold a done.json of another
	// plan; it goes first, so that no reader sees it beside new files.
	if err := os.Remove(filepath.Join(dir, doneName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("image cache: %w", err)
	}
	return &cacheWriter{dir: dir}, nil
}

func (w *cacheWriter) put(name string, data []byte) error {
	if err := writeAtomic(filepath.Join(w.dir, name), data); err != nil {
		return err
	}
	w.done.Files = append(w.done.Files, doneEntry{Name: name, Size: int64(len(data))})
	return nil
}

func (w *cacheWriter) seal() error {
	slices.SortFunc(w.done.Files, func(a, b doneEntry) int { return cmp.Compare(a.Name, b.Name) })
	raw, err := json.Marshal(w.done)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(w.dir, doneName), raw)
}

func (w *cacheWriter) path(name string) string { return filepath.Join(w.dir, name) }

// writeAtomic writes data beside path under a temporary name and renames
// it over path: a reader sees the old file or the new one, never half.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("image cache: %w", err)
	}
	return nil
}

// WriteCacheFile writes a file of the caller's into the cache folder,
// atomically: the build keeps its index of processed images there.
func (p *Processor) WriteCacheFile(name string, data []byte) error {
	return writeAtomic(filepath.Join(p.cache.dir, filepath.Base(name)), data)
}
