package render

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// listPage is one page of a list of pages: home, a section, a term.
type listPage struct {
	kind, title, description string
	pg                       pagerPage
	tag                      *site.Tag            // on a term's pages
	filters                  []layouts.FilterLink // on the wall of results
	extra                    func(*layouts.PageData)
}

// lists are the pages of every list of the site, paginated.
func (r *Renderer) lists() []listPage {
	cfg := &r.site.Config
	out := r.paged(listPage{kind: "home", description: cfg.Description, extra: func(d *layouts.PageData) {
		d.JSONLD = jsonLD(map[string]any{
			"@context": "https://schema.org", "@type": "Blog",
			"name": cfg.Title, "description": cfg.Description, "url": cfg.BaseURL, "inLanguage": cfg.Language,
		})
	}}, "/", pinFeatured(r.site.Pages))
	title := sectionTitle(cfg, config.SectionPosts)
	out = append(out, r.paged(listPage{kind: "section", title: title, description: layouts.Fill(cfg.Text("section_description"), "section", title, "site", cfg.Title)},
		"/"+config.SectionPosts+"/", r.site.Sections[config.SectionPosts])...)
	out = append(out, r.storyWall()...)
	for _, tax := range r.site.Taxonomies {
		taxView := newTaxonomyView(tax.Name, r.urls)
		for _, t := range tax.Terms {
			view := newTagView(t, r.urls)
			title := layouts.Fill(cfg.Text("tagged"), "name", t.Name)
			if tax.Name != "tags" {
				title = layouts.Fill(cfg.Text("term_title"), "taxonomy", taxView.Singular, "name", t.Name)
				title = capitalize(title)
			}
			description := layouts.Fill(cfg.Text("tag_description"), "name", t.Name, "site", cfg.Title)
			out = append(out, r.paged(listPage{kind: "tag", title: title, description: description, tag: t, extra: func(d *layouts.PageData) {
				d.List.Tag = &view
				d.Taxonomy = &taxView
				d.Feeds = append(d.Feeds, layouts.Link{Name: cfg.Title + ": " + t.Name, URL: view.FeedURL})
			}}, t.URL(), t.Pages)...)
		}
	}
	return out
}

// paged splits pages into the pages of one list at base, each like proto.
func (r *Renderer) paged(proto listPage, base string, pages []*site.Page) []listPage {
	pgs := paginate(base, pages, r.site.Config.PerPage)
	out := make([]listPage, len(pgs))
	for i, pg := range pgs {
		out[i] = proto
		out[i].pg = pg
	}
	return out
}

// storyWall is /stories/, the wall of results, and one page of it for
// each tag its stories have: plain links filter it, with no script.
func (r *Renderer) storyWall() []listPage {
	cfg := &r.site.Config
	base := "/" + config.SectionStories + "/"
	stories := r.site.Sections[config.SectionStories]
	tags := storyTags(r.site.Tags)
	filters := make([]layouts.FilterLink, 0, len(tags)+1)
	filters = append(filters, layouts.FilterLink{Name: cfg.Text("all_stories"), URL: r.urls.rel(base), Count: len(stories)})
	for _, t := range tags {
		filters = append(filters, layouts.FilterLink{Name: t.tag.Name, URL: r.urls.rel(storyTagURL(t.tag)), Count: len(t.stories)})
	}
	showing := func(i int) []layouts.FilterLink {
		f := slices.Clone(filters)
		f[i].Current = true
		return f
	}
	title := sectionTitle(cfg, config.SectionStories)
	out := r.paged(listPage{kind: "section", title: title, description: layouts.Fill(cfg.Text("section_description"), "section", title, "site", cfg.Title), filters: showing(0)},
		base, pinFeatured(stories))
	for i, t := range tags {
		title := layouts.Fill(cfg.Text("stories_about"), "name", t.tag.Name)
		out = append(out, r.paged(listPage{kind: "section", title: title, description: title + " · " + cfg.Title, filters: showing(i + 1)},
			storyTagURL(t.tag), pinFeatured(t.stories))...)
	}
	return out
}

// taggedStories is a tag with the stories among its pages.
type taggedStories struct {
	tag     *site.Tag
	stories []*site.Page // newest first
}

// storyTags are the tags stories have, the most used first.
func storyTags(tags []*site.Tag) []taggedStories {
	var out []taggedStories
	for _, t := range tags {
		var stories []*site.Page
		for _, p := range t.Pages {
			if p.Section == config.SectionStories {
				stories = append(stories, p)
			}
		}
		if len(stories) > 0 {
			out = append(out, taggedStories{tag: t, stories: stories})
		}
	}
	slices.SortStableFunc(out, func(a, b taggedStories) int { return len(b.stories) - len(a.stories) })
	return out
}

