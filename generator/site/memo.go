package site

import (
	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// Memo is what the dev server's last build assembled. While an author
// writes, most saves change a body and no page's metadata: the site then
// has the same order, sections, terms, related pages and redirects as the
// build before, with the edited pages in place of their old selves. The
// memo is checked against what it was made from, so a build that takes it
// makes the same files as one that does not (generator's
// TestDevRebuildsEqualClean). The zero Memo has assembled nothing.
type Memo struct {
	metadata [32]byte // the fingerprint the site was assembled with
	pages    []*Page  // as the site was assembled from them, in order
	site     *Site
	related  relatedMemo

	// Set by each Assemble: whether the last site was taken again, and
	// then which of this build's pages are new objects (their source
	// changed).
	reused  bool
	changed map[*Page]bool

	build int // Assemble calls, this one included
}

// Assemble assembles the site, or, when no page's metadata changed since
// the memo's build, takes that build's site with the changed pages in
// place. fingerprint stands for the config and everything assembling
// reads of every page, in order (render.MetadataFingerprint): the
// memo's site is taken again when it is the one the site was assembled
// with and the pages are as many.
func (m *Memo) Assemble(cfg config.Config, fingerprint [32]byte, all []*Page) (*Site, report.List) {
	m.build++
	if m.site != nil && m.metadata == fingerprint && len(m.pages) == len(all) {
		site := m.reuse(cfg, all)
		linkPages(site, func() { m.related.apply(site.Pages) })
		return site, nil
	}
	site, errs := assemble(cfg, all, &m.related)
	m.reused, m.changed = false, nil
	m.site, m.pages, m.metadata = nil, nil, fingerprint
	if len(errs) == 0 {
		m.site, m.pages = site, all
	}
	return site, errs
}

// Reused reports whether the last Assemble took the site of the build
// before it.
func (m *Memo) Reused() bool { return m.reused }

// Build is the number of the last Assemble: 1 for the first.
func (m *Memo) Build() int { return m.build }

// Unchanged reports whether none of pages changed since the memo's build.
func (m *Memo) Unchanged(pages []*Page) bool {
	for _, p := range pages {
		if m.changed[p] {
			return false
		}
	}
	return true
}

// reuse copies the memo's site with each page of all in place of the
// page at its index the last time.
func (m *Memo) reuse(cfg config.Config, all []*Page) *Site {
	swap := map[*Page]*Page{}
	m.changed = map[*Page]bool{}
	for i, p := range all {
		if old := m.pages[i]; old != p {
			swap[old] = p
			m.changed[p] = true
		}
	}
	now := func(p *Page) *Page {
		if q, ok := swap[p]; ok {
			return q
		}
		return p
	}
	in := func(list []*Page) []*Page {
		out := make([]*Page, len(list))
		for i, p := range list {
			out[i] = now(p)
		}
		return out
	}
	old := m.site
	site := &Site{Config: cfg, Pages: in(old.Pages), Standalone: in(old.Standalone), Sections: make(map[string][]*Page, len(old.Sections))}
	for name, list := range old.Sections {
		site.Sections[name] = in(list)
	}
	tags := map[*Tag]*Tag{}
	for _, tax := range old.Taxonomies {
		terms := make([]*Tag, len(tax.Terms))
		for i, t := range tax.Terms {
			copied := *t
			copied.Pages = in(t.Pages)
			terms[i], tags[t] = &copied, &copied
		}
		site.Taxonomies = append(site.Taxonomies, &Taxonomy{Name: tax.Name, Terms: terms})
	}
	site.Tags = make([]*Tag, len(old.Tags))
	for i, t := range old.Tags {
		site.Tags[i] = tags[t]
	}
	site.Redirects = make([]Redirect, len(old.Redirects))
	for i, rd := range old.Redirects {
		site.Redirects[i] = Redirect{File: rd.File, Page: now(rd.Page)}
	}
	m.site, m.pages, m.reused = site, all, true
	return site
}
