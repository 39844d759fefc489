package generator

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// The build cache lets a build reuse the work of the previous one: front
// matter of files whose size and time did not change, the rendered
// summaries and cards of unchanged pages, and the manifest of the files
// it published (see package render's keys.go, and package publish), from which the next
// build carries what has not changed. "--clean" ignores the cache.

const (
	cacheDirName    = ".rainmaker-cache"
	cacheFilePrefix = "build-" // then a hash of the output folder: one cache per output
	cacheTempPrefix = ".tmp-"  // a cache being saved
	cacheFormat     = "rainmaker-build-cache-7"
)

// outputKey is the key of one output file (package render's keys.go).
type outputKey = publish.Key

// buildCache is what one build leaves for the next.
type buildCache struct {
	Format  string
	Inputs  string                 // hash of the config, options and the program
	Output  string                 // absolute output folder it describes
	Pages   map[string]*pageRecord // by source path, as read from a saved cache
	Outputs publish.Previous       // the live and standby output folders' files, set once published

	// rendered holds the pages this build rendered, by source path, with
	// the hash of the card layouts they were rendered with. Their records
	// are made only when the cache is saved: a copy of every page's
	// fields made as it renders would add some 50 MB to the heap the
	// collector scans at 100,000 pages.
	rendered map[string]*Page
	// changed, when not nil, is every site path changed since this cache
	// was made, as the dev server's watcher saw them: the other files
	// are taken as read without a look at the disk.
	changed []string
	mu      sync.Mutex
}

// pageRecord is a page as cached: its metadata and what rendering its
// body produced, so an unchanged page is not rendered again.
type pageRecord struct {
	Size, ModTime int64
	Hash          [32]byte

	// The page's metadata. The cache file holds every field but TitleLine
	// and TagsLine (see cache_codec.go).
	content.Meta

	Rendered     bool     // the fields below are set
	CardHash     [32]byte // of the layouts the card was made with
	ImagesKey    [32]byte // of the images the summary was rendered with
	SummaryHTML  string
	WordCount    int
	Card         string
	FeedContent  string
	HasFeed      bool
	RenderNotes  []content.Note
	MissingFiles []string

	// Not saved: a page read again from a saved cache is identified again.
	identity, linkID outputKey
}

func init() {
	// Params are gob-encoded as map[string]any; these are what they hold.
	gob.Register(map[string]any{})
	gob.Register([]any{})
	gob.Register(time.Time{})
}

// renderedRecord is the record of a page as this build left it.
func renderedRecord(p *Page) pageRecord {
	return pageRecord{
		Size: p.SourceSize, ModTime: p.SourceModTime, Hash: p.SourceHash, Meta: p.Meta,
		Rendered: p.Rendered, CardHash: p.CardHash, ImagesKey: p.ImagesKey, SummaryHTML: string(p.SummaryHTML), WordCount: p.WordCount,
		Card: string(p.Card), HasFeed: p.HasFeed, FeedContent: p.FeedContent,
		RenderNotes: p.RenderNotes, MissingFiles: p.MissingFiles,
		identity: p.IdentityKey, linkID: p.LinkKey,
	}
}

func (r *pageRecord) page() *Page {
	p := &Page{
		IdentityKey: r.identity, LinkKey: r.linkID,
		Meta:       r.Meta,
		SourceSize: r.Size, SourceModTime: r.ModTime, SourceHash: r.Hash,
	}
	takeRendering(p, r)
	return p
}

// takeRendering takes what rendering left from the record of a source
// with the same content.
func takeRendering(p *Page, r *pageRecord) {
	if !r.Rendered {
		return
	}
	p.SummaryHTML, p.WordCount, p.FeedContent = template.HTML(r.SummaryHTML), r.WordCount, r.FeedContent
	p.Card, p.CardHash, p.Rendered, p.HasFeed = template.HTML(r.Card), r.CardHash, true, r.HasFeed
	p.ImagesKey, p.RenderNotes, p.MissingFiles = r.ImagesKey, r.RenderNotes, r.MissingFiles
}

