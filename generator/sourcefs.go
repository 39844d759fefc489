package generator

import (
	"errors"
	"io/fs"
	"os"
	"sync"
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

func (s sourceFS) ReadFile(name string) ([]byte, error) { return s.readInto(name, nil) }

func (s sourceFS) readInto(name string, buf []byte) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := rawReadFileInto(s.root+"/"+name, buf)
	var perr *fs.PathError
	if errors.As(err, &perr) {
		perr.Path = name // as os.DirFS does: errors name the file inside the site
	}
	return data, err
}

// readBuffers recycles the buffers content files are read into: each
// file is read twice in a build (front matter, then body), and fresh
// memory for every read costs page faults and collections.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readPooled reads a file of site into a recycled buffer. release gives
// the buffer back; nothing may keep a slice of it after that.
func readPooled(site fs.FS, name string) (data []byte, release func(), err error) {
	sfs, ok := site.(sourceFS)
	if !ok {
		data, err = fs.ReadFile(site, name)
		return data, func() {}, err
	}
	held := readBuffers.Get().(*[]byte)
	data, err = sfs.readInto(name, *held)
	return data, func() {
		if cap(data) <= 1<<20 { // an unusually large file's buffer is not kept
			*held = data[:0]
			readBuffers.Put(held)
		}
	}, err
}
