package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// manifestPath is where the import remembers what it wrote, under the
// site's cache folder: the hash of each file, so that a file the author
// has edited since is told from one the import may update.
const manifestPath = ".rainmaker-cache/import-manifest.json"

type manifest struct {
	Version int               `json:"version"`
	Files   map[string]string `json:"files"` // site-relative path → sha256
}

// planned is one file the import would write.
type planned struct {
	path  string // site-relative, slash-separated
	data  []byte // the file, or nil for an image
	media string // the image's path in the media copy
	hash  string
}

// planFiles lists every file of the import, with its hash.
func planFiles(docs []*doc, s *site, m *media, rep *Report) ([]planned, error) {
	var plan []planned
	for _, d := range docs {
		data := d.file()
		plan = append(plan, planned{path: d.path, data: data, hash: hashBytes(data)})
		dir := filepath.ToSlash(filepath.Dir(d.path))
		for _, rel := range d.images.order {
			h, err := m.hash(rel)
			if err != nil {
				return nil, fmt.Errorf("import: read %s: %w", filepath.Join(m.dir, rel), err)
			}
			plan = append(plan, planned{path: dir + "/" + d.images.byRel[rel], media: rel, hash: h})
			rep.ImagesCopied++
		}
	}
	return plan, nil
}

func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (m *media) hash(rel string) (string, error) {
	f, err := m.root.Open(rel)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func readManifest(site string) (manifest, error) {
	m := manifest{Version: 1, Files: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(site, manifestPath))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Files == nil {
		return manifest{Version: 1, Files: map[string]string{}}, nil // a broken cache is no cache: nothing will be overwritten
	}
	return m, nil
}

// sortPlan decides, for each planned file, whether to write it: a new file,
// or one the last import wrote and no one has changed since, is written;
// one that already says the same is unchanged; any other is the
// author's, and is left alone.
func sortPlan(site string, plan []planned, man manifest, rep *Report) []planned {
	var write []planned
	for _, p := range plan {
		onDisk, err := hashFile(filepath.Join(site, filepath.FromSlash(p.path)))
		last, imported := man.Files[p.path]
		switch {
		case errors.Is(err, fs.ErrNotExist) && imported:
			rep.Kept = append(rep.Kept, p.path+" (deleted since the last import; not written again)")
		case errors.Is(err, fs.ErrNotExist):
			write = append(write, p)
		case err != nil:
			rep.Kept = append(rep.Kept, fmt.Sprintf("%s (cannot be read: %v)", p.path, err))
		case onDisk == p.hash:
			rep.Unchanged = append(rep.Unchanged, p.path)
			man.Files[p.path] = p.hash
		case imported && onDisk == last:
			write = append(write, p)
		case imported:
			rep.Kept = append(rep.Kept, p.path+" (edited since the last import)")
		default:
			rep.Kept = append(rep.Kept, p.path+" (already there, not written by an import)")
		}
	}
	for _, p := range write {
		rep.Written = append(rep.Written, p.path)
	}
	return write
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// commit writes the files: each into a staging folder first, then all
// moved into place, so a failure while writing leaves content/ as it was.
func commit(opts Options, s *site, m *media, plan []planned, rep *Report) error {
	man, err := readManifest(s.dir)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	write := sortPlan(s.dir, plan, man, rep)
	if s.newTOML != "" {
		rep.SiteTOML = map[bool]string{true: "updated", false: "created"}[s.exists]
	}
	if opts.DryRun || (len(write) == 0 && s.newTOML == "") {
		return nil
	}
	cache := filepath.Join(s.dir, filepath.Dir(manifestPath))
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	stage, err := os.MkdirTemp(cache, "import-staging-")
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer os.RemoveAll(stage)
	if s.newTOML != "" {
		write = append([]planned{{path: "site.toml", data: []byte(s.newTOML)}}, write...)
	}
	for _, p := range write {
		if err := stageFile(stage, m, p); err != nil {
			return fmt.Errorf("import: nothing was written to content/: %w", err)
		}
	}
	for _, p := range write {
		dest := filepath.Join(s.dir, filepath.FromSlash(p.path))
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(p.path)), dest); err != nil {
			return fmt.Errorf("import: move %s into place: %w", p.path, err)
		}
		if p.path != "site.toml" {
			man.Files[p.path] = p.hash
		}
	}
	return writeManifest(s.dir, stage, man)
}

// stageFile writes one file into the staging folder, synced to disk.
func stageFile(stage string, m *media, p planned) error {
	dest := filepath.Join(stage, filepath.FromSlash(p.path))
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if p.data != nil {
		_, err = f.Write(p.data)
	} else {
		var src *os.File
		if src, err = m.root.Open(p.media); err == nil {
			_, err = io.Copy(f, src)
			src.Close()
		}
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeManifest(site, stage string, man manifest) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(man); err != nil {
		return err
	}
	tmp := filepath.Join(stage, "manifest.json")
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(site, manifestPath)); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}
