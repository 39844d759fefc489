// Package site assembles a site from its pages: it orders them newest
// first, groups them by section and by the terms of each taxonomy,
// links each page to its neighbours and related pages, and lists the
// redirects of its old URLs, rejecting two pages or aliases that would
// share a file. It owns Page, the type every later stage reads, and
// sets what assembling decides of a page; the dev server's Memo takes
// the last site again when no page's metadata changed.
package site

import (
	"slices"
	"sort"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// FeedSize is how many of the newest entries a feed carries.
const FeedSize = 20

// Site is the assembled site: every published page, in order, and the
// lists built from them. It holds metadata only.
type Site struct {
	Config     config.Config
	Pages      []*Page            // articles and stories, newest first
	Standalone []*Page            // pages outside the sections (/about/), by path
	Sections   map[string][]*Page // newest first
	Tags       []*Tag             // by page count, then name
	Taxonomies []*Taxonomy        // as site.toml lists them
	Redirects  []Redirect         // from old URLs (aliases), by file
}

// Redirect is an old URL of a page: a file that sends readers on.
type Redirect struct {
	File string // in the output, like "old/post/index.html"
	Page *Page
}

// Assemble orders pages newest first, groups them by section and by
// term, links them, and rejects two pages that would be written to the
// same URL.
func Assemble(cfg config.Config, all []*Page) (*Site, report.List) { return assemble(cfg, all, nil) }

// assemble is Assemble, taking the related pages again from memo when
// what they were found from is unchanged.
func assemble(cfg config.Config, all []*Page, memo *relatedMemo) (*Site, report.List) {
	var pages, standalone []*Page
	for _, p := range all {
		if p.Section == config.SectionPages {
			standalone = append(standalone, p)
		} else {
			pages = append(pages, p)
		}
	}
	sort.SliceStable(pages, func(i, j int) bool { return newerFirst(pages[i], pages[j]) })
	sort.Slice(standalone, func(i, j int) bool { return standalone[i].SourcePath < standalone[j].SourcePath })
	var errs report.List
	byURL := make(map[string]*Page, len(all))
	// Check in path order, so the earlier file keeps the URL in messages.
	byPath := append([]*Page(nil), all...)
	sort.Slice(byPath, func(i, j int) bool { return byPath[i].SourcePath < byPath[j].SourcePath })
	for _, p := range byPath {
		if first, taken := byURL[p.URL]; taken {
			errs = append(errs, report.Errorf(p.SourcePath, p.SlugLine,
				"URL %s is already the URL of %s; give one of them another slug (slug: ...) or file name", p.URL, first.SourcePath))
			continue
		}
		byURL[p.URL] = p
	}
	site := &Site{Config: cfg, Pages: pages, Standalone: standalone, Sections: map[string][]*Page{}}
	site.Redirects, errs = collectRedirects(cfg, byPath, byURL, errs)
	for _, p := range pages {
		site.Sections[p.Section] = append(site.Sections[p.Section], p)
	}
	for _, name := range cfg.Taxonomies {
		termsOf := func(p *Page) []string { return p.Terms[name] }
		if name == "tags" {
			termsOf = func(p *Page) []string { return p.Tags }
		}
		terms, termErrs := collectTerms(name, pages, termsOf)
		errs = append(errs, termErrs...)
		site.Taxonomies = append(site.Taxonomies, &Taxonomy{Name: name, Terms: terms})
		if name == "tags" {
			site.Tags = terms
		}
	}
	linkPages(site, func() { findRelated(pages, site.Tags, memo) })
	return site, errs
}

// linkPages sets what each page shows of the others: its neighbours, its
// related pages (which setRelated finds) and whether a feed carries it.
func linkPages(site *Site, setRelated func()) {
	for _, list := range site.Sections {
		for i, p := range list {
			if i > 0 {
				p.next = list[i-1]
			}
			if i+1 < len(list) {
				p.prev = list[i+1]
			}
		}
	}
	packTags(site.Pages)
	setRelated()
	markFeedEntries(site.Pages)
	for _, tax := range site.Taxonomies {
		for _, t := range tax.Terms {
			markFeedEntries(t.Pages)
		}
	}
}

// collectRedirects lists every page's old URLs, refusing one that would
// leave the output folder, take a file of the site's own, or that another
// page or alias already has.
func collectRedirects(cfg config.Config, pages []*Page, byURL map[string]*Page, errs report.List) ([]Redirect, report.List) {
	type owner struct {
		page  *Page
		alias bool
	}
	var out []Redirect
	owners := make(map[string]owner, len(byURL))
	for url, p := range byURL {
		owners[permalink.File(url)] = owner{page: p}
	}
	for _, p := range pages {
		for _, alias := range p.Aliases {
			file, err := permalink.AliasFile(alias)
			if err != nil {
				errs = append(errs, report.Errorf(p.SourcePath, p.AliasLine, "aliases: %q: %v", alias, err))
				continue
			}
			if list := listOutput(cfg, file); list != "" {
				errs = append(errs, report.Errorf(p.SourcePath, p.AliasLine, "aliases: %q is where the site's %s is; choose another old path", alias, list))
				continue
			}
			if o, taken := owners[file]; taken {
				switch {
				case o.page == p:
					// The page's own URL, or written twice: nothing more to do.
				case o.alias:
					errs = append(errs, report.Errorf(p.SourcePath, p.AliasLine, "aliases: %q is already an alias of %s; keep it on one page", alias, o.page.SourcePath))
				default:
					errs = append(errs, report.Errorf(p.SourcePath, p.AliasLine, "aliases: %q is the URL of %s; an alias cannot replace a page", alias, o.page.SourcePath))
				}
				continue
			}
			owners[file] = owner{page: p, alias: true}
			out = append(out, Redirect{File: file, Page: p})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, errs
}

// packTags moves every page's tags into one array, as assemble does the
// related pages: each page's list was a slice of its own, alive for the
// whole build, one more object a page for the collector to mark in each
// cycle. The lists they came from are left as they were (a page from the
// cache shares its record's).
func packTags(pages []*Page) {
	n := 0
	for _, p := range pages {
		n += len(p.Tags)
	}
	all := make([]string, 0, n)
	for _, p := range pages {
		if len(p.Tags) > 0 {
			start := len(all)
			all = append(all, p.Tags...)
			p.Tags = all[start:len(all):len(all)]
		}
	}
}

// markFeedEntries flags the pages a feed of this list carries, so that
// only their full content is kept in memory for the feeds.
func markFeedEntries(pages []*Page) {
	for _, p := range pages[:min(len(pages), FeedSize)] {
		p.inFeed = true
	}
}

func newerFirst(a, b *Page) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.SourcePath < b.SourcePath
}

// listOutput names the list page an output file belongs to, or "": the
// sections' lists, the home page's pages, the taxonomies and the form.
func listOutput(cfg config.Config, file string) string {
	first, rest, _ := strings.Cut(file, "/")
	switch {
	case first == "page":
		return "home page's pages"
	case first == "submit":
		return "story form"
	case (first == config.SectionPosts || first == config.SectionStories) && (rest == "index.html" || strings.HasPrefix(rest, "page/")):
		return first + " list"
	case slices.Contains(cfg.Taxonomies, first):
		return first + " pages"
	}
	return ""
}
