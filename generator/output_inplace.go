package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// incomingSuffix names the folder, beside the output (on the same file
// system, so renames work), where an incremental build keeps its new
// files until it succeeds.
const incomingSuffix = ".incoming-"

// inplaceOutput is the output of an incremental build: only the files that
// changed are written, first into a folder beside the target, and moved
// into place one rename each when the whole build has succeeded. A failed
// build leaves the target as it was; a crash while moving leaves every
// file whole, old or new, and the next build finishes the job.
type inplaceOutput struct {
	target   string
	incoming string
	seq      atomic.Int64
	mu       sync.Mutex
	changed  map[string]string // output path -> file in incoming
	files    atomic.Int64
	bytes    atomic.Int64
}

func newInplaceOutput(target string) (*inplaceOutput, error) {
	target = filepath.Clean(target)
	prefix := "." + filepath.Base(target) + incomingSuffix
	// Folders of a build that crashed while moving files in.
	if old, _ := filepath.Glob(filepath.Join(filepath.Dir(target), prefix+"*")); len(old) > 0 {
		for _, dir := range old {
			os.RemoveAll(dir)
		}
	}
	incoming, err := os.MkdirTemp(filepath.Dir(target), prefix)
	if err != nil {
		return nil, fmt.Errorf("prepare output: %w", err)
	}
	return &inplaceOutput{target: target, incoming: incoming, changed: map[string]string{}}, nil
}

// WriteFile keeps data for rel unless the target already holds exactly it.
func (o *inplaceOutput) WriteFile(rel string, data []byte) error {
	dest, err := safeJoin(o.target, rel)
	if err != nil {
		return err
	}
	if info, err := os.Stat(dest); err == nil && info.Size() == int64(len(data)) {
		if old, err := rawReadFile(dest); err == nil && bytes.Equal(old, data) {
			return nil
		}
	}
	tmp := filepath.Join(o.incoming, strconv.FormatInt(o.seq.Add(1), 10))
	if err := rawWriteFile(tmp, data); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	o.mu.Lock()
	o.changed[rel] = tmp
	o.mu.Unlock()
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

func (o *inplaceOutput) CopyFile(rel string, src fs.FS, srcPath string) error {
	data, err := fs.ReadFile(src, srcPath)
	if err != nil {
		return fmt.Errorf("copy %s: %w", srcPath, err)
	}
	return o.WriteFile(rel, data)
}

// commit flushes the new files, moves them into place and removes the
// outputs this build no longer makes.
func (o *inplaceOutput) commit(stale []string) error {
	if err := o.flush(); err != nil {
		o.abort()
		return fmt.Errorf("flush output: %w", err)
	}
	dirs := map[string]bool{o.target: true}
	rels := make([]string, 0, len(o.changed))
	for rel := range o.changed {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		dest, _ := safeJoin(o.target, rel)
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return fmt.Errorf("publish %s: %w", rel, err)
		}
		if err := os.Rename(o.changed[rel], dest); err != nil {
			return fmt.Errorf("publish %s: %w", rel, err)
		}
		dirs[filepath.Dir(dest)] = true
	}
	for _, rel := range stale {
		dest, err := safeJoin(o.target, rel)
		if err != nil {
			continue
		}
		if err := os.Remove(dest); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", rel, err)
		}
		// Remove folders the removal left empty, up to the target.
		for dir := filepath.Dir(dest); dir != o.target && strings.HasPrefix(dir, o.target); dir = filepath.Dir(dir) {
			if os.Remove(dir) != nil {
				break
			}
		}
	}
	os.RemoveAll(o.incoming)
	for dir := range dirs {
		if err := durable.SyncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// flush makes the new files durable: one fsync each when they are few,
// else one syncfs, which also flushes whatever else the disk holds.
func (o *inplaceOutput) flush() error {
	if len(o.changed) > 64 {
		return syncTree(o.incoming)
	}
	for _, tmp := range o.changed {
		f, err := os.Open(tmp)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func (o *inplaceOutput) abort() { os.RemoveAll(o.incoming) }

// safeJoin joins a slash path to root, refusing any path that would leave
// it. Output paths come from slugs, which cannot hold "..", but the check
// belongs at the door to the disk.
func safeJoin(root, rel string) (string, error) {
	clean := filepath.ToSlash(filepath.Clean("/" + rel))
	if clean == "/" || strings.Contains(rel, "\\") || clean != "/"+strings.TrimPrefix(rel, "/") {
		return "", fmt.Errorf("output path %q is not a clean path inside the output folder", rel)
	}
	return filepath.Join(root, filepath.FromSlash(clean)), nil
}
