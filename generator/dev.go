package generator

import (
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/render"
)

// DevSite is a site built into memory for the dev server. Each Rebuild
// is the build, with a memory writer holding the previous build's files
// and its cache: a change to one post renders that post and the files
// whose content changes because of it, and carries the rest. What the
// dev server serves is swapped in whole when a build succeeds; a failed
// build leaves the last good site in place.
type DevSite struct {
	opts Options

	mu      sync.Mutex // one build at a time
	cache   *buildCache
	current *DevSnapshot
	memo    render.Memo
	layouts *layouts.Layouts // the last build's
	scanned *scanned         // the last build's scan of content/
	// imageIndex is the last build's: the images it processed, by stamp.
	imageIndex *imageIndex
}

// DevSnapshot is one successful build: every output file, and the
// submission endpoint of that site.
type DevSnapshot struct {
	Receiver *Receiver
	Pages    int
	built    map[string]publish.File // by slash path, like "posts/x/index.html"
}

// File returns one output file by its slash path.
func (s *DevSnapshot) File(rel string) ([]byte, bool) {
	f, ok := s.built[rel]
	return f.Data, ok
}

// Files returns every output file by its slash path, in a new map.
func (s *DevSnapshot) Files() map[string][]byte {
	files := make(map[string][]byte, len(s.built))
	for rel, f := range s.built {
		files[rel] = f.Data
	}
	return files
}

// Rebuilt tells what one rebuild changed.
type Rebuilt struct {
	Changed  []string // output files new or different
	Removed  []string // output files gone
	Pages    int
	Full     bool // nothing of the previous build was reused (first build, config change)
	Duration time.Duration
	Warnings []error // as in Result
	LeftOut  string
}

// CSSOnly reports whether only stylesheets changed, which a browser can
// swap without reloading the page.
func (r *Rebuilt) CSSOnly() bool {
	if len(r.Changed) == 0 || len(r.Removed) > 0 {
		return false
	}
	for _, c := range r.Changed {
		if !strings.HasSuffix(c, ".css") {
			return false
		}
	}
	return true
}

// NewDevSite prepares a dev build; opts.Output is not used.
func NewDevSite(opts Options) *DevSite {
	return &DevSite{opts: opts}
}

// Snapshot returns the last good build, or nil before the first one.
func (d *DevSite) Snapshot() *DevSnapshot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.current
}

// Rebuild builds the site again, reusing what it can. changed, when
// known, lists the site paths that changed ("content/posts/x.md"); the
// build then takes every other content file to be as it read it last.
func (d *DevSite) Rebuild(changed ...string) (*Rebuilt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	start := time.Now()
	var prev map[string]publish.File
	if d.current != nil {
		prev = d.current.built
	}
	mem := publish.NewMemory(prev)
	opts := d.opts
	opts.memory, opts.dev, opts.Now = mem, d, time.Now()
	if !d.opts.Now.IsZero() {
		opts.Now = d.opts.Now
	}
	if d.cache != nil {
		d.cache.changed = changed
	}
	b, err := newBuilder(opts)
	if err != nil {
		return nil, err
	}
	if err := b.run(""); err != nil {
		return nil, err
	}
	recv, err := b.receiver()
	if err != nil {
		return nil, err
	}
	built := mem.Files()
	res := &Rebuilt{Pages: len(b.pages), Full: b.cache == nil || prev == nil, Warnings: b.allWarnings(), LeftOut: b.leftOut.String()}
	res.Changed, res.Removed = mem.Changes()
	d.current = &DevSnapshot{Receiver: recv, Pages: len(b.pages), built: built}
	res.Duration = time.Since(start)
	return res, nil
}

// ErrorLines splits a build error into its lines, one per problem.
func ErrorLines(err error) []string {
	var list ErrorList
	if errors.As(err, &list) {
		lines := make([]string, len(list))
		for i, e := range list {
			lines[i] = e.Error()
		}
		return lines
	}
	return strings.Split(err.Error(), "\n")
}
