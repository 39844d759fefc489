package generator

import (
	"crypto/sha256"
	"slices"

	"github.com/rainmaker-blog/rainmaker/generator/layouts"
)

// siteMemo is what the dev server's last build assembled and planned.
// While an author writes, most saves change a body and no page's
// metadata: the site then has the same order, sections, terms, related
// pages and redirects as the build before, with the edited pages in
// place of their old selves, and every key that none of them enters is
// the key it was. Each memo is checked against what it was made from,
// so a build that takes it makes the same files as one that does not
// (TestDevRebuildsEqualClean).
type siteMemo struct {
	metadata [32]byte // see metadataFingerprint
	pages    []*Page  // as the site was assembled from them, in order
	site     *Site
	related  relatedMemo

	// Set by each build's assemble stage: whether the last site was taken
	// again, and then which of this build's pages are new objects (their
	// source changed).
	reused  bool
	changed map[*Page]bool

	build int // assemble stages run, this one included
	keys  keyMemo
}

// keyMemo holds the keys of the last plan's pages and lists, in plan
// order, and the sitemap, all made with the layouts of layoutsHash.
type keyMemo struct {
	build          int // that planned them
	layoutsHash    [32]byte
	year           int
	pagePaths      []string
	pageKeys       []outputKey
	listPaths      []string
	listKeys       []outputKey
	sitemapEntries []sitemapURL
	sitemapKey     outputKey
}

// metadataFingerprint hashes everything assembling the site and the keys
// of other files read of each page: its place, title, dates, terms and
// old URLs (linkID and the list keys take a page's body through its
// identity). inputs covers the config and the build's options. Each
// page's part is hashed once: the dev build keeps the pages whose source
// is unchanged.
func metadataFingerprint(inputs string, pages []*Page) [32]byte {
	h := sha256.New()
	h.Write([]byte(inputs))
	for _, p := range pages {
		if p.MetadataKey == (outputKey{}) {
			p.MetadataKey = pageMetadata(p)
		}
		h.Write(p.MetadataKey[:])
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

func pageMetadata(p *Page) outputKey {
	k := newKey().str(p.SourcePath).str(p.Section).str(p.URL).str(p.Title).time(p.Date).time(p.Lastmod)
	strs := func(list []string) {
		k.int(int64(len(list)))
		for _, s := range list {
			k.str(s)
		}
	}
	strs(p.Tags)
	strs(p.Aliases)
	names := make([]string, 0, len(p.Terms))
	for name := range p.Terms {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		k.str(name)
		strs(p.Terms[name])
	}
	return k.str("").sum() // "" ends the terms
}

// assembleReusing assembles the site, or, when no page's metadata
// changed since the memo's build, takes that build's site with the
// changed pages in place. A nil memo (every build but the dev server's)
// always assembles.
func assembleReusing(cfg Config, inputs string, all []*Page, memo *siteMemo) (*Site, ErrorList) {
	if memo == nil {
		return assemble(cfg, all, nil)
	}
	memo.build++
	fingerprint := metadataFingerprint(inputs, all)
	if memo.site != nil && memo.metadata == fingerprint && len(memo.pages) == len(all) {
		site := memo.reuse(cfg, all)
		linkPages(site, func() { memo.related.apply(site.Pages) })
		return site, nil
	}
	site, errs := assemble(cfg, all, &memo.related)
	memo.reused, memo.changed = false, nil
	memo.site, memo.pages, memo.metadata = nil, nil, fingerprint
	if len(errs) == 0 {
		memo.site, memo.pages = site, all
	}
	return site, errs
}

// reuse copies the memo's site with each page of all in place of the
// page at its index the last time.
func (m *siteMemo) reuse(cfg Config, all []*Page) *Site {
	swap := map[*Page]*Page{}
	m.changed = map[*Page]bool{}
	for i, p := range all {
		if old := m.pages[i]; old != p {
			swap[old] = p
			m.changed[p] = true
		}
	}
	in := func(list []*Page) []*Page {
		out := make([]*Page, len(list))
		for i, p := range list {
			if q, ok := swap[p]; ok {
				p = q
			}
			out[i] = p
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
	site.Redirects = make([]redirect, len(old.Redirects))
	for i, rd := range old.Redirects {
		site.Redirects[i] = redirect{file: rd.file, page: in([]*Page{rd.page})[0]}
	}
	m.site, m.pages, m.reused = site, all, true
	return site
}

// planKeys gives the plan the keys the memo holds for this build, or
// nil when none holds: the site was assembled anew, the build before did
// not get as far as its plan, or the layouts or the year changed.
func (m *siteMemo) planKeys(l *layouts.Layouts, year int) *keyMemo {
	if m == nil || !m.reused || m.keys.build != m.build-1 || m.keys.layoutsHash != l.Hash() || m.keys.year != year {
		return nil
	}
	return &m.keys
}

// unchanged reports whether none of pages changed since the memo's build.
func (m *siteMemo) unchanged(pages []*Page) bool {
	for _, p := range pages {
		if m.changed[p] {
			return false
		}
	}
	return true
}

// remember keeps this plan's keys for the next build.
func (m *siteMemo) remember(pl *plan, lists int, l *layouts.Layouts, year int, entries []sitemapURL, sitemapKey outputKey) {
	k := keyMemo{build: m.build, layoutsHash: l.Hash(), year: year, sitemapEntries: entries, sitemapKey: sitemapKey,
		pagePaths: make([]string, len(pl.pages)), pageKeys: make([]outputKey, len(pl.pages)),
		listPaths: make([]string, lists), listKeys: make([]outputKey, lists)}
	for i, j := range pl.pages {
		k.pagePaths[i], k.pageKeys[i] = j.path, j.key
	}
	for i, j := range pl.rest[:lists] {
		k.listPaths[i], k.listKeys[i] = j.path, j.key
	}
	m.keys = k
}