// storyTagURL is the site path of the wall of results of one tag.
func storyTagURL(t *site.Tag) string { return "/" + config.SectionStories + "/tag/" + t.Slug + "/" }

// pinFeatured puts the featured stories first; both parts stay newest
// first. pages is not changed.
func pinFeatured(pages []*site.Page) []*site.Page {
	featured := 0
	for _, p := range pages {
		if isFeatured(p) {
			featured++
		}
	}
	if featured == 0 {
		return pages
	}
	out := make([]*site.Page, 0, len(pages))
	for _, p := range pages {
		if isFeatured(p) {
			out = append(out, p)
		}
	}
	for _, p := range pages {
		if !isFeatured(p) {
			out = append(out, p)
		}
	}
	return out
}

// isFeatured says a page is a story pinned at the top of lists.
func isFeatured(p *site.Page) bool { return p.Featured && p.Section == config.SectionStories }

func (r *Renderer) listJob(l listPage) job {
	return job{path: permalink.File(l.pg.URL()), make: func() ([]byte, func(), error) { return r.renderList(l) }}
}

func (r *Renderer) listKey(l listPage, rel string) outputKey {
	return r.keys.list(l.kind, rel, l.title, l.description, l.pg, l.tag, l.filters)
}

// renderList renders one page of a list. The views of its pages are made
// only now (see viewOf): after one edit most lists are carried.
func (r *Renderer) renderList(l listPage) ([]byte, func(), error) {
	pg := l.pg
	list := &layouts.ListView{Title: l.title, Pager: layouts.Pager{Number: pg.Number, Total: pg.Total}, Filters: l.filters}
	if pg.Number > 1 {
		list.Pager.PrevURL = r.urls.rel(pageURL(pg.base, pg.Number-1))
	}
	if pg.Number < pg.Total {
		list.Pager.NextURL = r.urls.rel(pageURL(pg.base, pg.Number+1))
	}
	docTitle := l.title
	if pg.Number > 1 {
		position := layouts.Fill(r.site.Config.Text("page_of"), "n", pg.Number, "total", pg.Total)
		docTitle = strings.TrimSpace(l.title + " (" + position + ")")
	}
	data := &layouts.PageData{
		Kind: l.kind, Site: r.siteView, Title: docTitle, Description: l.description,
		URL: r.urls.rel(pg.URL()), Permalink: r.urls.abs(pg.URL()), List: list,
		Feeds: []layouts.Link{r.siteFeed()},
	}
	if l.extra != nil {
		l.extra(data)
	}
	for _, p := range pg.Pages {
		list.Pages = append(list.Pages, r.viewOf(p))
	}
	return r.renderLayout(data, "")
}

// viewOf returns a page as lists show it, made on first use.
func (r *Renderer) viewOf(p *site.Page) *layouts.PageView {
	r.viewMu.Lock()
	defer r.viewMu.Unlock()
	view := r.views[p]
	if view == nil {
		view = newPageView(p, r.urls, r.site.Config)
		view.Card = p.Card
		if r.views == nil {
			r.views = map[*site.Page]*layouts.PageView{}
		}
		r.views[p] = view
	}
	return view
}

func (r *Renderer) sitemapEntry(sitePath string, lastmod time.Time) sitemapURL {
	e := sitemapURL{Loc: r.urls.abs(sitePath)}
	if !lastmod.IsZero() {
		e.Lastmod = atomTime(lastmod)
	}
	return e
}

// pagerPage is one page of a paginated list.
type pagerPage struct {
	Number, Total int
	Pages         []*site.Page
	base          string // the list's first page URL, like "/posts/"
}

// paginate splits a list into pages of perPage; an empty list still has
// one (empty) page, so that its URL exists.
func paginate(base string, pages []*site.Page, perPage int) []pagerPage {
	total := max(1, (len(pages)+perPage-1)/perPage)
	out := make([]pagerPage, total)
	for i := range out {
		lo := i * perPage
		hi := min(lo+perPage, len(pages))
		out[i] = pagerPage{Number: i + 1, Total: total, Pages: pages[lo:hi], base: base}
	}
	return out
}

// pageURL is the site-relative URL of page n of a list at base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

func (p pagerPage) URL() string { return pageURL(p.base, p.Number) }

// sectionTitle names a section in the site's language.
func sectionTitle(cfg *config.Config, section string) string {
	switch section {
	case config.SectionPosts:
		return cfg.Text("articles")
	case config.SectionStories:
		return cfg.Text("stories")
	}
	return section
}

// capitalize upper-cases the first letter, whatever its UTF-8 length.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