// inputsHash fingerprints everything that is the same for every page
// except the layouts, which each output's key holds: when it changes,
// nothing of the cache is reused.
func inputsHash(configSrc []byte, opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%t %t %q\x00", cacheFormat, programVersion(), opts.Drafts, opts.Future, opts.BaseURL)
	h.Write(configSrc)
	return hex.EncodeToString(h.Sum(nil))
}

// programVersion changes whenever the binary does, so a new Rainmaker
// never trusts an old one's cache: the module version and VCS state, and
// the executable's size and time (a rebuild from changed sources keeps
// the same revision).
func programVersion() string {
	v := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		v = info.Main.Version + " " + info.GoVersion
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			v += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return v
}

func newBuildCache(inputs, output string) *buildCache {
	return &buildCache{Format: cacheFormat, Inputs: inputs, Output: output, Pages: map[string]*pageRecord{}}
}

// loadCache reads the previous build's cache; nil when there is none or
// it does not apply.
func loadCache(source, inputs, output string) *buildCache {
	data, err := readCacheFile(cacheFile(source, output))
	if err != nil {
		return nil
	}
	c, err := decodeCache(data)
	if err != nil || c.Inputs != inputs || c.Output != output {
		return nil
	}
	return c
}

// pendingSave is a cache being written into a temporary file while the
// build goes on.
type pendingSave struct {
	cache  *buildCache
	source string
	tmp    *os.File
	w      *cacheWriter
	pages  chan error // the head and the pages' records are written
}

// beginSave starts writing the cache beside the sources. The pages'
// records are final once the pages are rendered: encoding them while the
// lists render takes most of the save (a second at 100,000 pages) off
// the end of the build. No page may be rendered until finish or abandon.
func (c *buildCache) beginSave(source string) *pendingSave {
	s := &pendingSave{cache: c, source: source, pages: make(chan error, 1)}
	dir := filepath.Join(source, cacheDirName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.pages <- err
		return s
	}
	tmp, err := os.CreateTemp(dir, cacheTempPrefix+"*")
	if err != nil {
		s.pages <- err
		return s
	}
	s.tmp, s.w = tmp, newCacheWriter(tmp)
	go func() { s.pages <- c.encodePages(s.w) }()
	return s
}

// finish writes the rest of the cache, once the build is done, and puts
// it in place of the previous one.
func (s *pendingSave) finish() error {
	err := <-s.pages
	if s.tmp == nil {
		return err
	}
	defer os.Remove(s.tmp.Name())
	if err == nil {
		err = s.cache.encodeRest(s.w)
	}
	if err != nil {
		s.tmp.Close()
		return fmt.Errorf("encode build cache: %w", err)
	}
	if err := s.tmp.Close(); err != nil {
		return err
	}
	current := cacheFile(s.source, s.cache.Output)
	if err := os.Rename(s.tmp.Name(), current); err != nil {
		return err
	}
	pruneCaches(filepath.Dir(current), current, time.Now())
	return nil
}

// abandon drops a save begun by a build that failed.
func (s *pendingSave) abandon() {
	<-s.pages
	if s.tmp != nil {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
	}
}

// maxOtherCaches is how many caches of other output folders a site keeps
// besides the current one: each holds the summary and card of every page
// (138 MB at 100,000 pages), and builds into a new folder each time (a
// preview per branch, a benchmark) would otherwise fill the disk.
const maxOtherCaches = 4

// pruneCaches removes, beside the cache just saved, the caches of output
// folders that no longer exist or of another format, all but the newest
// maxOtherCaches of the rest, and temporary files that a build killed
// while saving left behind. Nothing here is more than a head start, so
// errors are ignored.
func pruneCaches(dir, current string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type cache struct {
		path    string
		modTime time.Time
	}
	var kept []cache
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || path == current {
			continue
		}
		switch {
		case strings.HasPrefix(e.Name(), cacheTempPrefix):
			// Another build may be saving right now; a killed one is old.
			if now.Sub(info.ModTime()) > time.Hour {
				os.Remove(path)
			}
		case strings.HasPrefix(e.Name(), cacheFilePrefix):
			output, ok := cacheOutput(path)
			if _, err := os.Stat(output); !ok || errors.Is(err, fs.ErrNotExist) {
				os.Remove(path)
				continue
			}
			kept = append(kept, cache{path, info.ModTime()})
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].modTime.After(kept[j].modTime) })
	for _, c := range kept[min(len(kept), maxOtherCaches):] {
		os.Remove(c.path)
	}
}

