package generator

import (
	"sort"
	"strconv"
)

// Site is the assembled site: every published page, in order, and the
// lists built from them. It holds metadata only.
type Site struct {
	Config   Config
	Pages    []*Page            // newest first
	Sections map[string][]*Page // newest first
	Tags     []*Tag             // by page count, then name
}

// assemble orders pages newest first, groups them by section and rejects
// two pages that would be written to the same URL.
func assemble(cfg Config, pages []*Page) (*Site, ErrorList) {
	sort.SliceStable(pages, func(i, j int) bool { return newerFirst(pages[i], pages[j]) })
	var errs ErrorList
	byURL := make(map[string]*Page, len(pages))
	// Check in path order, so the earlier file keeps the URL in messages.
	byPath := append([]*Page(nil), pages...)
	sort.Slice(byPath, func(i, j int) bool { return byPath[i].SourcePath < byPath[j].SourcePath })
	for _, p := range byPath {
		if first, taken := byURL[p.URL]; taken {
			errs = append(errs, fileErrorf(p.SourcePath, p.slugLine,
				"URL %s is already the URL of %s; give one of them another slug (slug: ...) or file name", p.URL, first.SourcePath))
			continue
		}
		byURL[p.URL] = p
	}
	site := &Site{Config: cfg, Pages: pages, Sections: map[string][]*Page{}}
	for _, p := range pages {
		site.Sections[p.Section] = append(site.Sections[p.Section], p)
	}
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
	packTags(pages)
	site.Tags = collectTags(pages)
	related := newRelatedIndex(pages, site.Tags)
	// One array holds every page's related pages: one object for the
	// collector to mark, where it had one a page.
	slots := make([]*Page, len(pages)*maxRelated)
	parallel(len(pages), func(i int) { // the index is only read
		pages[i].related = related.related(i, slots[i*maxRelated:i*maxRelated:(i+1)*maxRelated])
	})
	markFeedEntries(pages)
	for _, t := range site.Tags {
		markFeedEntries(t.Pages)
	}
	return site, errs
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
	for _, p := range pages[:min(len(pages), feedSize)] {
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

// pagerPage is one page of a paginated list.
type pagerPage struct {
	Number, Total int
	Pages         []*Page
	base          string // the list's first page URL, like "/posts/"
}

// paginate splits a list into pages of perPage; an empty list still has
// one (empty) page, so that its URL exists.
func paginate(base string, pages []*Page, perPage int) []pagerPage {
	total := max(1, (len(pages)+perPage-1)/perPage)
	out := make([]pagerPage, total)
	for i := range out {
		lo := i * perPage
		hi := min(lo+perPage, len(pages))
		out[i] = pagerPage{Number: i + 1, Total: total, Pages: pages[lo:hi], base: base}
	}
	return out
}

// pageURL is the site-relative URL of page n of a list at base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

func (p pagerPage) URL() string { return pageURL(p.base, p.Number) }

func sectionTitle(section string) string {
	switch section {
	case SectionPosts:
		return "Articles"
	case SectionStories:
		return "Success stories"
	}
	return section
}
