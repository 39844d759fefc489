package render

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io/fs"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// Every output file has a key: a hash of everything its bytes are made
// from, starting with the inputs every file shares (the config, the
// build's options and the program, see inputsHash). A file whose key is as the previous build left it, and whose
// file is as that build left it, is carried, not made again. All keys are
// made here, so that what an output depends on is read in one place.

type outputKey = publish.Key

// keyContext is what every key starts from.
type keyContext struct {
	inputs  string
	layouts *layouts.Layouts
	year    int // of the copyright line
}

func (c keyContext) key(kind string) *keyHasher { return newKey().str(c.inputs).str(kind) }

// identify sets what the keys of other files take a page for: its source
// and place (IdentityKey), and what a link to it shows (LinkKey). Made once
// per page, so that a list's key hashes 16 bytes a page, not its texts.
func identify(p *site.Page) {
	if p.IdentityKey != (outputKey{}) {
		return // taken from the cache with the page, whose source is unchanged
	}
	p.IdentityKey = newKey().hash(p.SourceHash).str(p.SourcePath).str(p.URL).sum()
	p.LinkKey = newKey().str(p.URL).str(p.Title).time(p.Date).str(p.Section).sum()
}

// page: a page's own file shows its source, the layouts of its kind,
// the links to its related pages and neighbours, and the year of the
// copyright line.
func (c keyContext) page(p *site.Page) outputKey {
	kind := layoutKind(p)
	k := c.key(kind).hash(c.layouts.KindHash(kind)).page(p).int(int64(c.year)).int(int64(len(p.Related())))
	for _, rel := range p.Related() {
		k.link(rel)
	}
	for _, n := range []*site.Page{p.Prev(), p.Next()} {
		if n != nil {
			k.link(n)
		} else {
			k.str("")
		}
	}
	return k.sum()
}

// list: a page of a list shows the cards of its pages (each made from
// its page's source and the card layouts), its place among the list's
// pages, on a term's list the term's name and counts, and on the wall of
// results its filters, whose counts other pages change.
func (c keyContext) list(kind, rel, title, description string, pg pagerPage, tag *site.Tag, filters []layouts.FilterLink) outputKey {
	k := c.key(kind).hash(c.layouts.KindHash(kind)).hash(c.layouts.CardHash()).str(rel).str(title).str(description).
		int(int64(pg.Number)).int(int64(pg.Total)).int(int64(c.year))
	if tag != nil {
		articles, stories := sectionCounts(tag.Pages)
		k.str(tag.Name).int(int64(len(tag.Pages))).int(int64(articles)).int(int64(stories))
	}
	k.int(int64(len(filters)))
	for _, f := range filters {
		k.str(f.Name).str(f.URL).int(int64(f.Count))
		if f.Current {
			k.str("current")
		}
	}
	for _, p := range pg.Pages {
		k.page(p)
	}
	return k.sum()
}

// feed: a feed holds its newest entries whole. An empty feed is dated
// now.
func (c keyContext) feed(title, subtitle, feedPath, htmlPath string, entries []*site.Page, now time.Time) outputKey {
	k := c.key("feed").str(title).str(subtitle).str(feedPath).str(htmlPath)
	if len(entries) == 0 {
		k.time(now)
	}
	for _, p := range entries {
		k.page(p)
	}
	return k.sum()
}

// sitemap: the sitemap lists every URL with its last change.
func (c keyContext) sitemap(entries []sitemapURL) outputKey {
	k := c.key("sitemap")
	for _, u := range entries {
		k.str(u.Loc).str(u.Lastmod)
	}
	return k.sum()
}

// terms: a taxonomy's index names each term with its URL and count.
func (c keyContext) terms(tax *site.Taxonomy) outputKey {
	k := c.key("terms").str(tax.Name).hash(c.layouts.KindHash("tags")).int(int64(c.year))
	for _, t := range tax.Terms {
		articles, stories := sectionCounts(t.Pages)
		k.str(t.Name).str(t.Slug).int(int64(len(t.Pages))).int(int64(articles)).int(int64(stories))
	}
	return k.sum()
}

// form: the story form, its thanks page and the OpenAPI document list
// the site's tags as the topics a story may have.
func (c keyContext) form(kind string, tags []*site.Tag) outputKey {
	k := c.key("form").str(kind).hash(c.layouts.KindHash(kind)).int(int64(c.year))
	for _, t := range tags {
		k.str(t.Name)
	}
	return k.sum()
}

// layout: a page made of a layout and the config alone (404.html).
func (c keyContext) layout(kind string) outputKey {
	return c.key("layout").str(kind).hash(c.layouts.KindHash(kind)).int(int64(c.year)).sum()
}

// config: a file made of the config alone (robots.txt).
func (c keyContext) config(name string) outputKey { return c.key("config").str(name).sum() }

// redirect: a redirect page names its page's URL and title.
func (c keyContext) redirect(p *site.Page) outputKey { return c.key("redirect").link(p).sum() }

// redirects: _redirects lists every old URL and the URL it sends to.
func (c keyContext) redirects(redirects []site.Redirect) outputKey {
	k := c.key("redirects")
	for _, rd := range redirects {
		k.str(rd.File).str(rd.Page.URL)
	}
	return k.sum()
}

// static: a copied file is its source, recognised by its stamp; the
// built-in theme's files change only with the program.
func (c keyContext) static(srcPath string, builtIn bool, info fs.FileInfo) outputKey {
	k := c.key("static").str(srcPath).int(info.Size()).int(info.ModTime().UnixNano())
	if builtIn {
		k.str("built-in")
	}
	return k.sum()
}

// keyHasher builds a key from the parts an output is made from. Each part
// is written with its length or a fixed size, so that no two different
// lists of parts hash alike.
type keyHasher struct {
	h   hash.Hash
	buf []byte
}

func newKey() *keyHasher { return hashers.Get().(*keyHasher) }

func (k *keyHasher) str(s string) *keyHasher {
	k.buf = binary.AppendUvarint(k.buf[:0], uint64(len(s)))
	k.buf = append(k.buf, s...)
	k.h.Write(k.buf)
	return k
}

func (k *keyHasher) int(v int64) *keyHasher {
	k.h.Write(binary.AppendVarint(k.buf[:0], v))
	return k
}

func (k *keyHasher) time(t time.Time) *keyHasher {
	_, offset := t.Zone()
	return k.int(t.UnixNano()).int(int64(offset))
}

func (k *keyHasher) hash(sum [32]byte) *keyHasher { return k.raw(sum[:]) }

// page adds what identifies a page's own content (see identify).
func (k *keyHasher) page(p *site.Page) *keyHasher { return k.raw(p.IdentityKey[:]) }

// link adds what a link to a page shows of it (see identify).
func (k *keyHasher) link(p *site.Page) *keyHasher { return k.raw(p.LinkKey[:]) }

func (k *keyHasher) raw(b []byte) *keyHasher {
	k.h.Write(b)
	return k
}

// sum returns the key and gives the hasher back for another key.
func (k *keyHasher) sum() outputKey {
	var out outputKey
	copy(out[:], k.h.Sum(k.buf[:0]))
	k.h.Reset()
	hashers.Put(k)
	return out
}

var hashers = sync.Pool{New: func() any { return &keyHasher{h: sha256.New(), buf: make([]byte, 0, 256)} }}
