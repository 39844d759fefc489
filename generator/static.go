package generator

import (
	"errors"
	"io/fs"
	"sort"
	"strings"
)

const staticDir = "static"

// copyStatic copies static/ into the output as it is: the built-in files
// first, each replaced by the site's file of the same name.
func copyStatic(out Output, site, theme fs.FS) error {
	from := map[string]fs.FS{}
	for _, fsys := range []fs.FS{theme, site} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, staticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == staticDir && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if isEditorLeftover(d.Name()) && p != staticDir {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				from[p] = fsys
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	paths := make([]string, 0, len(from))
	for p := range from {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) {
		p := paths[i]
		errs[i] = out.CopyFile(strings.TrimPrefix(p, staticDir+"/"), from[p], p)
	})
	return errors.Join(errs...)
}
