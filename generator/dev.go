package generator

import (
	"errors"
	"maps"
	"slices"
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

	mu      sync.Mutex // one build at a time
	cache   *buildCache
	current *DevSnapshot
	last    *builder // the last good build, for edits that change one page only
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
	BodyOnly bool // only edited pages' bodies changed: nothing else was read
	Duration time.Duration
	// Warnings and LeftOut are as in Result; set by whole rebuilds only.
	Warnings []error
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
// known, lists the site paths that changed ("content/posts/x.md"): an edit
// of pages' bodies that leaves every title, date, URL and tag as it was
// then re-renders those pages and the lists that show them, and nothing
// is read again but those files.
func (d *DevSite) Rebuild(changed ...string) (*Rebuilt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	start := time.Now()
	if res, ok := d.bodyEdit(changed); ok {
		res.Duration = time.Since(start)
		return res, nil
	}
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
	if err := b.buildInMemory(); err != nil {
		return nil, err
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
	res := &Rebuilt{Pages: len(b.pages), Full: !incremental, Warnings: b.allWarnings(), LeftOut: b.leftOut.String()}
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
	d.last = b
	res.Duration = time.Since(start)
	return res, nil
}

// bodyEdit handles the most common save, an edit inside pages, without a
// whole rebuild. It reports false when the change is anything else (a new
// or removed file, a layout, static, the config, or a page whose title,
// date, URL, tags or publication changed), and the caller rebuilds.
func (d *DevSite) bodyEdit(changed []string) (*Rebuilt, bool) {
	b := d.last
	if b == nil || d.current == nil || len(changed) == 0 {
		return nil, false
	}
	byPath := make(map[string]*Page, len(b.pages))
	for _, p := range b.pages {
		byPath[p.SourcePath] = p
	}
	type edit struct{ old, new *Page }
	var edits []edit
	for _, c := range changed {
		old := byPath[c]
		if old == nil {
			return nil, false
		}
		p, errs := loadPage(b.site, c, b.rules) // with the stamp of the file as read
		if len(errs) > 0 || !sameMetadata(old, p) {
			return nil, false
		}
		edits = append(edits, edit{old, p})
	}
	// Every other page, list and link stays; only these pages' own fields
	// change, in place, so the lists and links that point at them see it.
	for _, e := range edits {
		keep := *e.old
		*e.old = *e.new
		e.old.related, e.old.prev, e.old.next, e.old.inFeed = keep.related, keep.prev, keep.next, keep.inFeed
		e.old.cached = nil
	}
	out := newMemoryOutput()
	r := b.render
	r.old, r.next = d.cache, d.cache
	r.touched = map[*Page]bool{}
	for _, e := range edits {
		r.touched[e.old] = true
	}
	defer func() { r.touched = nil }()
	var errs ErrorList
	for _, e := range edits {
		if err := r.page(out, e.old); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		if err := r.lists(out); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		// The pages were changed in place and the cache may name outputs
		// that were never served: the caller's rebuild starts afresh.
		d.last, d.cache = nil, nil
		return nil, false
	}
	files := maps.Clone(d.current.Files)
	res := &Rebuilt{Pages: len(b.pages), BodyOnly: true}
	for rel, data := range out.files {
		if old, ok := files[rel]; !ok || string(old) != string(data) {
			res.Changed = append(res.Changed, rel)
		}
		files[rel] = data
	}
	sort.Strings(res.Changed)
	d.current = &DevSnapshot{Files: files, Receiver: d.current.Receiver, Pages: len(b.pages)}
	return res, true
}

// sameMetadata reports whether an edit leaves everything that other
// pages show of a page as it was.
func sameMetadata(a, b *Page) bool {
	return a.Title == b.Title && a.Date.Equal(b.Date) && a.Lastmod.Equal(b.Lastmod) && a.URL == b.URL &&
		a.Section == b.Section && a.Draft == b.Draft && slices.Equal(a.Tags, b.Tags) && a.SubmissionID == b.SubmissionID &&
		slices.Equal(a.Aliases, b.Aliases) && maps.EqualFunc(a.Terms, b.Terms, slices.Equal)
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
