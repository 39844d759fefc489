package site

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/content"
)

// BenchmarkAssemble is tags, related pages and sections for 10,000 pages.
func BenchmarkAssemble(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	pages := make([]*Page, 10000)
	for i := range pages {
		var tags []string
		for k := 2 + rng.Intn(4); len(tags) < k; {
			t := sitegen.TagPool[int(rng.ExpFloat64()*8)%len(sitegen.TagPool)]
			dup := false
			for _, x := range tags {
				dup = dup || x == t
			}
			if !dup {
				tags = append(tags, t)
			}
		}
		pages[i] = &Page{Meta: content.Meta{Title: fmt.Sprint(i), Section: config.SectionPosts, Tags: tags, Date: time.Unix(int64(i)*3600, 0),
			URL: fmt.Sprintf("/posts/p%d/", i), SourcePath: fmt.Sprintf("content/posts/p%d.md", i)}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := assemble(config.Config{PerPage: 10}, append([]*Page(nil), pages...), nil); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
