package site

import (
	"html/template"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
)

// Page is one article or story: its metadata, kept in memory for the whole
// build, and the few rendered pieces that list pages and feeds need. The
// full body is rendered when the page itself is written, not kept.
//
// Assembling the site sets its links to other pages; the later stages
// (packages render and generator) fill in the rest: what rendering left,
// and what the cache and the output keys need.
type Page struct {
	content.Meta // what the file's path and front matter say

	// Set when the site is assembled; read through Related, Prev, Next
	// and InFeed.
	related    []*Page
	prev, next *Page // older and newer neighbours in the section
	inFeed     bool  // among the newest entries of some feed

	// Filled when the body is rendered.
	SummaryHTML template.HTML
	WordCount   int
	FeedContent string        // the body with absolute links, for pages InFeed
	Card        template.HTML // the card's HTML, rendered or from the cache

	// For the build cache and the keys.
	SourceSize, SourceModTime int64    // the source file's stamp
	SourceHash                [32]byte // of the source file
	IdentityKey, LinkKey      [16]byte // keys of its content and of a link to it; see render's identify
	MetadataKey               [16]byte // of what assembling and the keys read of it; see render.MetadataFingerprint

	// What rendering the body and the card left; kept from the build
	// before while the source is unchanged.
	Rendered bool     // SummaryHTML and WordCount are the body's, and FeedContent when HasFeed
	HasFeed  bool     // FeedContent is set
	CardHash [32]byte // of the layouts Card was made with
	// ImagesKey is the fingerprint of the site's images (render's
	// ImageSet.Key) the summary was rendered with: it shows their sizes.
	ImagesKey [32]byte
	// RenderNotes are the warnings rendering the body gave (a missing
	// image, an unknown callout), replaced each time it is rendered.
	RenderNotes []content.Note
	// MissingFiles are the site paths of files the body names that the
	// site did not have: when one arrives, the body is rendered again.
	MissingFiles []string
}

// Related is the pages that share the most tags with this one, at most
// maxRelated, newest first among equals.
func (p *Page) Related() []*Page { return p.related }

// Prev is the older neighbour in the page's section, or nil.
func (p *Page) Prev() *Page { return p.prev }

// Next is the newer neighbour in the page's section, or nil.
func (p *Page) Next() *Page { return p.next }

// InFeed reports whether the page is among the newest entries of some
// feed, which carries its full content.
func (p *Page) InFeed() bool { return p.inFeed }

// ReadingMinutes estimates reading time at 220 words a minute, at least 1.
func (p *Page) ReadingMinutes() int {
	return max(1, (p.WordCount+219)/220)
}

// Updated is the last modification time: lastmod, else date.
func (p *Page) Updated() time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	return p.Date
}

// ForNextBuild readies a page of the last dev build, whose source is
// unchanged, for the next: what assembling the site sets is set again.
func (p *Page) ForNextBuild() *Page {
	p.related, p.prev, p.next, p.inFeed = nil, nil, nil, false
	return p
}
