package generator

import (
	"sync"
	"sync/atomic"

	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// Slugify turns a title, file name or tag into a URL path segment; see
// slug.Make.
func Slugify(s string) string { return slug.Make(s) }

// tagSlug is the URL segment of a tag or category (slug.Term), remembered: a site has a few hundred tag
// spellings, and their slugs are needed for every page in several places
// (tag pages, links, related pages, feeds). The memo is bounded, so a
// long-running dev server cannot grow it without end.
func tagSlug(tag string) string {
	if s, ok := tagSlugs.Load(tag); ok {
		return s.(string)
	}
	s := slug.Term(tag)
	if tagSlugCount.Add(1) <= maxTagSlugs {
		tagSlugs.Store(tag, s)
	}
	return s
}

const maxTagSlugs = 1 << 14

var (
	tagSlugs     sync.Map
	tagSlugCount atomic.Int64
)
