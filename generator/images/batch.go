package images

import (
	"io/fs"

	"github.com/rainmaker-blog/rainmaker/internal/parallel"
)

// ProcessAll processes the named files of fsys on one worker per core.
// results[i] is names[i]'s, nil when it failed; errs holds every failure,
// in the order of names, so that the build can report them all at once.
// Files are read by the worker that processes them, so that no more
// than one source per core is in memory.
func (p *Processor) ProcessAll(fsys fs.FS, names []string) (results []*Result, errs []error) {
	results = make([]*Result, len(names))
	failed := make([]error, len(names))
	parallel.For(len(names), func(i int) {
		data, err := fs.ReadFile(fsys, names[i])
		if err != nil {
			failed[i] = &Error{Name: names[i], Err: err}
			return
		}
		results[i], failed[i] = p.Process(names[i], data)
	})
	for _, err := range failed {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return results, errs
}
