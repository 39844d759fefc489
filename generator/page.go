package generator

import (
	"html/template"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
)

// Page is one article or story: its metadata, kept in memory for the whole
// build, and the few rendered pieces that list pages and feeds need. The
// full body is rendered when the page itself is written, not kept.
type Page struct {
	content.Meta // what the file's path and front matter say

	// Set when the site is assembled.
	related    []*Page
	prev, next *Page // older and newer neighbours in the section
	inFeed     bool  // among the newest entries of some feed

	// Filled when the body is rendered.
	SummaryHTML template.HTML
	WordCount   int
	feedContent string        // the body with absolute links, for inFeed pages
	card        template.HTML // the card's HTML, rendered or from the cache

	// For the build cache.
	sourceSize, sourceModTime int64
	sourceHash                [32]byte
	identity, linkID          outputKey // see identify
	metadata                  outputKey // see metadataFingerprint

	// What rendering the body and the card left; kept from the build
	// before while the source is unchanged.
	rendered bool     // SummaryHTML and WordCount are the body's, and feedContent when hasFeed
	hasFeed  bool     // feedContent is set
	cardHash [32]byte // of the layouts card was made with
}

// ReadingMinutes estimates reading time at 220 words a minute, at least 1.
func (p *Page) ReadingMinutes() int {
	return max(1, (p.WordCount+219)/220)
}

// layoutKind is the layout a page is rendered with.
func (p *Page) layoutKind() string {
	if p.Section == SectionPages {
		return "page"
	}
	return "single"
}

// Updated is the last modification time: lastmod, else date.
func (p *Page) Updated() time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	return p.Date
}

// takeRendering takes what rendering left from the record of a source
// with the same content.
func (p *Page) takeRendering(r *pageRecord) {
	if !r.Rendered {
		return
	}
	p.SummaryHTML, p.WordCount, p.feedContent = template.HTML(r.SummaryHTML), r.WordCount, r.FeedContent
	p.card, p.cardHash, p.rendered, p.hasFeed = template.HTML(r.Card), r.CardHash, true, r.HasFeed
}

// forNextBuild readies a page of the last dev build, whose source is
// unchanged, for the next: what assembling the site sets is set again.
func (p *Page) forNextBuild() *Page {
	p.related, p.prev, p.next, p.inFeed = nil, nil, nil, false
	return p
}
