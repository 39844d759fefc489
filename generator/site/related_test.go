package site

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// bruteRelated is the obvious quadratic definition of related pages.
func bruteRelated(pages []*Page, self int) []*Page {
	shared := func(a, b *Page) int {
		n := 0
		for _, x := range a.Tags {
			for _, y := range b.Tags {
				if slug.Make(x) == slug.Make(y) {
					n++
				}
			}
		}
		return n
	}
	type cand struct {
		i, n int
	}
	var cands []cand
	for i, p := range pages {
		if i != self {
			if n := shared(pages[self], p); n > 0 {
				cands = append(cands, cand{i, n})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return a.i - b.i // pages are newest first
	})
	var out []*Page
	for _, c := range cands[:min(len(cands), maxRelated)] {
		out = append(out, pages[c.i])
	}
	return out
}

func TestRelatedMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pool := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	for round := 0; round < 20; round++ {
		n := 1 + rng.Intn(120)
		pages := make([]*Page, n)
		for i := range pages {
			k := rng.Intn(5)
			tags := []string{}
			for _, j := range rng.Perm(len(pool))[:k] {
				tags = append(tags, pool[j])
			}
			pages[i] = &Page{Meta: content.Meta{Title: fmt.Sprint(i), Tags: tags, Date: time.Unix(int64(n-i), 0)}}
		}
		idx := newRelatedIndex(pages, collectTags(pages))
		for i := range pages {
			got, want := idx.related(i, make([]*Page, 0, maxRelated)), bruteRelated(pages, i)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d page %d (tags %v): got %v, want %v", round, i, pages[i].Tags, titles(got), titles(want))
			}
		}
	}
}

func titles(pages []*Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Title+fmt.Sprint(p.Tags))
	}
	return out
}

func BenchmarkRelated10k(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	pages := make([]*Page, 10000)
	for i := range pages {
		var tags []string
		for k := 2 + rng.Intn(4); len(tags) < k; {
			tag := fmt.Sprintf("tag%d", int(rng.ExpFloat64()*8)%60) // skewed pool of 60
			if !slices.Contains(tags, tag) {
				tags = append(tags, tag)
			}
		}
		pages[i] = &Page{Meta: content.Meta{Tags: tags}}
	}
	tags := collectTags(pages)
	b.ResetTimer()
	for b.Loop() {
		idx := newRelatedIndex(pages, tags)
		slots := make([]*Page, len(pages)*maxRelated) // one array, as assemble gives
		for i := range pages {
			idx.related(i, slots[i*maxRelated:i*maxRelated:(i+1)*maxRelated])
		}
	}
}
