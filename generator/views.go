package generator

import (
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// The view structs are all that layouts see. They carry what layouts use
// and nothing else, so internal fields can change without breaking a
// site's own layouts.

// SiteView describes the site, the same on every page.
type SiteView struct {
	Title       string
	Description string
	BaseURL     string // absolute, ends in "/"
	Root        string // root-relative base for links, like "/" or "/blog/"
	Language    string
	Author      string
	Social      []SocialView
	FeedURL     string // the site's Atom feed
	TagsURL     string // the index of tags
	SubmitURL   string // the submission form's action
	FormURL     string // the page with the story form
	Menu        []Link
	Year        int // of the build, for the copyright line
}

// Link is a named URL.
type Link struct {
	Name string
	URL  string
}

// SocialView is one link of the footer.
type SocialView struct {
	Name string
	URL  string
	Icon template.HTML // inline SVG, or "" for a text link
}

// TagView is one tag, with its page count.
type TagView struct {
	Name    string
	URL     string
	FeedURL string
	Count   int
}

// TaxonomyView names a taxonomy on its pages.
type TaxonomyView struct {
	Name     string // "tags", as in site.toml
	Title    string // "Tags"
	Singular string // "tag"
	URL      string // its index
}

func newTaxonomyView(name string, u urls) TaxonomyView {
	singular := strings.TrimSuffix(name, "s")
	switch {
	case strings.HasSuffix(name, "ies"):
		singular = strings.TrimSuffix(name, "ies") + "y"
	case name == "series":
		singular = name
	}
	return TaxonomyView{Name: name, Title: taxonomyTitle(name), Singular: singular, URL: u.rel("/" + name + "/")}
}

// TermsView is one page's terms of one taxonomy other than tags.
type TermsView struct {
	Taxonomy TaxonomyView
	Terms    []Link
}

// PageView is one article, story or standalone page.
type PageView struct {
	Title          string
	URL            string // root-relative, for links
	Permalink      string // absolute
	Section        string
	SectionTitle   string
	Date           time.Time
	Lastmod        time.Time
	Tags           []Link
	Taxonomies     []TermsView // the page's terms of the taxonomies other than tags
	Summary        template.HTML
	Content        template.HTML // only on the page's own page
	WordCount      int
	ReadingMinutes int
	Author         string
	Description    string
	Image          string
	IsStory        bool
	IsPage         bool // a standalone page, outside the sections
	Name           string
	Role           string
	Company        string
	Result         string
	Params         map[string]any

	// Card is the page's summary card, rendered once with
	// partials/summary.html, for lists to show as it is.
	Card template.HTML

	// Only on the page's own page.
	Related []PageLink // share the most tags
	Prev    *PageLink  // older, in the same section
	Next    *PageLink  // newer, in the same section
	Share   []Link     // plain share links, no third-party scripts
}

// PageLink is a link to another page, with what a reader needs to choose.
type PageLink struct {
	Title        string
	URL          string
	Date         time.Time
	SectionTitle string
}

func newPageLink(p *Page, u urls) PageLink {
	return PageLink{Title: p.Title, URL: u.rel(p.URL), Date: p.Date, SectionTitle: sectionTitle(p.Section)}
}

// ListView is a paginated list of pages: home, a section, a tag.
type ListView struct {
	Title string
	Pages []*PageView
	Pager Pager
	Tag   *TagView // on a tag's pages
}

// Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	PrevURL       string // "" on the first page
	NextURL       string // "" on the last page
}

// PageData is the value every layout is executed with.
type PageData struct {
	Kind        string // "home", "section", "single", "404"
	Site        *SiteView
	Title       string // of the document, without the site's name
	Description string
	URL         string // root-relative
	Permalink   string // absolute
	Page        *PageView
	List        *ListView
	Tags        []TagView            // on a taxonomy's index
	Taxonomy    *TaxonomyView        // on a taxonomy's index and its terms' pages
	Feeds       []Link               // Atom feeds of this page, for <link rel="alternate">
	Image       string               // absolute URL for social cards, or ""
	JSONLD      any                  // structured data for search engines, or nil
	Form        *submission.FormView // on the story form
	NoIndex     bool                 // keep search engines away (confirmation pages)
}

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

func newSiteView(cfg Config, u urls, now time.Time) *SiteView {
	submit := cfg.SubmitEndpoint
	if strings.HasPrefix(submit, "/") {
		submit = u.rel(submit)
	}
	return &SiteView{
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
	}
}

// menuLinks is the header navigation: site.toml's [[menu]], else the
// sections.
func menuLinks(cfg Config, u urls) []Link {
	if len(cfg.Menu) == 0 {
		return []Link{
			{Name: sectionTitle(SectionPosts), URL: u.rel("/" + SectionPosts + "/")},
			{Name: sectionTitle(SectionStories), URL: u.rel("/" + SectionStories + "/")},
		}
	}
	links := make([]Link, len(cfg.Menu))
	for i, m := range cfg.Menu {
		links[i] = Link{Name: m.Name, URL: m.URL}
		if strings.HasPrefix(m.URL, "/") {
			links[i].URL = u.rel(m.URL)
		}
	}
	return links
}

// tagURL is the site path of a tag's page.
func tagURL(tag string) string { return "/tags/" + tagSlug(tag) + "/" }

func socialViews(links []SocialLink) []SocialView {
	out := make([]SocialView, len(links))
	for i, s := range links {
		out[i] = SocialView{Name: s.Name, URL: s.URL, Icon: iconSVG(iconFor(s))}
	}
	return out
}

func newTagView(t *Tag, u urls) TagView {
	return TagView{Name: t.Name, URL: u.rel(t.URL()), FeedURL: u.rel(t.URL() + "feed.xml"), Count: len(t.Pages)}
}

// shareLinks are plain links to the share pages of the big networks.
func shareLinks(title, permalink string) []Link {
	u, t := url.QueryEscape(permalink), url.QueryEscape(title)
	return []Link{
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

func newPageView(p *Page, u urls, cfg Config) *PageView {
	v := &PageView{
		Title:          p.Title,
		URL:            u.rel(p.URL),
		Permalink:      u.abs(p.URL),
		Section:        p.Section,
		SectionTitle:   sectionTitle(p.Section),
		Date:           p.Date,
		Lastmod:        p.Lastmod,
		Summary:        p.SummaryHTML,
		WordCount:      p.WordCount,
		ReadingMinutes: p.ReadingMinutes(),
		Author:         p.Author,
		Description:    p.Description,
		Image:          p.Image,
		IsStory:        p.Section == SectionStories,
		IsPage:         p.Section == SectionPages,
		Name:           p.Name,
		Role:           p.Role,
		Company:        p.Company,
		Result:         p.Result,
		Params:         p.Params,
	}
	if v.Author == "" && !v.IsStory {
		v.Author = cfg.Author
	}
	for _, t := range p.Tags {
		v.Tags = append(v.Tags, Link{Name: t, URL: u.rel(tagURL(t))})
	}
	for _, tax := range cfg.Taxonomies {
		terms := p.Terms[tax]
		if tax == "tags" || len(terms) == 0 {
			continue
		}
		tv := TermsView{Taxonomy: newTaxonomyView(tax, u)}
		for _, t := range terms {
			tv.Terms = append(tv.Terms, Link{Name: t, URL: u.rel(termURL(tax, tagSlug(t)))})
		}
		v.Taxonomies = append(v.Taxonomies, tv)
	}
	return v
}
