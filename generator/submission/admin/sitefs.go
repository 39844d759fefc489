package admin

import (
	"errors"
	"io"
	"io/fs"
)

// maxSiteFile bounds a file served from the site under /admin/site/.
const maxSiteFile = 32 << 20

// readSiteFile reads a regular file of the site, within the bound.
func readSiteFile(site fs.FS, name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, fs.ErrNotExist
	}
	f, err := site.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}
	if info.Size() > maxSiteFile {
		return nil, errors.New("too large to serve")
	}
	return io.ReadAll(io.LimitReader(f, maxSiteFile))
}

// Layers is a file system of several: a name is looked up in each in
// turn. The receive server serves the built site over the site's and
// the theme's static files, so that the admin pages have their
// stylesheet before the first build.
type Layers []fs.FS

// Open opens name in the first layer that has it.
func (l Layers) Open(name string) (fs.File, error) {
	for _, layer := range l {
		if layer == nil {
			continue
		}
		f, err := layer.Open(name)
		if err == nil {
			return f, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
