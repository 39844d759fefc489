package generator

import (
	"html/template"
	"net/url"
	"strings"
	"time"
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
	Social      []SocialLink
	SubmitURL   string // the submission form's action
	Menu        []Link
	Year        int // of the build, for the copyright line
}

// Link is a named URL.
type Link struct {
	Name string
	URL  string
}

// PageView is one article or story.
type PageView struct {
	Title          string
	URL            string // root-relative, for links
	Permalink      string // absolute
	Section        string
	SectionTitle   string
	Date           time.Time
	Lastmod        time.Time
	Tags           []Link
	Summary        template.HTML
	Content        template.HTML // only on the page's own page
	WordCount      int
	ReadingMinutes int
	Author         string
	Description    string
	Image          string
	IsStory        bool
	Name           string
	Role           string
	Company        string
	Result         string
	Params         map[string]any
}

// ListView is a paginated list of pages: home, a section, a tag.
type ListView struct {
	Title string
	Pages []*PageView
	Pager Pager
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

// rel returns the root-relative link of a site path.
func (u urls) rel(sitePath string) string {
	return u.root + strings.TrimPrefix(sitePath, "/")
}

// abs returns the absolute URL of a site path.
func (u urls) abs(sitePath string) string {
	return u.base + strings.TrimPrefix(sitePath, "/")
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
		Social:      cfg.Social,
		SubmitURL:   submit,
		Menu: []Link{
			{Name: sectionTitle(SectionPosts), URL: u.rel("/" + SectionPosts + "/")},
			{Name: sectionTitle(SectionStories), URL: u.rel("/" + SectionStories + "/")},
		},
		Year: now.Year(),
	}
}

// tagURL is the site path of a tag's page.
func tagURL(tag string) string { return "/tags/" + Slugify(tag) + "/" }

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
	return v
}
