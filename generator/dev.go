package generator

import (
	"errors"
	"maps"
	"sort"
	"strings"
	"sync"
	"time"
)

// DevSite is a site built into memory for the dev server. Each Rebuild
// reuses the previous build's cache, so that a change to one post renders
// that post and the pages whose content changes because of it; what the
// dev server serves is swapped in whole when a build succeeds, and a
// failed build leaves the last good site in place.
type DevSite struct {
	opts Options

	mu       sync.Mutex // one build at a time
	cache    *buildCache
	current  *DevSnapshot
	building bool
}

// DevSnapshot is one successful build: every output file, and the
// submission endpoint of that site.
type DevSnapshot struct {
	Files    map[string][]byte // by slash path, like "posts/x/index.html"
	Receiver *Receiver
	Pages    int
}

// Rebuilt tells what one rebuild changed.
type Rebuilt struct {
	Changed  []string // output files new or different
	Removed  []string // output files gone
	Pages    int
	Full     bool // everything was rendered (first build, config change)
	Duration time.Duration
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

// Rebuild builds the site again, reusing what it can.
func (d *DevSite) Rebuild() (*Rebuilt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	start := time.Now()
	out := newMemoryOutput()
	opts := d.opts
	opts.output, opts.dev, opts.Now = out, d, time.Now()
	if !d.opts.Now.IsZero() {
		opts.Now = d.opts.Now
	}
	b, err := newBuilder(opts)
	if err != nil {
		return nil, err
	}
	stages := []func() error{b.readConfig, b.loadLayouts, b.scanContent, b.readFrontMatter, b.assemble,
		b.prepareOutput, b.copyStatic, b.renderPages, b.renderLists}
	for _, stage := range stages {
		if err := stage(); err != nil {
			return nil, b.withSourcePrefix(err)
		}
	}
	recv, err := b.receiver()
	if err != nil {
		return nil, err
	}
	incremental := b.cache != nil && d.current != nil
	files := map[string][]byte{}
	if incremental {
		files = maps.Clone(d.current.Files)
	}
	res := &Rebuilt{Pages: len(b.pages), Full: !incremental}
	for rel, data := range out.files {
		if old, ok := files[rel]; !ok || string(old) != string(data) {
			res.Changed = append(res.Changed, rel)
		}
		files[rel] = data
	}
	if incremental {
		res.Removed = b.cache.stale(b.next)
		for _, rel := range res.Removed {
			delete(files, rel)
		}
	} else if d.current != nil {
		for rel := range d.current.Files {
			if _, ok := files[rel]; !ok {
				res.Removed = append(res.Removed, rel)
			}
		}
	}
	if err := b.saveCache(); err != nil {
		return nil, err
	}
	sort.Strings(res.Changed)
	sort.Strings(res.Removed)
	d.current = &DevSnapshot{Files: files, Receiver: recv, Pages: len(b.pages)}
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
