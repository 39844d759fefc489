package render

import (
	"net/url"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/site"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// urls turns site-relative paths ("/posts/x/") into links for a site that
// may live below a path of its host ("https://example.org/blog/").
type urls struct {
	base string // absolute base URL, ends in "/"
	root string // its path, ends in "/"
}

func newURLs(baseURL string) urls {
	root := "/"
	if u, err := url.Parse(baseURL); err == nil && u.Path != "" {
		root = u.Path
	}
	return urls{base: baseURL, root: root}
}

// rel returns the root-relative link of a site path, percent-encoded
// (slugs may hold letters of any script).
func (u urls) rel(sitePath string) string {
	return u.root + escapePath(strings.TrimPrefix(sitePath, "/"))
}

// abs returns the absolute URL of a site path, percent-encoded.
func (u urls) abs(sitePath string) string {
	return u.base + escapePath(strings.TrimPrefix(sitePath, "/"))
}

func escapePath(p string) string {
	for i := 0; i < len(p); i++ {
		if p[i] >= 0x80 || p[i] == ' ' || p[i] == '%' || p[i] == '?' || p[i] == '#' {
			return (&url.URL{Path: p}).EscapedPath()
		}
	}
	return p
}

func newSiteView(cfg config.Config, u urls, now time.Time) *layouts.SiteView {
	submit := cfg.SubmitEndpoint
	if strings.HasPrefix(submit, "/") {
		submit = u.rel(submit)
	}
	return &layouts.SiteView{
		Title:       cfg.Title,
		Description: cfg.Description,
		BaseURL:     cfg.BaseURL,
		Root:        u.root,
		Language:    cfg.Language,
		Author:      cfg.Author,
		Social:      socialViews(cfg.Social),
		FeedURL:     u.rel("/feed.xml"),
		TagsURL:     u.rel("/tags/"),
		SubmitURL:   submit,
		FormURL:     u.rel(formPath),
		Menu:        menuLinks(cfg, u),
		Year:        now.Year(),
		T:           cfg.Texts(),
		Brand:       brandView(cfg.Brand, u),
		CTA:         ctaLink(cfg.CTA, u),
	}
}

// ctaLink is site.toml's [cta] as a link, or nil when the site has none.
func ctaLink(cta config.CTA, u urls) *layouts.Link {
	if cta.Text == "" || cta.URL == "" {
		return nil
	}
	link := &layouts.Link{Name: cta.Text, URL: cta.URL}
	if strings.HasPrefix(cta.URL, "/") {
		link.URL = u.rel(cta.URL)
	}
	return link
}

// menuLinks is the header navigation: site.toml's [[menu]], else the
// sections.
func menuLinks(cfg config.Config, u urls) []layouts.Link {
	if len(cfg.Menu) == 0 {
		return []layouts.Link{
			{Name: sectionTitle(&cfg, config.SectionPosts), URL: u.rel("/" + config.SectionPosts + "/")},
			{Name: sectionTitle(&cfg, config.SectionStories), URL: u.rel("/" + config.SectionStories + "/")},
		}
	}
	links := make([]layouts.Link, len(cfg.Menu))
	for i, m := range cfg.Menu {
		links[i] = layouts.Link{Name: m.Name, URL: m.URL}
		if strings.HasPrefix(m.URL, "/") {
			links[i].URL = u.rel(m.URL)
		}
	}
	return links
}

// tagURL is the site path of a tag's page.
func tagURL(tag string) string { return "/tags/" + slug.CachedTerm(tag) + "/" }

func socialViews(links []config.SocialLink) []layouts.SocialView {
	out := make([]layouts.SocialView, len(links))
	for i, s := range links {
		out[i] = layouts.SocialView{Name: s.Name, URL: s.URL, Icon: config.IconSVG(config.IconFor(s))}
	}
	return out
}

func newTagView(t *site.Tag, u urls) layouts.TagView {
	articles, stories := sectionCounts(t.Pages)
	return layouts.TagView{Name: t.Name, URL: u.rel(t.URL()), FeedURL: u.rel(t.URL() + "feed.xml"), Count: len(t.Pages),
		Articles: articles, Stories: stories}
}

// sectionCounts counts the articles and the stories among pages, which
// the tags' pages name apart ("3 articles, 1 story").
func sectionCounts(pages []*site.Page) (articles, stories int) {
	for _, p := range pages {
		switch p.Section {
		case config.SectionPosts:
			articles++
		case config.SectionStories:
			stories++
		}
	}
	return articles, stories
}

// shareLinks are plain links to the share pages of the big networks.
func shareLinks(title, permalink string) []layouts.Link {
	u, t := url.QueryEscape(permalink), url.QueryEscape(title)
	return []layouts.Link{
		{Name: "LinkedIn", URL: "https://www.linkedin.com/sharing/share-offsite/?url=" + u},
		{Name: "X", URL: "https://x.com/intent/post?url=" + u + "&text=" + t},
		{Name: "Facebook", URL: "https://www.facebook.com/sharer/sharer.php?u=" + u},
		{Name: "Email", URL: "mailto:?subject=" + strings.ReplaceAll(t, "+", "%20") + "&body=" + u},
	}
}

// absoluteImage resolves a front matter image against the site.
func (u urls) image(p string) string {
	if p == "" {
		return ""
	}
	ref, err := url.Parse(p)
	if err != nil {
		return ""
	}
	if ref.IsAbs() {
		return p
	}
	if strings.HasPrefix(p, "/") {
		return u.abs(p)
	}
	base, _ := url.Parse(u.base)
	return base.ResolveReference(ref).String()
}

func newPageView(p *site.Page, u urls, cfg config.Config) *layouts.PageView {
	v := &layouts.PageView{
		Title:          p.Title,
		URL:            u.rel(p.URL),
		Permalink:      u.abs(p.URL),
		Section:        p.Section,
		SectionTitle:   sectionTitle(&cfg, p.Section),
		Date:           p.Date,
		Lastmod:        p.Lastmod,
		Summary:        p.SummaryHTML,
		WordCount:      p.WordCount,
		ReadingMinutes: p.ReadingMinutes(),
		Author:         p.Author,
		Description:    p.Description,
		Image:          p.Image,
		IsStory:        p.Section == config.SectionStories,
		IsPage:         p.Section == config.SectionPages,
		Name:           p.Name,
		Role:           p.Role,
		Company:        p.Company,
		Result:         p.Result,
		Params:         p.Params,
		// Only a story is pinned: the label and the lists say "featured stories".
		Featured: p.Featured && p.Section == config.SectionStories,
	}
	if v.Author == "" && !v.IsStory {
		v.Author = cfg.Author
	}
	for _, t := range p.Tags {
		v.Tags = append(v.Tags, layouts.Link{Name: t, URL: u.rel(tagURL(t))})
	}
	for _, tax := range cfg.Taxonomies {
		terms := p.Terms[tax]
		if tax == "tags" || len(terms) == 0 {
			continue
		}
		tv := layouts.TermsView{Taxonomy: newTaxonomyView(tax, u)}
		for _, t := range terms {
			tv.Terms = append(tv.Terms, layouts.Link{Name: t, URL: u.rel(site.TermURL(tax, slug.CachedTerm(t)))})
		}
		v.Taxonomies = append(v.Taxonomies, tv)
	}
	return v
}

func newTaxonomyView(name string, u urls) layouts.TaxonomyView {
	singular := strings.TrimSuffix(name, "s")
	switch {
	case strings.HasSuffix(name, "ies"):
		singular = strings.TrimSuffix(name, "ies") + "y"
	case name == "series":
		singular = name
	}
	return layouts.TaxonomyView{Name: name, Title: taxonomyTitle(name), Singular: singular, URL: u.rel("/" + name + "/")}
}

func newPageLink(p *site.Page, u urls, cfg *config.Config) layouts.PageLink {
	return layouts.PageLink{Title: p.Title, URL: u.rel(p.URL), Date: p.Date, SectionTitle: sectionTitle(cfg, p.Section)}
}

// pageLink is a link to another page of the site.
func (r *Renderer) pageLink(p *site.Page) layouts.PageLink {
	return newPageLink(p, r.urls, &r.site.Config)
}

// cardView is a page as its card shows it. The card is rendered with the
// page's view alone, so the view carries the site's texts.
func (r *Renderer) cardView(p *site.Page) *layouts.PageView {
	v := newPageView(p, r.urls, r.site.Config)
	v.T = r.siteView.T
	return v
}

// taxonomyTitle is how a taxonomy is named on its pages: "series" is
// "Series".
func taxonomyTitle(name string) string {
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