// cacheOutput reads the output folder a cache file describes from its
// head, without reading the rest.
func cacheOutput(path string) (string, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	head := make([]byte, 16<<10) // format, inputs hash and a path
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", false
	}
	r := &cacheReader{data: string(head[:n])}
	_, output, ok := r.head()
	return output, ok && output != ""
}

// cacheFile is where the cache of one output folder of a site lives.
func cacheFile(source, output string) string {
	sum := sha256.Sum256([]byte(output))
	return filepath.Join(source, cacheDirName, cacheFilePrefix+hex.EncodeToString(sum[:8])+".gob")
}

// setRendered records the pages of this build. The pages must not change
// afterwards but by being rendered again.
func (c *buildCache) setRendered(pages []*Page) {
	if c == nil {
		return
	}
	if c.rendered == nil {
		c.rendered = make(map[string]*Page, len(pages))
	}
	for _, p := range pages {
		c.rendered[p.SourcePath] = p
		delete(c.Pages, p.SourcePath)
	}
}

// record returns the record of a source path, or nil.
func (c *buildCache) record(path string) *pageRecord {
	if p := c.rendered[path]; p != nil {
		rec := renderedRecord(p)
		return &rec
	}
	return c.Pages[path]
}

// records calls fn with every page's record, in no particular order; fn
// must not keep the record.
func (c *buildCache) records(fn func(*pageRecord)) {
	for _, rec := range c.Pages {
		fn(rec)
	}
	var rec pageRecord // one for all: fn must not keep it
	for _, p := range c.rendered {
		rec = renderedRecord(p)
		fn(&rec)
	}
}

// pageCount is the number of pages with a record.
func (c *buildCache) pageCount() int { return len(c.Pages) + len(c.rendered) }

// reuse returns the cached page of a file whose size and time are
// unchanged, or nil.
func (c *buildCache) reuse(site fs.FS, path string) *Page {
	if c == nil {
		return nil
	}
	// The dev server's watcher tells what changed: the rest is as read.
	asRead := c.changed != nil && !c.touched(path)
	if p := c.rendered[path]; asRead && p != nil {
		return p.ForNextBuild() // the same page, not a copy
	}
	rec := c.record(path)
	if rec == nil {
		return nil
	}
	if asRead {
		return rec.page()
	}
	info, err := fs.Stat(site, path)
	if err != nil || info.Size() != rec.Size || info.ModTime().UnixNano() != rec.ModTime {
		return nil
	}
	return rec.page()
}

// touched reports whether path, or a folder it is in, is among changed.
func (c *buildCache) touched(path string) bool {
	for _, ch := range c.changed {
		if path == ch || strings.HasPrefix(path, strings.TrimSuffix(ch, "/")+"/") {
			return true
		}
	}
	return false
}

// changedUnder reports whether anything in dir may have changed: true
// unless the watcher told what changed and none of it is in dir.
func (c *buildCache) changedUnder(dir string) bool {
	if c.changed == nil {
		return true
	}
	for _, ch := range c.changed {
		if ch == dir || strings.HasPrefix(ch, dir+"/") {
			return true
		}
	}
	return false
}

// sameFiles reports whether content/ holds the files of a scan still, as
// far as the dev server's watcher saw: when every changed path is a file
// of the scan that is still there (an edit), nothing was added, removed
// or renamed.
func (c *buildCache) sameFiles(site fs.FS, last *scanned) bool {
	if c.changed == nil {
		return false
	}
	for _, ch := range c.changed {
		if !strings.HasPrefix(ch, contentDir+"/") {
			continue
		}
		if !slices.Contains(last.files, ch) && !slices.Contains(last.resources, ch) {
			return false
		}
		if info, err := fs.Stat(site, ch); err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	return true
}
