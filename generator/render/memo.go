package render

import (
	"crypto/sha256"
	"slices"

	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// Memo is what the dev server's last build assembled and planned. The
// site is site.Memo's: while no page's metadata changes, it is the site
// of the build before with the edited pages in place of their old
// selves, and then every key that none of them enters is the key it was.
// Each memo is checked against what it was made from, so a build that
// takes it makes the same files as one that does not (generator's
// TestDevRebuildsEqualClean). The zero Memo holds nothing.
type Memo struct {
	site.Memo
	keys keyMemo
}

// keyMemo holds the keys of the last plan's pages and lists, in plan
// order, and the sitemap, all made with the layouts of layoutsHash.
type keyMemo struct {
	build          int // that planned them
	layoutsHash    [32]byte
	year           int
	imagesKey      [32]byte
	pagePaths      []string
	pageKeys       []outputKey
	listPaths      []string
	listKeys       []outputKey
	sitemapEntries []sitemapURL
	sitemapKey     outputKey
}

// MetadataFingerprint is what the dev build gives Memo's Assemble: a hash
// of everything assembling the site and the keys of other files read of
// each page: its place, title, dates, terms, old URLs and whether it is
// featured (LinkKey and the list keys take a page's body through its
// IdentityKey). inputs covers
// the config and the build's options. Each page's part is hashed once:
// the dev build keeps the pages whose source is unchanged.
func MetadataFingerprint(inputs string, pages []*site.Page) [32]byte {
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

func pageMetadata(p *site.Page) outputKey {
	k := newKey().str(p.SourcePath).str(p.Section).str(p.URL).str(p.Title).time(p.Date).time(p.Lastmod)
	if p.Featured {
		k.str("featured") // it orders the home page and the wall of results
	} else {
		k.str("")
	}
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

// planKeys gives the plan the keys the memo holds for this build, or
// nil when none holds: the site was assembled anew, the build before did
// not get as far as its plan, or the layouts, the year or the images
// changed.
func (m *Memo) planKeys(l *layouts.Layouts, year int, images [32]byte) *keyMemo {
	if m == nil || !m.Reused() || m.keys.build != m.Build()-1 || m.keys.layoutsHash != l.Hash() || m.keys.year != year ||
		m.keys.imagesKey != images {
		return nil
	}
	return &m.keys
}

// remember keeps this plan's keys for the next build.
func (m *Memo) remember(pl *Plan, lists int, l *layouts.Layouts, year int, images [32]byte, entries []sitemapURL, sitemapKey outputKey) {
	k := keyMemo{build: m.Build(), layoutsHash: l.Hash(), year: year, imagesKey: images, sitemapEntries: entries, sitemapKey: sitemapKey,
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
