package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// Renderer turns the assembled site into files: it plans them (Plan) and
// makes those a build does not carry.
type Renderer struct {
	site      *site.Site
	layouts   *layouts.Layouts
	md        *markdown.Markdown
	safeMD    *markdown.Markdown // for readers' submitted stories
	src       fs.FS
	theme     fs.FS
	urls      urls
	siteView  *layouts.SiteView
	bufs      *bufferPool
	viewMu    sync.Mutex                       // guards views
	views     map[*site.Page]*layouts.PageView // as lists show each page, with its card; see viewOf
	now       time.Time
	keys      keyContext
	memo      *Memo             // the dev server's, else nil
	resources map[string]string // content files that are not Markdown -> their output path
	images    *ImageSet
	cards     Cards
	published map[string]bool // the output paths of static and content files, set by Plan
}

// Input is what rendering reads besides the assembled site, passed whole
// so that the build's other state stays the build's.
type Input struct {
	Layouts  *layouts.Layouts
	Markdown *markdown.Markdown // set up from the site's config
	// Source is the site's folder: pages' bodies are read again from it,
	// and its static/ and other content files copied.
	Source fs.FS
	Theme  fs.FS // the built-in static/, beneath the site's; may be nil
	Now    time.Time
	// Inputs fingerprints what every file shares (the config, the build's
	// options, the program): every key starts from it.
	Inputs string
	// Resources maps the content files that are not Markdown to where
	// they are published.
	Resources map[string]string
	// Memo is the dev server's, carried from one build to the next; nil
	// for every other build.
	Memo *Memo
	// Images are the processed images, or nil.
	Images *ImageSet
	// Cards draws the social cards of pages without an image; nil for
	// none.
	Cards Cards
}

// New prepares the rendering of an assembled site.
func New(s *site.Site, in Input) *Renderer {
	u := newURLs(s.Config.BaseURL)
	inputs := in.Inputs
	if in.Images != nil {
		inputs += fmt.Sprintf(" images %x", in.Images.Key)
	}
	r := &Renderer{
		site:      s,
		layouts:   in.Layouts,
		md:        in.Markdown,
		safeMD:    markdown.New(markdown.Options{}),
		src:       in.Source,
		theme:     in.Theme,
		urls:      u,
		siteView:  newSiteView(s.Config, u, in.Now),
		bufs:      newBufferPool(publish.QueueLength + 64), // the write queue holds buffers too
		now:       in.Now,
		keys:      keyContext{inputs: inputs, layouts: in.Layouts, year: in.Now.Year()},
		memo:      in.Memo,
		resources: in.Resources,
		images:    in.Images,
		cards:     in.Cards,
	}
	r.brandImages(&r.siteView.Brand, s.Config.Brand)
	return r
}

// Permalink is the absolute URL of a site path ("/posts/x/"), as the
// site's pages link it.
func (r *Renderer) Permalink(sitePath string) string { return r.urls.abs(sitePath) }

// pageJob is a page's own file. Its summary, word count, feed content and
// card, which lists and feeds show, come from the cache when the page is
// unchanged, else from rendering its body; the body rendered for them is
// kept for the page's file when that is made too.
func (r *Renderer) pageJob(p *site.Page) job {
	var body *bytes.Buffer
	var extras bodyExtras
	j := job{path: permalink.File(p.URL)} // its key is the plan's to set
	j.prepare = func(willMake bool) error {
		var err error
		body, extras, err = r.preparePage(p, willMake)
		return err
	}
	j.make = func() ([]byte, func(), error) {
		if body == nil {
			body = r.bufs.get()
			var err error
			if extras, err = r.renderBody(p, body); err != nil {
				r.bufs.put(body)
				return nil, nil, err
			}
		}
		defer r.bufs.put(body)
		return r.renderPage(p, body, extras)
	}
	return j
}

