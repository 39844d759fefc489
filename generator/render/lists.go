package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// listPage is one page of a list of pages: home, a section, a term.
type listPage struct {
	kind, title, description string
	pg                       pagerPage
	tag                      *site.Tag // on a term's pages
	extra                    func(*layouts.PageData)
}

// lists are the pages of every list of the site, paginated.
func (r *Renderer) lists() []listPage {
	cfg := r.site.Config
	var out []listPage
	add := func(kind, base, title, description string, pages []*site.Page, tag *site.Tag, extra func(*layouts.PageData)) {
		for _, pg := range paginate(base, pages, cfg.PerPage) {
			out = append(out, listPage{kind: kind, title: title, description: description, pg: pg, tag: tag, extra: extra})
		}
	}
	add("home", "/", "", cfg.Description, r.site.Pages, nil, func(d *layouts.PageData) {
		d.JSONLD = jsonLD(map[string]any{
			"@context": "https://schema.org", "@type": "Blog",
			"name": cfg.Title, "description": cfg.Description, "url": cfg.BaseURL, "inLanguage": cfg.Language,
		})
	})
	for _, section := range []string{config.SectionPosts, config.SectionStories} {
		title := sectionTitle(section)
		add("section", "/"+section+"/", title, title+" from "+cfg.Title, r.site.Sections[section], nil, nil)
	}
	for _, tax := range r.site.Taxonomies {
		taxView := newTaxonomyView(tax.Name, r.urls)
		for _, t := range tax.Terms {
			view := newTagView(t, r.urls)
			title := "Tagged “" + t.Name + "”"
			if tax.Name != "tags" {
				title = taxView.Singular + " “" + t.Name + "”"
				title = strings.ToUpper(title[:1]) + title[1:]
			}
			description := fmt.Sprintf("Articles and stories about %s from %s", t.Name, cfg.Title)
			add("tag", t.URL(), title, description, t.Pages, t, func(d *layouts.PageData) {
				d.List.Tag = &view
				d.Taxonomy = &taxView
				d.Feeds = append(d.Feeds, layouts.Link{Name: cfg.Title + ": " + t.Name, URL: view.FeedURL})
			})
		}
	}
	return out
}

func (r *Renderer) listJob(l listPage) job {
	return job{path: permalink.File(l.pg.URL()), make: func() ([]byte, func(), error) { return r.renderList(l) }}
}

func (r *Renderer) listKey(l listPage, rel string) outputKey {
	return r.keys.list(l.kind, rel, l.title, l.description, l.pg, l.tag)
}

// renderList renders one page of a list. The views of its pages are made
// only now (see viewOf): after one edit most lists are carried.
func (r *Renderer) renderList(l listPage) ([]byte, func(), error) {
	pg := l.pg
	list := &layouts.ListView{Title: l.title, Pager: layouts.Pager{Number: pg.Number, Total: pg.Total}}
	if pg.Number > 1 {
		list.Pager.PrevURL = r.urls.rel(pageURL(pg.base, pg.Number-1))
	}
	if pg.Number < pg.Total {
		list.Pager.NextURL = r.urls.rel(pageURL(pg.base, pg.Number+1))
	}
	docTitle := l.title
	if pg.Number > 1 {
		docTitle = strings.TrimSpace(fmt.Sprintf("%s (page %d of %d)", l.title, pg.Number, pg.Total))
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

func sectionTitle(section string) string {
	switch section {
	case config.SectionPosts:
		return "Articles"
	case config.SectionStories:
		return "Success stories"
	}
	return section
}
