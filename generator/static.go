package generator

import (
	"errors"
	"io/fs"
	"sort"
	"strings"
)

const staticDir = "static"

// copyStatic copies static/ into the output as it is: the built-in files
// first, each replaced by the site's file of the same name; and the
// site's files of resources (a content path -> its output path).
func copyStatic(out Output, site, theme fs.FS, resources map[string]string, old, next *buildCache) error {
	from := map[string]fs.FS{}
	for p := range resources {
		from[p] = site
	}
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
	parallelN(len(paths), ioWorkers(), func(i int) {
		p := paths[i]
		rel, isResource := resources[p]
		if !isResource {
			rel = strings.TrimPrefix(p, staticDir+"/")
		}
		if next != nil {
			info, err := fs.Stat(from[p], p)
			if err != nil {
				errs[i] = err
				return
			}
			rec := staticRecord{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
			next.mu.Lock()
			next.Static[p] = rec
			next.Outputs[rel] = outputKey{}
			next.mu.Unlock()
			if old != nil && old.Static[p] == rec {
				if _, ok := old.Outputs[rel]; ok {
					return // unchanged since the output was made
				}
			}
		}
		errs[i] = out.CopyFile(rel, from[p], p)
	})
	return errors.Join(errs...)
}
