package site

import (
	"sort"

	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// Tag is one term of a taxonomy (a tag, a category): every spelling of
// one term (see slug.Fold: "Go", "go", " GO ") shares its page.
type Tag struct {
	Taxonomy string  // "tags", "categories", ...
	Name     string  // the spelling used most often
	Slug     string  // the URL segment, from slug.Term
	Pages    []*Page // newest first
}

// URL is the site path of the term's page.
func (t *Tag) URL() string { return TermURL(t.Taxonomy, t.Slug) }

// TermURL is the site path of the page of the term of a taxonomy whose
// slug is termSlug.
func TermURL(taxonomy, termSlug string) string { return "/" + taxonomy + "/" + termSlug + "/" }

// Taxonomy is one way of grouping pages, with its terms.
type Taxonomy struct {
	Name  string // "tags", as in site.toml
	Terms []*Tag // by page count, then name
}

// collectTerms groups pages by the slug of their terms of one taxonomy.
// pages must be newest first; each term's pages stay in that order. Terms
// come out sorted by page count, then name. Two spellings that are not one
// term (slug.Fold) but would share a URL are an error naming both: they
// are never merged without a word.
func collectTerms(taxonomy string, pages []*Page, termsOf func(*Page) []string) ([]*Tag, report.List) {
	type seen struct {
		fold, spelling, file string
	}
	bySlug := map[string]*Tag{}
	first := map[string]seen{}
	spellings := map[string]map[string]int{}
	clashes := map[[2]string]bool{}
	var errs report.List
	for _, p := range pages {
		for _, name := range termsOf(p) {
			s := slug.CachedTerm(name)
			t := bySlug[s]
			if t == nil {
				t = &Tag{Taxonomy: taxonomy, Slug: s}
				bySlug[s] = t
				spellings[s] = map[string]int{}
				first[s] = seen{slug.Fold(name), name, p.SourcePath}
			} else if f := first[s]; name != f.spelling && f.fold != slug.Fold(name) { // the same spelling folds alike
				if key := [2]string{f.fold, slug.Fold(name)}; !clashes[key] {
					clashes[key] = true
					errs = append(errs, report.Errorf(p.SourcePath, p.TagsLine,
						"%s: %q and %q (in %s) would share the page %s; they are different words, so spell them alike or rename one",
						taxonomy, name, f.spelling, f.file, TermURL(taxonomy, s)))
				}
				continue
			}
			t.Pages = append(t.Pages, p)
			spellings[s][name]++
		}
	}
	tags := make([]*Tag, 0, len(bySlug))
	for s, t := range bySlug {
		t.Name = mostUsed(spellings[s])
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool {
		if len(tags[i].Pages) != len(tags[j].Pages) {
			return len(tags[i].Pages) > len(tags[j].Pages)
		}
		if tags[i].Name != tags[j].Name {
			return tags[i].Name < tags[j].Name
		}
		return tags[i].Slug < tags[j].Slug
	})
	return tags, errs
}

// collectTags is collectTerms for tags.
func collectTags(pages []*Page) []*Tag {
	tags, _ := collectTerms("tags", pages, func(p *Page) []string { return p.Tags })
	return tags
}

// mostUsed picks the most frequent spelling, ties broken alphabetically,
// so the choice does not depend on map order.
func mostUsed(counts map[string]int) string {
	best, bestN := "", 0
	for s, n := range counts {
		if n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	return best
}
