package render

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/source"
	"github.com/rainmaker-blog/rainmaker/internal/parallel"
)

// StaticDir is the folder of a site whose files are copied into the
// output as they are.
const StaticDir = "static"

// staticJobs copy static/ into the output as it is, the built-in files
// first, each replaced by the site's file of the same name; and the
// site's other content files (resources), each to its output path.
func (r *Renderer) staticJobs() ([]job, error) {
	from := map[string]fs.FS{}
	for p := range r.resources {
		from[p] = r.src
	}
	for _, fsys := range []fs.FS{r.theme, r.src} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == StaticDir && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if source.Ignored(d.Name()) && p != StaticDir {
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
			return nil, err
		}
	}
	paths := make([]string, 0, len(from))
	for p := range from {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	r.published = make(map[string]bool, len(paths))
	for _, p := range paths {
		if rel, ok := r.resources[p]; ok {
			r.published[rel] = true
		} else {
			r.published[strings.TrimPrefix(p, StaticDir+"/")] = true
		}
	}
	jobs := make([]job, len(paths), len(paths)+1)
	errs := make([]error, len(paths))
	parallel.ForN(len(paths), parallel.IOWorkers(), func(i int) {
		p := paths[i]
		fsys := from[p]
		rel, isResource := r.resources[p]
		if !isResource {
			rel = strings.TrimPrefix(p, StaticDir+"/")
		}
		info, err := fs.Stat(fsys, p)
		if err != nil {
			errs[i] = err
			return
		}
		jobs[i] = job{path: rel, key: r.keys.static(p, fsys == r.theme, info), make: func() ([]byte, func(), error) {
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, nil, fmt.Errorf("copy %s: %w", p, err)
			}
			return data, nil, nil
		}}
	})
	if !r.published[blocksCSS] {
		// The content blocks' stylesheet is the markdown package's, linked
		// by pages that use them; a site's static/css/blocks.css replaces it.
		jobs = append(jobs, bytesJob(blocksCSS, r.keys.config(blocksCSS), []byte(markdown.BlocksCSS)))
		r.published[blocksCSS] = true
	}
	return jobs, errors.Join(errs...)
}

// blocksCSS is where the content blocks' stylesheet is published.
const blocksCSS = "css/blocks.css"