// preparePage sets what lists show of a page. It returns the rendered
// body when it had to render it and the page's file will be made.
func (r *Renderer) preparePage(p *site.Page, willMake bool) (*bytes.Buffer, bodyExtras, error) {
	reuse := p.Rendered && (!p.InFeed() || p.HasFeed) && p.ImagesKey == r.imagesKey() && !r.missingArrived(p)
	var body *bytes.Buffer
	var extras bodyExtras
	if !reuse {
		body = r.bufs.get()
		var err error
		if extras, err = r.renderBody(p, body); err != nil {
			r.bufs.put(body)
			return nil, extras, err
		}
		p.Rendered, p.HasFeed, p.ImagesKey = true, p.InFeed(), r.imagesKey()
	}
	if !reuse || p.CardHash != r.layouts.CardHash() {
		card := r.bufs.get()
		defer r.bufs.put(card)
		if err := r.layouts.ExecutePartial(card, layouts.SummaryPartial, r.cardView(p)); err != nil {
			r.bufs.put(body)
			return nil, extras, fmt.Errorf("%w (while rendering %s)", err, p.SourcePath)
		}
		p.Card, p.CardHash = template.HTML(card.String()), r.layouts.CardHash()
	}
	if !willMake && body != nil {
		r.bufs.put(body)
		body = nil
	}
	return body, extras, nil
}

// bodyExtras is what rendering a body gives its page's file beside the
// HTML.
type bodyExtras struct {
	toc        template.HTML
	usesBlocks bool
}

// imagesKey is the fingerprint of the images bodies were rendered with.
func (r *Renderer) imagesKey() [32]byte {
	if r.images == nil {
		return [32]byte{}
	}
	return r.images.Key
}

// layoutKind is the layout a page is rendered with.
func layoutKind(p *site.Page) string {
	if p.Section == config.SectionPages {
		return "page"
	}
	return "single"
}

// renderPage renders a page's file around its rendered body.
func (r *Renderer) renderPage(p *site.Page, body *bytes.Buffer, extras bodyExtras) ([]byte, func(), error) {
	return r.renderLayout(r.pageData(p, body, extras, r.siteView), p.SourcePath)
}

// pageData is what a page's layout is run with, around its rendered
// body, for the site as siteView shows it.
func (r *Renderer) pageData(p *site.Page, body *bytes.Buffer, extras bodyExtras, siteView *layouts.SiteView) *layouts.PageData {
	view := newPageView(p, r.urls, r.site.Config)
	view.Card = p.Card
	view.TOC, view.UsesBlocks = extras.toc, extras.usesBlocks
	image, imageHTML := r.pageImage(p)
	view.ImageHTML = template.HTML(imageHTML)
	if r.hasCard(p) {
		image = r.cardURL(p)
	}
	// A view of the buffer, not a copy: the page is rendered before the
	// caller returns the buffer to its pool, and nothing keeps view.
	view.Content = template.HTML(unsafe.String(unsafe.SliceData(body.Bytes()), body.Len()))
	view.Share = shareLinks(p.Title, view.Permalink)
	for _, rel := range p.Related() {
		view.Related = append(view.Related, r.pageLink(rel))
	}
	if prev := p.Prev(); prev != nil {
		l := r.pageLink(prev)
		view.Prev = &l
	}
	if next := p.Next(); next != nil {
		l := r.pageLink(next)
		view.Next = &l
	}
	data := &layouts.PageData{
		Kind:        layoutKind(p),
		Site:        siteView,
		Title:       p.Title,
		Description: pageDescription(p),
		URL:         view.URL,
		Permalink:   view.Permalink,
		Page:        view,
		Feeds:       []layouts.Link{r.siteFeed()},
		Image:       image,
	}
	ld := r.blogPosting(p, data)
	if p.Section == config.SectionPages {
		ld["@type"] = "WebPage"
		delete(ld, "datePublished")
		if p.Date.IsZero() {
			delete(ld, "dateModified")
		}
	}
	data.JSONLD = jsonLD(ld)
	return data
}

// renderBody renders a page's Markdown into out, and sets its
// summary, word count and, for feed entries, its feed content.
func (r *Renderer) renderBody(p *site.Page, out *bytes.Buffer) (bodyExtras, error) {
	return r.renderBodyFrom(r.src, p, out)
}

