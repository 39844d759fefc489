package generator

import (
	"errors"
	"io/fs"
	"os"
)

// sourceFS is a site's folder: os.DirFS, with whole-file reads made
// directly by system calls (see rawReadFile), since a build reads every
// content file.
type sourceFS struct {
	root string
	dir  fs.FS
}

func newSourceFS(root string) sourceFS { return sourceFS{root: root, dir: os.DirFS(root)} }

func (s sourceFS) Open(name string) (fs.File, error)          { return s.dir.Open(name) }
func (s sourceFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.dir, name) }
func (s sourceFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.dir, name) }

func (s sourceFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := rawReadFile(s.root + "/" + name)
	var perr *fs.PathError
	if errors.As(err, &perr) {
		perr.Path = name // as os.DirFS does: errors name the file inside the site
	}
	return data, err
}
