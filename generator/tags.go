package generator

import (
	"sort"
)

// Tag is one tag of the site: every spelling of it ("Coaching",
// "coaching", " coaching ") folds into one slug.
type Tag struct {
	Name  string  // the spelling used most often
	Slug  string  // the URL segment, from Slugify
	Pages []*Page // newest first
}

// URL is the site path of the tag's page.
func (t *Tag) URL() string { return "/tags/" + t.Slug + "/" }

// collectTags groups pages by tag slug. pages must be newest first; each
// tag's pages stay in that order. Tags come out sorted by page count,
// then name.
func collectTags(pages []*Page) []*Tag {
	bySlug := map[string]*Tag{}
	spellings := map[string]map[string]int{}
	for _, p := range pages {
		for _, name := range p.Tags {
			slug := tagSlug(name)
			t := bySlug[slug]
			if t == nil {
				t = &Tag{Slug: slug}
				bySlug[slug] = t
				spellings[slug] = map[string]int{}
			}
			t.Pages = append(t.Pages, p)
			spellings[slug][name]++
		}
	}
	tags := make([]*Tag, 0, len(bySlug))
	for slug, t := range bySlug {
		t.Name = mostUsed(spellings[slug])
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