// renderBodyFrom is renderBody with the page's file read from src.
func (r *Renderer) renderBodyFrom(src fs.FS, p *site.Page, out *bytes.Buffer) (bodyExtras, error) {
	body, release, err := content.ReadBody(src, &p.Meta)
	if err != nil {
		return bodyExtras{}, err
	}
	// The rendered HTML, summary and feed content are copies: the body's
	// buffer is free again once rendered.
	defer release()
	md := r.md
	if p.SubmissionID != "" {
		md = r.safeMD
	}
	opts := markdown.RenderOptions{Summary: p.Summary, TOC: tocMode(p.TOC), BodyLine: p.BodyLine,
		Images: r.imageHook(p)}
	var feed *bytes.Buffer
	if p.InFeed() {
		// Feeds are read away from the site: their links must be absolute.
		feed = r.bufs.get()
		defer r.bufs.put(feed)
		opts.FeedOut = feed
		opts.FeedBase, _ = url.Parse(r.urls.abs(p.URL))
	}
	p.RenderNotes, p.MissingFiles = nil, nil
	rendered, err := md.Render(out, body, opts)
	if err != nil {
		return bodyExtras{}, report.Errorf(p.SourcePath, p.BodyLine, "markdown: %v", err)
	}
	p.SummaryHTML, p.WordCount = rendered.Summary, rendered.Words
	if len(rendered.Removed) > 0 {
		msg := "raw HTML: removed " + strings.Join(rendered.Removed, ", ") + " (unsafe_html = true in site.toml keeps raw HTML as written)"
		if r.site.Config.StrictFrontMatter {
			return bodyExtras{}, report.Errorf(p.SourcePath, p.BodyLine, "%s; strict_front_matter is on", msg)
		}
		addNote(p, p.BodyLine, msg)
	}
	for _, d := range rendered.Diagnostics {
		addNote(p, d.Line, d.Msg)
	}
	if feed != nil {
		p.FeedContent = feed.String()
	}
	return bodyExtras{toc: rendered.TOC, usesBlocks: rendered.UsesBlocks}, nil
}

// addNote adds a warning of this rendering of the page's body, once.
func addNote(p *site.Page, line int, msg string) {
	if !slices.ContainsFunc(p.RenderNotes, func(n content.Note) bool { return n.Line == line && n.Msg == msg }) {
		p.RenderNotes = append(p.RenderNotes, content.Note{Line: line, Msg: msg})
	}
}

// missingArrived reports whether a file the page's body named, and the
// site did not have when it was rendered, is there now.
func (r *Renderer) missingArrived(p *site.Page) bool {
	return slices.ContainsFunc(p.MissingFiles, func(out string) bool { return r.published[out] })
}

func (r *Renderer) siteFeed() layouts.Link {
	return layouts.Link{Name: r.site.Config.Title, URL: r.urls.rel("/feed.xml")}
}

// blogPosting is the schema.org description of an article or story.
func (r *Renderer) blogPosting(p *site.Page, data *layouts.PageData) map[string]any {
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "BlogPosting",
		"headline":         p.Title,
		"url":              data.Permalink,
		"mainEntityOfPage": data.Permalink,
		"datePublished":    atomTime(p.Date),
		"dateModified":     atomTime(p.Updated()),
		"description":      data.Description,
		"inLanguage":       r.site.Config.Language,
		"publisher":        map[string]any{"@type": "Organization", "name": r.site.Config.Title, "url": r.site.Config.BaseURL},
	}
	if author := pageAuthor(p, r.site.Config); author != "" {
		ld["author"] = map[string]any{"@type": "Person", "name": author}
	}
	if data.Image != "" {
		ld["image"] = data.Image
	}
	if len(p.Tags) > 0 {
		ld["keywords"] = strings.Join(p.Tags, ", ")
	}
	if p.WordCount > 0 {
		ld["wordCount"] = p.WordCount
	}
	return ld
}

// renderLayout executes a layout into a pooled buffer; release gives the
// buffer back. source names the page for a layout's errors.
func (r *Renderer) renderLayout(data *layouts.PageData, source string) ([]byte, func(), error) {
	if data.Image == "" && data.Kind != "404" {
		data.Image = r.cardURL(nil) // lists and the form share the site's card
	}
	buf := r.bufs.get()
	if err := r.layouts.Execute(buf, data.Kind, data); err != nil {
		r.bufs.put(buf)
		var fe *report.FileError
		if source != "" && errors.As(err, &fe) {
			return nil, nil, &layoutError{FileError: fe, page: source}
		}
		return nil, nil, err
	}
	return buf.Bytes(), func() { r.bufs.put(buf) }, nil
}

func tocMode(m content.TOCMode) markdown.TOCMode {
	switch m {
	case content.TOCOn:
		return markdown.TOCOn
	case content.TOCOff:
		return markdown.TOCOff
	}
	return markdown.TOCAuto
}
