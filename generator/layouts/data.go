package layouts

import (
	"html/template"
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
	// T is every text the layouts print, by key, in the site's language
	// (site.toml [strings] over the built-in table).
	T map[string]string
	// Brand is the author's logo, colours, font and about block.
	Brand BrandView
	// CTA is site.toml's [cta], shown after each article and story; nil
	// when the site has none.
	CTA *Link
}

// BrandView is site.toml's [brand], resolved to URLs and CSS.
type BrandView struct {
	LogoURL string
	// LogoWidth and LogoHeight are the logo's size in the header, its
	// own proportions; 0 when its size is not known (the theme's default).
	LogoWidth, LogoHeight int
	// CSS sets the theme's custom properties for the brand's accent and
	// font; empty when the site keeps the theme's own.
	CSS   template.CSS
	About *AboutView // nil when there is no about block
}

// AboutView is the "about the author" block.
type AboutView struct {
	Name     string
	Text     string
	PhotoURL string
	// Photo is the photo as a responsive <picture>, when it was
	// processed; else layouts show PhotoURL.
	Photo   template.HTML
	LinkURL string
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
	// Articles and Stories count its pages by section, for "3 articles,
	// 1 story".
	Articles, Stories int
}

// TaxonomyView names a taxonomy on its pages.
type TaxonomyView struct {
	Name     string // "tags", as in site.toml
	Title    string // "Tags"
	Singular string // "tag"
	URL      string // its index
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
	Featured       bool // a story pinned at the top of the home page and /stories/
	// T is the site's texts (as SiteView.T) on a card, which is rendered
	// with its page's view alone; nil elsewhere.
	T map[string]string

	// ImageHTML is the front matter's image as responsive markup
	// (<picture> with srcset, width and height), or "" when the page has
	// no local raster image.
	ImageHTML template.HTML

	// Card is the page's summary card, rendered once with
	// partials/summary.html, for lists to show as it is.
	Card template.HTML

	// Only on the page's own page.
	Related []PageLink // share the most tags
	Prev    *PageLink  // older, in the same section
	Next    *PageLink  // newer, in the same section
	Share   []Link     // plain share links, no third-party scripts
	// TOC is the table of contents (a <nav>), or "" when the page gets
	// none (front matter toc, site.toml toc_min_headings).
	TOC template.HTML
	// UsesBlocks says the body has content blocks (a callout, a video,
	// the call to action, highlighted code, the contents): the page then
	// links css/blocks.css.
	UsesBlocks bool
}

// PageLink is a link to another page, with what a reader needs to choose.
type PageLink struct {
	Title        string
	URL          string
	Date         time.Time
	SectionTitle string
}

// ListView is a paginated list of pages: home, a section, a tag.
type ListView struct {
	Title string
	Pages []*PageView
	Pager Pager
	Tag   *TagView // on a tag's pages
	// Filters are the tag links above the wall of results (/stories/):
	// "All" first; the one shown has Current set.
	Filters []FilterLink
}

// FilterLink is one filter of a list.
type FilterLink struct {
	Name    string
	URL     string
	Count   int
	Current bool
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
	// Withdraw is the private withdraw link of a story and what became
	// of it: on the thanks page the receive server shows, and on the
	// pages of the link.
	Withdraw *submission.WithdrawView
	NoIndex  bool // keep search engines away (confirmation pages)
}
