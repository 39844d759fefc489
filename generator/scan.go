package generator

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// contentDir is the folder of a site that holds its Markdown.
const contentDir = "content"

// scanContent lists the Markdown files of the sections. Files an editor
// leaves behind (swap, backup, hidden files) are skipped; anything else
// that would silently not be published is an error.
func scanContent(site fs.FS) ([]string, ErrorList) {
	var files []string
	var paths textSlab // the paths live as long as the build, as SourcePath
	var errs ErrorList
	err := fs.WalkDir(site, contentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == contentDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir // a site with no content yet builds an empty site
			}
			errs = append(errs, &FileError{Path: p, Err: err})
			return nil
		}
		if isEditorLeftover(d.Name()) && p != contentDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		section := sectionOf(p)
		switch {
		case section == "":
			errs = append(errs, fileErrorf(p, 0, "only content/%s/ and content/%s/ are built; move the file into one of them", SectionPosts, SectionStories))
		case !strings.EqualFold(path.Ext(p), ".md"):
			errs = append(errs, fileErrorf(p, 0, "not a Markdown (.md) file; put images and other files in static/"))
		default:
			files = append(files, paths.add(p))
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	sort.Strings(files)
	return files, errs
}

// sectionOf returns the section of a content path, or "" for none.
func sectionOf(p string) string {
	rest, ok := strings.CutPrefix(p, contentDir+"/")
	if !ok {
		return ""
	}
	section, _, nested := strings.Cut(rest, "/")
	if !nested || (section != SectionPosts && section != SectionStories) {
		return ""
	}
	return section
}

// isEditorLeftover reports names of hidden, swap and backup files.
func isEditorLeftover(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp")
}

// readSource reads a content file and returns its normalized text.
func readSource(site fs.FS, p string) ([]byte, error) {
	src, err := fs.ReadFile(site, p)
	if err != nil {
		return nil, &FileError{Path: p, Err: err}
	}
	return normalizeSource(p, src)
}

// loadPage reads and decodes one content file's front matter.
func loadPage(site fs.FS, p string) (*Page, ErrorList) {
	raw, stamp, release, err := readPooled(site, p)
	defer release() // nothing of the page refers to raw: decoding copies
	if err != nil {
		return nil, ErrorList{&FileError{Path: p, Err: err}}
	}
	src, err := normalizeSource(p, raw)
	if err != nil {
		return nil, ErrorList{err}
	}
	fm, bodyOffset, err := splitFrontMatter(p, src)
	if err != nil {
		return nil, ErrorList{err}
	}
	page, errs := decodePage(p, sectionOf(p), fm)
	page.bodyOffset = bodyOffset
	page.bodyLine = lineAt(src, bodyOffset)
	page.sourceHash = sha256.Sum256(raw)
	// For the next build's cache, even when this one had none: an edit
	// after a clean build then re-reads only what changed.
	page.sourceSize, page.sourceModTime = stamp.size, stamp.modTime
	return page, errs
}

// readBody returns the Markdown body of a page, read again from disk:
// holding every body from the front matter stage to the rendering costs
// more (memory is page faults, and page faults are dear) than the read.
// The body is in a recycled buffer: release gives it back, after which
// nothing may refer to it.
func readBody(site fs.FS, p *Page) (body []byte, release func(), err error) {
	raw, _, release, err := readPooled(site, p.SourcePath)
	if err != nil {
		release()
		return nil, func() {}, &FileError{Path: p.SourcePath, Err: err}
	}
	src, err := normalizeSource(p.SourcePath, raw)
	if err == nil && p.bodyOffset > len(src) {
		err = fileErrorf(p.SourcePath, 0, "changed while the site was being built; build again")
	}
	if err != nil {
		release()
		return nil, func() {}, err
	}
	return src[p.bodyOffset:], release, nil
}

// loadPages decodes every content file in parallel and drops the pages
// that are not published in this build (drafts, future dates).
func loadPages(site fs.FS, files []string, drafts, future bool, now time.Time, cache *buildCache) ([]*Page, ErrorList) {
	pages := make([]*Page, len(files))
	errLists := make([]ErrorList, len(files))
	parallelN(len(files), ioWorkers(), func(i int) {
		if p := cache.reuse(site, files[i]); p != nil {
			pages[i] = p
			return
		}
		pages[i], errLists[i] = loadPage(site, files[i])
		if p := pages[i]; p != nil && cache != nil {
			if old := cache.Pages[p.SourcePath]; old != nil && old.Hash == p.sourceHash {
				p.cached = old // touched, not changed: its rendering is still good
			}
		}
	})
	var errs ErrorList
	published := pages[:0]
	for i, p := range pages {
		errs = append(errs, errLists[i]...)
		if p == nil || len(errLists[i]) > 0 {
			continue
		}
		if (p.Draft && !drafts) || (p.Date.After(now) && !future) {
			continue
		}
		published = append(published, p)
	}
	return published, errs
}

// parallel calls fn(0) … fn(n-1) on one worker per core.
func parallel(n int, fn func(i int)) { parallelN(n, runtime.GOMAXPROCS(0), fn) }

// ioWorkers is the number of workers for stages that mostly wait on the
// disk: with one per core, a core idles whenever its worker blocks.
func ioWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// parallelN calls fn(0) … fn(n-1) on the given number of workers.
func parallelN(n, workers int, fn func(i int)) {
	workers = min(workers, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
