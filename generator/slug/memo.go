package slug

import (
	"sync"
	"sync/atomic"
)

// CachedTerm is Term, remembered: a site has a few hundred tag spellings,
// and their segments are needed for every page in several places
// (reading the page's terms, tag pages, links, related pages, feeds). The
// memo is bounded, so a long-running dev server cannot grow it without end.
func CachedTerm(term string) string {
	if s, ok := cachedTerms.Load(term); ok {
		return s.(string)
	}
	s := Term(term)
	if cachedTermCount.Add(1) <= maxCachedTerms {
		cachedTerms.Store(term, s)
	}
	return s
}

const maxCachedTerms = 1 << 14

var (
	cachedTerms     sync.Map
	cachedTermCount atomic.Int64
)
