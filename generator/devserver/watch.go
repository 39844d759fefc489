// Package devserver is "rainmaker serve": it watches a site's sources,
// rebuilds the site into memory when they change, serves it, and reloads
// the open browser tabs.
//
// The watcher sorts, the builder builds: watch.go turns batches of
// fsnotify events into "what changed", and server.go asks the DevSite for
// a rebuild; the build never sees fsnotify.
package devserver

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rainmaker-blog/rainmaker/generator/source"
)

// Change is one batch of file changes, by site-relative slash path.
type Change struct {
	Paths []string
}

// Kinds names what a batch touched, for the terminal: content, layouts,
// static, config.
func (c Change) Kinds() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range c.Paths {
		kind := "other"
		switch {
		case p == "site.toml":
			kind = "config"
		case strings.HasPrefix(p, "content/"):
			kind = "content"
		case strings.HasPrefix(p, "layouts/"):
			kind = "layouts"
		case strings.HasPrefix(p, "static/"):
			kind = "static"
		}
		if !seen[kind] {
			seen[kind] = true
			out = append(out, kind)
		}
	}
	sort.Strings(out)
	return out
}

// watchedDirs are the folders of a site whose changes trigger a rebuild.
var watchedDirs = []string{"content", "layouts", "static"}

// Watcher reports batches of changes under a site's sources.
type Watcher struct {
	root  string
	w     *fsnotify.Watcher
	quiet time.Duration // a batch of one file ends after this long without events
	// A batch of several files (a checkout, a copy) ends after burstQuiet
	// without events, or after longest in all: one save is built at once,
	// a burst is built once.
	burstQuiet time.Duration
	longest    time.Duration
	Errors     chan error
}

// NewWatcher watches the site at root: content/, layouts/ and static/
// recursively, folders created later included, and site.toml.
func NewWatcher(root string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, w: fw, quiet: 3 * time.Millisecond, burstQuiet: 100 * time.Millisecond,
		longest: 2 * time.Second, Errors: make(chan error, 8)}
	// The site's folder itself, for site.toml and for watched folders
	// created after the start.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches a folder and every folder below it, skipping editors'
// and tools' hidden folders.
func (w *Watcher) addTree(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && source.Ignored(d.Name()) {
				return filepath.SkipDir
			}
			w.w.Add(p)
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files
}

// Close stops watching.
func (w *Watcher) Close() error { return w.w.Close() }

// relevant maps an event's path to a site-relative path, or "".
func (w *Watcher) relevant(path string) string {
	rel, err := filepath.Rel(w.root, path)
	if err != nil {
		return ""
	}
	rel = filepath.ToSlash(rel)
	if source.Ignored(filepath.Base(rel)) {
		return ""
	}
	if rel == "site.toml" {
		return rel
	}
	for _, d := range watchedDirs {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			for _, part := range strings.Split(rel, "/") {
				if source.Ignored(part) {
					return ""
				}
			}
			return rel
		}
	}
	return ""
}

// Run sends a Change for each burst of events, coalesced: an editor's
// save or a checkout of many files makes one batch.
func (w *Watcher) Run(ctx context.Context, changes chan<- Change) {
	defer close(changes) // tells Watch the watcher stopped
	var pending map[string]bool
	var quiet, longest <-chan time.Time
	var waitedForEmpty, newFolder bool
	flush := func() {
		if len(pending) == 0 {
			return
		}
		c := Change{}
		for p := range pending {
			c.Paths = append(c.Paths, p)
		}
		sort.Strings(c.Paths)
		pending, quiet, longest, waitedForEmpty, newFolder = nil, nil, nil, false, false
		select {
		case changes <- c:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			select {
			case w.Errors <- err:
			default:
			}
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			rel := w.relevant(ev.Name)
			if rel == "" {
				continue
			}
			if pending == nil {
				pending = map[string]bool{}
				longest = time.After(w.longest)
			}
			pending[rel] = true
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// A new folder: watch it, and count what is already in it
					// (files can land before the watch does). Files are
					// about to be copied into it, so the batch is a burst.
					newFolder = true
					for _, f := range w.addTree(ev.Name) {
						if r := w.relevant(f); r != "" {
							pending[r] = true
						}
					}
				}
			}
			if len(pending) > 1 || newFolder {
				quiet = time.After(w.burstQuiet)
			} else {
				quiet = time.After(w.quiet)
			}
		case <-quiet:
			if !waitedForEmpty && w.caughtMidSave(pending) {
				waitedForEmpty = true
				quiet = time.After(w.burstQuiet)
				continue
			}
			flush()
		case <-longest:
			flush()
		}
	}
}

// caughtMidSave says whether a one-file batch's file is empty: an editor
// that truncates and then writes was caught between the two, and building
// now would flash an error for a file that is about to be whole.
func (w *Watcher) caughtMidSave(pending map[string]bool) bool {
	if len(pending) != 1 {
		return false
	}
	for rel := range pending {
		info, err := os.Stat(filepath.Join(w.root, filepath.FromSlash(rel)))
		return err == nil && info.Mode().IsRegular() && info.Size() == 0
	}
	return false
}
