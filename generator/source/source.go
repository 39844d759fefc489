// Package source reads a site's files: whole files into recycled
// buffers, with the stamp the build cache recognises them by, and the one
// rule for the files editors leave behind, which neither the build nor
// the dev server's watcher reads.
package source

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"sync"
)

// FS is a site's folder: os.DirFS, with whole-file reads into
// recycled buffers, since a build reads every content file twice.
type FS struct {
	root string
	dir  fs.FS
}

// New opens the site folder root.
func New(root string) FS { return FS{root: root, dir: os.DirFS(root)} }

func (s FS) Open(name string) (fs.File, error)          { return s.dir.Open(name) }
func (s FS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(s.dir, name) }
func (s FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.dir, name) }

func (s FS) ReadFile(name string) ([]byte, error) {
	data, _, err := s.readInto(name, nil)
	return data, err
}

func (s FS) readInto(name string, buf []byte) ([]byte, Stamp, error) {
	if !fs.ValidPath(name) {
		return nil, Stamp{}, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, stamp, err := readFileInto(s.root+"/"+name, buf)
	var perr *fs.PathError
	if errors.As(err, &perr) {
		perr.Path = name // as os.DirFS does: errors name the file inside the site
	}
	return data, stamp, err
}

// Stamp is what the build cache recognises an unchanged file by.
type Stamp struct{ Size, ModTime int64 }

// readBuffers recycles the buffers content files are read into: each
// file is read twice in a build (front matter, then body), and fresh
// memory for every read costs page faults and collections.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// ReadPooled reads a file of site into a recycled buffer, with its stamp
// from before the read. release gives the buffer back; nothing may keep a
// slice of it after that.
func ReadPooled(site fs.FS, name string) (data []byte, stamp Stamp, release func(), err error) {
	sfs, ok := site.(FS)
	if !ok {
		info, err := fs.Stat(site, name)
		if err != nil {
			return nil, stamp, func() {}, err
		}
		data, err = fs.ReadFile(site, name)
		return data, Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}, func() {}, err
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

// Ignored reports names of hidden, swap and backup files that editors and
// tools leave beside a site's files.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swo") ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".bak") || name == "4913" // vim's write test
}
