package generator

import (
	"errors"
	"io/fs"
	"os"
	"sync"
)

// sourceFS is a site's folder: os.DirFS, with whole-file reads into
// recycled buffers, since a build reads every content file twice.
type sourceFS struct {
	root string
	dir  fs.FS
}

func newSourceFS(root string) sourceFS { return sourceFS{root: root, dir: os.DirFS(root)} }

func (s sourceFS) Open(name string) (fs.File, error)          { return s.dir.Open(name) }
func (s sourceFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.dir, name) }
func (s sourceFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.dir, name) }

func (s sourceFS) ReadFile(name string) ([]byte, error) {
	data, _, err := s.readInto(name, nil)
	return data, err
}

func (s sourceFS) readInto(name string, buf []byte) ([]byte, fileStamp, error) {
	if !fs.ValidPath(name) {
		return nil, fileStamp{}, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, stamp, err := readFileInto(s.root+"/"+name, buf)
	var perr *fs.PathError
	if errors.As(err, &perr) {
		perr.Path = name // as os.DirFS does: errors name the file inside the site
	}
	return data, stamp, err
}

// fileStamp is what the build cache recognises an unchanged file by.
type fileStamp struct{ size, modTime int64 }

// readBuffers recycles the buffers content files are read into: each
// file is read twice in a build (front matter, then body), and fresh
// memory for every read costs page faults and collections.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readPooled reads a file of site into a recycled buffer, with its stamp
// from before the read. release gives the buffer back; nothing may keep a
// slice of it after that.
func readPooled(site fs.FS, name string) (data []byte, stamp fileStamp, release func(), err error) {
	sfs, ok := site.(sourceFS)
	if !ok {
		info, err := fs.Stat(site, name)
		if err != nil {
			return nil, stamp, func() {}, err
		}
		data, err = fs.ReadFile(site, name)
		return data, fileStamp{size: info.Size(), modTime: info.ModTime().UnixNano()}, func() {}, err
	}
	held := readBuffers.Get().(*[]byte)
	data, stamp, err = sfs.readInto(name, *held)
	return data, stamp, func() {
		if cap(data) <= 1<<20 { // an unusually large file's buffer is not kept
			*held = data[:0]
			readBuffers.Put(held)
		}
	}, err
}
