package generator

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/source"
	"github.com/rainmaker-blog/rainmaker/generator/words"
	"github.com/rainmaker-blog/rainmaker/internal/parallel"
)

// contentDir is the folder of a site that holds its Markdown.
const contentDir = content.Dir

// scanned is what the content folder holds: Markdown files to build,
// the other files, published beside their pages, and section index files
// of other generators, which are not built.
type scanned struct {
	files        []string
	resources    []string
	sectionFiles []string
}

// scanContent lists the content folder. Files an editor leaves behind
// (swap, backup, hidden files) are skipped.
func scanContent(site fs.FS) (scanned, ErrorList) {
	var found scanned
	var errs ErrorList
	err := fs.WalkDir(site, contentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == contentDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir // a site with no content yet builds an empty site
			}
			errs = append(errs, &FileError{Path: p, Err: err})
			return nil
		}
		if source.Ignored(d.Name()) && p != contentDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
		case !isMarkdown(p):
			found.resources = append(found.resources, p)
		case strings.HasPrefix(path.Base(p), "_index."):
			found.sectionFiles = append(found.sectionFiles, p)
		default:
			found.files = append(found.files, p)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	sort.Strings(found.files)
	return found, errs
}

// isMarkdown reports the file names of Markdown: .md and .markdown.
func isMarkdown(p string) bool {
	ext := path.Ext(p)
	return strings.EqualFold(ext, ".md") || strings.EqualFold(ext, ".markdown")
}

// readSource reads a content file and returns its normalized text.
func readSource(site fs.FS, p string) ([]byte, error) {
	src, err := fs.ReadFile(site, p)
	if err != nil {
		return nil, &FileError{Path: p, Err: err}
	}
	return content.Normalize(p, src)
}

// loadPage reads one content file and decodes its front matter
// (content.Parse); nil rules are the defaults. A page with errors is not
// to be built.
func loadPage(site fs.FS, p string, rules *content.Rules) (*Page, ErrorList) {
	raw, stamp, release, err := source.ReadPooled(site, p)
	defer release() // nothing of the page refers to raw: decoding copies
	if err != nil {
		return nil, ErrorList{&FileError{Path: p, Err: err}}
	}
	page := &Page{}
	var errs ErrorList
	page.Meta, errs = content.Parse(p, raw, rules)
	page.SourceHash = sha256.Sum256(raw)
	// For the next build's cache, even when this one had none: an edit
	// after a clean build then re-reads only what changed.
	page.SourceSize, page.SourceModTime = stamp.Size, stamp.ModTime
	return page, errs
}

// leftOut counts the pages a build does not publish, so that it can say
// so: a post never disappears without a word.
type leftOut struct{ drafts, future int }

// loadPages decodes every content file in parallel and drops the pages
// that are not published in this build (drafts, future dates).
func loadPages(site fs.FS, files []string, drafts, future bool, now time.Time, cache *buildCache, rules *content.Rules) ([]*Page, leftOut, ErrorList) {
	pages := make([]*Page, len(files))
	errLists := make([]ErrorList, len(files))
	parallel.ForN(len(files), parallel.IOWorkers(), func(i int) {
		if p := cache.reuse(site, files[i]); p != nil {
			pages[i] = p
			return
		}
		pages[i], errLists[i] = loadPage(site, files[i], rules)
		if p := pages[i]; p != nil && cache != nil {
			if old := cache.record(p.SourcePath); old != nil && old.Hash == p.SourceHash {
				takeRendering(p, old) // touched, not changed: its rendering is still good
			}
		}
	})
	var errs ErrorList
	var out leftOut
	published := pages[:0]
	for i, p := range pages {
		errs = append(errs, errLists[i]...)
		if p == nil || len(errLists[i]) > 0 {
			continue
		}
		switch {
		case p.Draft && !drafts:
			out.drafts++
		case p.Date.After(now) && !future:
			out.future++
		default:
			published = append(published, p)
		}
	}
	return published, out, errs
}

func (l leftOut) String() string {
	var parts, flags []string
	if l.drafts > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", l.drafts, words.Plural(l.drafts, "draft", "drafts")))
		flags = append(flags, "--drafts")
	}
	if l.future > 0 {
		parts = append(parts, fmt.Sprintf("%d future-dated %s", l.future, words.Plural(l.future, "page", "pages")))
		flags = append(flags, "--future")
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " and ") + " not built; " + strings.Join(flags, " and ") + " " + words.Plural(len(flags), "builds them", "build them")
}
