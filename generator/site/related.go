package site

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"github.com/rainmaker-blog/rainmaker/generator/slug"
	"github.com/rainmaker-blog/rainmaker/internal/parallel"
)

// maxRelated is how many related pages each page lists.
const maxRelated = 3

// maxRelatedTags bounds the tag subsets indexed per page: 2^6 subsets at
// most. Pages sharing more tags than this rank as sharing this many.
const maxRelatedTags = 6

// relatedIndex finds, for each page, the pages that share the most tags
// with it, newest first among equals, without comparing every pair of
// pages.
//
// It indexes every page under each subset of its tags. The pages sharing
// at least c tags with P are exactly those listed under one of P's
// c-subsets, and each list is newest first, so walking c from high to low
// and merging the heads of those lists yields the answer after reading a
// handful of entries per list: the cost per page depends on its own tag
// count, not on the size of the site.
type relatedIndex struct {
	pages  []*Page             // newest first; list entries index this
	tagIDs map[string]uint32   // tag slug -> small id
	lists  map[string]*[]int32 // tag subset key -> pages, newest first
}

func newRelatedIndex(pages []*Page, tags []*Tag) *relatedIndex {
	idx := &relatedIndex{pages: pages, tagIDs: make(map[string]uint32, len(tags)), lists: map[string]*[]int32{}}
	for i, t := range tags {
		idx.tagIDs[t.Slug] = uint32(i)
	}
	for i, p := range pages {
		ids := idx.ids(p)
		forEachSubset(ids, func(key []byte, _ int) {
			list := idx.lists[string(key)] // no allocation for a lookup
			if list == nil {
				list = new([]int32)
				idx.lists[string(key)] = list
			}
			*list = append(*list, int32(i))
		})
	}
	return idx
}

// ids returns a page's tag ids, sorted, at most maxRelatedTags of them.
func (idx *relatedIndex) ids(p *Page) []uint32 {
	ids := make([]uint32, 0, len(p.Tags))
	for _, t := range p.Tags {
		ids = append(ids, idx.tagIDs[slug.CachedTerm(t)])
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > maxRelatedTags {
		ids = ids[:maxRelatedTags]
	}
	return ids
}

// forEachSubset calls fn with the key and size of every non-empty subset;
// the key is only valid during the call.
func forEachSubset(ids []uint32, fn func(key []byte, size int)) {
	buf := make([]byte, 0, len(ids)*binary.MaxVarintLen32)
	for mask := 1; mask < 1<<len(ids); mask++ {
		buf, size := buf[:0], 0
		for b, id := range ids {
			if mask&(1<<b) != 0 {
				buf = binary.AppendUvarint(buf, uint64(id))
				size++
			}
		}
		fn(buf, size)
	}
}

// related returns up to maxRelated pages for page number self, in dst's
// memory (its capacity must be maxRelated).
func (idx *relatedIndex) related(self int, dst []*Page) []*Page {
	ids := idx.ids(idx.pages[self])
	if len(ids) == 0 {
		return nil
	}
	bySize := make([][][]int32, len(ids)+1)
	forEachSubset(ids, func(key []byte, size int) {
		bySize[size] = append(bySize[size], *idx.lists[string(key)])
	})
	chosen := make([]int32, 0, maxRelated)
	taken := func(i int32) bool { return i == int32(self) || slices.Contains(chosen, i) }
	for size := len(ids); size >= 1 && len(chosen) < maxRelated; size-- {
		lists := bySize[size]
		heads := make([]int, len(lists))
		for len(chosen) < maxRelated {
			// The newest page not yet taken at the head of any list:
			// lists hold page numbers, and lower numbers are newer.
			best := int32(-1)
			for l, list := range lists {
				for heads[l] < len(list) && taken(list[heads[l]]) {
					heads[l]++
				}
				if heads[l] < len(list) && (best < 0 || list[heads[l]] < best) {
					best = list[heads[l]]
				}
			}
			if best < 0 {
				break
			}
			chosen = append(chosen, best)
		}
	}
	out := dst[:len(chosen)]
	for i, c := range chosen {
		out[i] = idx.pages[c]
	}
	return out
}

// findRelated sets every page's related pages. With a memo, the related
// pages of the build before are taken again when what they were found from
// (every page's path and tags, in order) is unchanged: the dev server's
// rebuild after an edit of a body then does not search again.
func findRelated(pages []*Page, tags []*Tag, memo *relatedMemo) {
	var inputs [32]byte
	if memo != nil {
		h := sha256.New()
		var buf []byte
		for _, p := range pages {
			buf = binary.AppendUvarint(buf[:0], uint64(len(p.SourcePath)))
			buf = append(buf, p.SourcePath...)
			buf = binary.AppendUvarint(buf, uint64(len(p.Tags)))
			for _, t := range p.Tags {
				s := slug.CachedTerm(t)
				buf = binary.AppendUvarint(buf, uint64(len(s)))
				buf = append(buf, s...)
			}
			h.Write(buf)
		}
		h.Sum(inputs[:0])
		if memo.bySource != nil && memo.inputs == inputs {
			memo.apply(pages)
			return
		}
	}
	idx := newRelatedIndex(pages, tags)
	// One array holds every page's related pages: one object for the
	// collector to mark, where it had one a page.
	slots := make([]*Page, len(pages)*maxRelated)
	parallel.For(len(pages), func(i int) { // the index is only read
		pages[i].related = idx.related(i, slots[i*maxRelated:i*maxRelated:(i+1)*maxRelated])
	})
	if memo != nil {
		memo.inputs, memo.bySource = inputs, make(map[string][]int32, len(pages))
		at := make(map[*Page]int32, len(pages))
		for i, p := range pages {
			at[p] = int32(i)
		}
		for _, p := range pages {
			list := make([]int32, len(p.related))
			for j, r := range p.related {
				list[j] = at[r]
			}
			memo.bySource[p.SourcePath] = list
		}
	}
}

// relatedMemo is the related pages of the last build, by source path, as
// places in its list of pages, which an unchanged fingerprint says is the
// same list.
type relatedMemo struct {
	inputs   [32]byte
	bySource map[string][]int32
}

func (m *relatedMemo) apply(pages []*Page) {
	slots := make([]*Page, len(pages)*maxRelated)
	for i, p := range pages {
		list := m.bySource[p.SourcePath]
		p.related = slots[i*maxRelated : i*maxRelated : (i+1)*maxRelated]
		for _, at := range list {
			p.related = append(p.related, pages[at])
		}
	}
}
