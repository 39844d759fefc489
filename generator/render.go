package generator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/rainmaker-blog/rainmaker/generator/permalink"
)

// renderer turns the assembled site into files.
type renderer struct {
	site     *Site
	layouts  *Layouts
	md       *Markdown
	safeMD   *Markdown // for readers' submitted stories
	src      fs.FS
	urls     urls
	siteView *SiteView
	bufs     *bufferPool
	text     textSlab                 // cards and output paths, live as long as the build
	viewMu   sync.Mutex               // guards Page.view, made on first use by lists
	views    struct{ live, peak int } // list views alive, under viewMu
	now      time.Time

	old  *buildCache // the previous build's, in an incremental build
	next *buildCache // this build's, being filled; nil for builds to memory

	// touched, when set, limits lists to those showing these pages: the
	// dev server's edit of bodies alone changes nothing else.
	touched map[*Page]bool
}

// touches reports whether a list must be made again: always, unless the
// build is limited to lists showing touched pages.
func (r *renderer) touches(pages []*Page) bool {
	if r.touched == nil {
		return true
	}
	for _, p := range pages {
		if r.touched[p] {
			return true
		}
	}
	return false
}

func newRenderer(site *Site, layouts *Layouts, md *Markdown, src fs.FS, now time.Time) *renderer {
	u := newURLs(site.Config.BaseURL)
	return &renderer{
		site:     site,
		layouts:  layouts,
		md:       md,
		safeMD:   NewMarkdown(MarkdownOptions{}),
		src:      src,
		urls:     u,
		siteView: newSiteView(site.Config, u, now),
		bufs:     newBufferPool(writeQueueLength + 64), // the queue holds buffers too
		now:      now,
	}
}

// outputPath is the file that serves a site URL: "/posts/x/" is
// "posts/x/index.html".
func outputPath(siteURL string) string {
	if strings.HasSuffix(siteURL, "/") {
		siteURL += "index.html"
	}
	return strings.TrimPrefix(siteURL, "/")
}

// pages renders every article and story, one worker per core. Each page's
// body is rendered, written and dropped; only its summary is kept.
func (r *renderer) pages(out Output) error {
	pages := append(r.site.Pages[:len(r.site.Pages):len(r.site.Pages)], r.site.Standalone...)
	errs := make(ErrorList, len(pages))
	parallel(len(pages), func(i int) {
		errs[i] = r.page(out, pages[i])
	})
	return mergeLayoutErrors(compact(errs)).errOrNil()
}

// layoutError is a layout that failed while rendering one page.
type layoutError struct {
	*FileError
	page string
}

// mergeLayoutErrors reports a broken layout once, not once per page.
func mergeLayoutErrors(errs ErrorList) ErrorList {
	var out ErrorList
	seen := map[string]*FileError{}
	count := map[string]int{}
	for _, err := range errs {
		le, ok := err.(*layoutError)
		if !ok {
			out = append(out, err)
			continue
		}
		key := le.FileError.Error()
		if count[key]++; count[key] == 1 {
			fe := *le.FileError
			seen[key] = &fe
			out = append(out, &fe)
			fe.Err = fmt.Errorf("%v (while rendering %s)", le.Err, le.page)
		}
	}
	for key, fe := range seen {
		if n := count[key] - 1; n > 0 {
			fe.Err = fmt.Errorf("%v and %d more %s)", strings.TrimSuffix(fe.Err.Error(), ")"), n, plural(n, "page", "pages"))
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (r *renderer) page(out Output, p *Page) error {
	rec := p.cached
	reuse := rec != nil && rec.Rendered && (!p.inFeed || rec.HasFeed)
	reuseCard := reuse && rec.CardHash == r.layouts.cardHash
	rel := outputPath(p.URL)
	key := r.singleKey(p)
	skip := reuse && r.old.unchanged(rel, key)

	var content *bytes.Buffer
	if reuse {
		p.SummaryHTML, p.WordCount, p.feedContent = template.HTML(rec.SummaryHTML), rec.WordCount, rec.FeedContent
	} else {
		var err error
		content = r.bufs.get()
		defer r.bufs.put(content)
		if err = r.renderBody(p, content); err != nil {
			return err
		}
	}
	// The card lists show, made once for all of them. The page's view is
	// not kept: lists make theirs when they render (see viewOf), so the
	// views of all pages are not live while pages render.
	var listView *PageView
	p.view = nil
	if reuseCard {
		p.card = template.HTML(rec.Card)
	} else {
		listView = newPageView(p, r.urls, r.site.Config)
		card := r.bufs.get()
		defer r.bufs.put(card)
		if err := r.layouts.executePartial(card, summaryPartial, listView); err != nil {
			return fmt.Errorf("%w (while rendering %s)", err, p.SourcePath)
		}
		listView.Card = template.HTML(r.text.copy(card.Bytes()))
		p.card = listView.Card
		// The built-in card holds the summary as it is: keep one copy of
		// it for the whole build, not two (80 MB at 100,000 pages).
		if sum := string(p.SummaryHTML); sum != "" {
			if i := strings.Index(string(p.card), sum); i >= 0 {
				p.SummaryHTML = template.HTML(string(p.card)[i : i+len(sum)])
			}
		}
	}
	r.remember(p)
	if r.next != nil {
		r.next.setOutput(r.text.add(rel), key)
	}
	if skip {
		return nil
	}
	if content == nil {
		// The page must be written but its body was cached: render it.
		content = r.bufs.get()
		defer r.bufs.put(content)
		if err := r.renderBody(p, content); err != nil {
			return err
		}
	}

	if listView == nil {
		listView = newPageView(p, r.urls, r.site.Config)
		listView.Card = p.card
	}
	view := *listView
	// A view of the buffer, not a copy: the page is rendered before this
	// function returns the buffer to its pool, and nothing keeps view.
	view.Content = template.HTML(unsafe.String(unsafe.SliceData(content.Bytes()), content.Len()))
	view.Share = shareLinks(p.Title, view.Permalink)
	for _, rel := range p.related {
		view.Related = append(view.Related, newPageLink(rel, r.urls))
	}
	if p.prev != nil {
		l := newPageLink(p.prev, r.urls)
		view.Prev = &l
	}
	if p.next != nil {
		l := newPageLink(p.next, r.urls)
		view.Next = &l
	}
	data := &PageData{
		Kind:        p.layoutKind(),
		Site:        r.siteView,
		Title:       p.Title,
		Description: pageDescription(p),
		URL:         view.URL,
		Permalink:   view.Permalink,
		Page:        &view,
		Feeds:       []Link{r.siteFeed()},
		Image:       r.urls.image(p.Image),
	}
	ld := r.blogPosting(p, data)
	if p.Section == SectionPages {
		ld["@type"] = "WebPage"
		delete(ld, "datePublished")
		if p.Date.IsZero() {
			delete(ld, "dateModified")
		}
	}
	data.JSONLD = jsonLD(ld)
	return r.render(out, rel, data, p.SourcePath)
}

// renderBody renders a page's Markdown into content, and sets its
// summary, word count and, for feed entries, its feed content.
func (r *renderer) renderBody(p *Page, content *bytes.Buffer) error {
	body, release, err := readBody(r.src, p)
	if err != nil {
		return err
	}
	// The rendered HTML, summary and feed content are copies: the body's
	// buffer is free again once rendered.
	defer release()
	md := r.md
	if p.SubmissionID != "" {
		md = r.safeMD
	}
	opts := RenderOptions{Summary: p.Summary}
	var feed *bytes.Buffer
	if p.inFeed {
		// Feeds are read away from the site: their links must be absolute.
		feed = r.bufs.get()
		defer r.bufs.put(feed)
		opts.FeedOut = feed
		opts.FeedBase, _ = url.Parse(r.urls.abs(p.URL))
	}
	rendered, err := md.Render(content, body, opts)
	if err != nil {
		return fileErrorf(p.SourcePath, p.bodyLine, "markdown: %v", err)
	}
	p.SummaryHTML, p.WordCount = rendered.Summary, rendered.Words
	if len(rendered.Removed) > 0 {
		msg := "raw HTML: removed " + strings.Join(rendered.Removed, ", ") + " (unsafe_html = true in site.toml keeps raw HTML as written)"
		if r.site.Config.StrictFrontMatter {
			return fileErrorf(p.SourcePath, p.bodyLine, "%s; strict_front_matter is on", msg)
		}
		if !slices.ContainsFunc(p.notes, func(n pageNote) bool { return n.Msg == msg }) {
			p.notes = append(p.notes, pageNote{Line: p.bodyLine, Msg: msg})
		}
	}
	if feed != nil {
		p.feedContent = feed.String()
	}
	return nil
}

// remember records a rendered page for the next build's cache.
func (r *renderer) remember(p *Page) {
	if r.next == nil {
		return
	}
	r.next.setRendered(p, r.layouts.cardHash)
}

// singleKey is what a page's own output is made from besides the layouts
// and config (in the cache's inputs): its source, the links to other
// pages it shows, and the year of the copyright line. Builds that keep no
// cache need no keys.
func (r *renderer) singleKey(p *Page) outputKey {
	if r.next == nil {
		return outputKey{}
	}
	kind := p.layoutKind()
	k := newKey().str(kind).hash(r.layouts.kindHash[kind]).page(p).int(int64(r.now.Year())).int(int64(len(p.related)))
	for _, rel := range p.related {
		k.str(rel.URL).str(rel.Title).time(rel.Date).str(rel.Section)
	}
	for _, n := range []*Page{p.prev, p.next} {
		if n != nil {
			k.str(n.URL).str(n.Title).time(n.Date)
		} else {
			k.str("")
		}
	}
	return k.sum()
}

func (r *renderer) siteFeed() Link {
	return Link{Name: r.site.Config.Title, URL: r.urls.rel("/feed.xml")}
}

// blogPosting is the schema.org description of an article or story.
func (r *renderer) blogPosting(p *Page, data *PageData) map[string]any {
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

// write executes a layout and writes the page at a site URL.
func (r *renderer) write(out Output, siteURL string, data *PageData, source string) error {
	rel := outputPath(siteURL)
	r.next.setOutput(rel, outputKey{})
	return r.render(out, rel, data, source)
}

// writeRaw writes a file the renderer made without a layout.
func (r *renderer) writeRaw(out Output, rel string, data []byte) error {
	r.next.setOutput(rel, outputKey{})
	return out.WriteFile(rel, data)
}

// render executes a layout into the output file rel.
func (r *renderer) render(out Output, rel string, data *PageData, source string) error {
	buf := r.bufs.get()
	if err := r.layouts.execute(buf, data.Kind, data); err != nil {
		r.bufs.put(buf)
		var fe *FileError
		if source != "" && errors.As(err, &fe) {
			return &layoutError{FileError: fe, page: source}
		}
		return err
	}
	if ow, ok := out.(ownedWriter); ok {
		return ow.writeOwned(rel, buf.Bytes(), func() { r.bufs.put(buf) })
	}
	defer r.bufs.put(buf)
	return out.WriteFile(rel, buf.Bytes())
}

// lists renders every page made of other pages: home, sections, tags and
// their feeds, the sitemap, robots.txt and 404.html. It runs after every
// page's summary is known.
func (r *renderer) lists(out Output) error {
	cfg := r.site.Config
	var jobs []func() error
	var sitemapURLs []sitemapURL
	// Each page's place, and how many of the lists below show it.
	for i, p := range r.site.Pages {
		p.listRank, p.listUses = int32(i), 0
	}
	r.views.live, r.views.peak = 0, 0
	var listJobs []listJob
	addList := func(kind, base, title, description string, pages []*Page, extra func(*PageData)) {
		for _, pg := range paginate(base, pages, cfg.PerPage) {
			if !r.touches(pg.Pages) {
				continue
			}
			job := listJob{pages: pg.Pages, run: func() error { return r.list(out, kind, title, description, pg, extra) }}
			if len(pg.Pages) > 0 {
				job.rank = pg.Pages[0].listRank
			}
			for _, p := range pg.Pages {
				p.listUses++
			}
			listJobs = append(listJobs, job)
			sitemapURLs = append(sitemapURLs, r.sitemapEntry(pg.URL(), newestUpdate(pg.Pages)))
		}
	}

	addList("home", "/", "", cfg.Description, r.site.Pages, func(d *PageData) {
		d.JSONLD = jsonLD(map[string]any{
			"@context": "https://schema.org", "@type": "Blog",
			"name": cfg.Title, "description": cfg.Description, "url": cfg.BaseURL, "inLanguage": cfg.Language,
		})
	})
	for _, section := range []string{SectionPosts, SectionStories} {
		title := sectionTitle(section)
		addList("section", "/"+section+"/", title, title+" from "+cfg.Title, r.site.Sections[section], nil)
	}
	taxonomyViews := make([]TaxonomyView, len(r.site.Taxonomies))
	termViews := make([][]TagView, len(r.site.Taxonomies))
	for ti, tax := range r.site.Taxonomies {
		taxView := newTaxonomyView(tax.Name, r.urls)
		taxonomyViews[ti] = taxView
		termViews[ti] = make([]TagView, len(tax.Terms))
		for i, t := range tax.Terms {
			tag, view := t, newTagView(t, r.urls)
			termViews[ti][i] = view
			title := "Tagged “" + tag.Name + "”"
			if tax.Name != "tags" {
				title = taxView.Singular + " “" + tag.Name + "”"
				title = strings.ToUpper(title[:1]) + title[1:]
			}
			addList("tag", tag.URL(), title, fmt.Sprintf("Articles and stories about %s from %s", tag.Name, cfg.Title), tag.Pages, func(d *PageData) {
				d.List.Tag = &view
				d.Taxonomy = &taxView
				d.Feeds = append(d.Feeds, Link{Name: cfg.Title + ": " + tag.Name, URL: view.FeedURL})
			})
			if r.touches(tag.Pages[:min(len(tag.Pages), feedSize)]) {
				jobs = append(jobs, func() error {
					return r.writeFeed(out, cfg.Title+": "+tag.Name, "", tag.URL()+"feed.xml", tag.URL(), tag.Pages)
				})
			}
		}
	}
	if r.touched != nil {
		// Only bodies changed: the tags index, the sitemap and the pages
		// that show no page stay as they are.
		if r.touches(r.site.Pages[:min(len(r.site.Pages), feedSize)]) {
			jobs = append(jobs, func() error { return r.writeFeed(out, cfg.Title, cfg.Description, "/feed.xml", "/", r.site.Pages) })
		}
		return r.runLists(listJobs, jobs)
	}
	for ti, tax := range r.site.Taxonomies {
		if len(tax.Terms) == 0 && tax.Name != "tags" {
			continue // the tags index is linked from every page; the others only from their terms
		}
		taxView, terms := &taxonomyViews[ti], termViews[ti]
		index := "/" + tax.Name + "/"
		jobs = append(jobs, func() error {
			return r.write(out, index, &PageData{
				Kind: "tags", Site: r.siteView, Title: taxView.Title,
				Description: taxonomyDescription(taxView, cfg.Title),
				URL:         r.urls.rel(index), Permalink: r.urls.abs(index),
				Tags: terms, Taxonomy: taxView, Feeds: []Link{r.siteFeed()},
			}, "")
		})
		sitemapURLs = append(sitemapURLs, r.sitemapEntry(index, newestUpdate(r.site.Pages)))
	}
	jobs = append(jobs, r.redirectJobs(out)...)
	jobs = append(jobs,
		func() error { return r.writeFeed(out, cfg.Title, cfg.Description, "/feed.xml", "/", r.site.Pages) },
		func() error {
			return r.write(out, "/404.html", &PageData{
				Kind: "404", Site: r.siteView, Title: "Page not found",
				Description: "This page does not exist.",
				URL:         r.urls.rel("/404.html"), Permalink: r.urls.abs("/404.html"),
			}, "")
		},
		func() error {
			robots := "User-agent: *\nAllow: /\n\nSitemap: " + r.urls.abs("/sitemap.xml") + "\n"
			return r.writeRaw(out, "robots.txt", []byte(robots))
		},
	)
	jobs = append(jobs, r.submitPages(out)...)
	sitemapURLs = append(sitemapURLs, r.sitemapEntry(formPath, time.Time{}))
	for _, p := range r.site.Pages {
		sitemapURLs = append(sitemapURLs, r.sitemapEntry(p.URL, p.Updated()))
	}
	for _, p := range r.site.Standalone {
		sitemapURLs = append(sitemapURLs, r.sitemapEntry(p.URL, p.Updated()))
	}
	jobs = append(jobs, func() error {
		k := newKey().str("sitemap")
		for _, u := range sitemapURLs {
			k.str(u.Loc).str(u.Lastmod)
		}
		key := k.sum()
		same := r.old.unchanged("sitemap.xml", key)
		r.next.setOutput("sitemap.xml", key)
		if same {
			return nil
		}
		data, err := marshalXML(sitemap{URLs: sitemapURLs}, 256*len(sitemapURLs))
		if err != nil {
			return err
		}
		return out.WriteFile("sitemap.xml", data)
	})
	return r.runLists(listJobs, jobs)
}

// listJob renders one page of a list.
type listJob struct {
	rank  int32 // of its newest page
	pages []*Page
	run   func() error
}

// runLists runs the list jobs and then the others, all in parallel.
// Lists run in the order of their newest page, so that the lists showing
// a page render close together and its view is dropped once the last of
// them is done: the views of all pages are never live at once (60 MB at
// 100,000 pages).
func (r *renderer) runLists(lists []listJob, others []func() error) error {
	slices.SortStableFunc(lists, func(a, b listJob) int { return cmp.Compare(a.rank, b.rank) })
	errs := make(ErrorList, len(lists)+len(others))
	parallel(len(errs), func(i int) {
		if i >= len(lists) {
			errs[i] = others[i-len(lists)]()
			return
		}
		errs[i] = lists[i].run()
		for _, p := range lists[i].pages {
			if atomic.AddInt32(&p.listUses, -1) == 0 {
				r.viewMu.Lock()
				if p.view != nil {
					p.view = nil
					r.views.live--
				}
				r.viewMu.Unlock()
			}
		}
	})
	return compact(errs).errOrNil()
}

func (r *renderer) sitemapEntry(sitePath string, lastmod time.Time) sitemapURL {
	e := sitemapURL{Loc: r.urls.abs(sitePath)}
	if !lastmod.IsZero() {
		e.Lastmod = atomTime(lastmod)
	}
	return e
}

func (r *renderer) writeFeed(out Output, title, subtitle, feedPath, htmlPath string, pages []*Page) error {
	rel := strings.TrimPrefix(feedPath, "/")
	entries := pages[:min(len(pages), feedSize)]
	if len(entries) > 0 { // an empty feed is dated now, so it has no stable key
		k := newKey().str("feed").str(title).str(subtitle).str(feedPath).str(htmlPath)
		for _, p := range entries {
			k.page(p)
		}
		key := k.sum()
		same := r.old.unchanged(rel, key)
		r.next.setOutput(rel, key)
		if same {
			return nil
		}
	} else {
		r.next.setOutput(rel, outputKey{})
	}
	data, err := r.feed(title, subtitle, feedPath, htmlPath, pages)
	if err != nil {
		return fmt.Errorf("feed %s: %w", feedPath, err)
	}
	return out.WriteFile(rel, data)
}

func (r *renderer) list(out Output, kind, title, description string, pg pagerPage, extra func(*PageData)) error {
	list := &ListView{Title: title, Pager: Pager{Number: pg.Number, Total: pg.Total}}
	if pg.Number > 1 {
		list.Pager.PrevURL = r.urls.rel(pageURL(pg.base, pg.Number-1))
	}
	if pg.Number < pg.Total {
		list.Pager.NextURL = r.urls.rel(pageURL(pg.base, pg.Number+1))
	}
	docTitle := title
	if pg.Number > 1 {
		docTitle = strings.TrimSpace(fmt.Sprintf("%s (page %d of %d)", title, pg.Number, pg.Total))
	}
	data := &PageData{
		Kind: kind, Site: r.siteView, Title: docTitle, Description: description,
		URL: r.urls.rel(pg.URL()), Permalink: r.urls.abs(pg.URL()), List: list,
		Feeds: []Link{r.siteFeed()},
	}
	if extra != nil {
		extra(data)
	}
	rel := outputPath(pg.URL())
	if r.next == nil {
		return r.renderList(out, rel, data, pg.Pages)
	}
	k := newKey().str(kind).hash(r.layouts.kindHash[kind]).str(rel).str(title).str(description).int(int64(pg.Number)).int(int64(pg.Total)).int(int64(r.now.Year()))
	if data.List.Tag != nil {
		k.str(data.List.Tag.Name).int(int64(data.List.Tag.Count))
	}
	for _, p := range pg.Pages {
		k.page(p)
	}
	key := k.sum()
	same := r.old.unchanged(rel, key) // before setOutput: the dev server's old and next may be one
	r.next.setOutput(rel, key)
	if same {
		return nil
	}
	return r.renderList(out, rel, data, pg.Pages)
}

// renderList renders a list page once it is known to be needed: only
// then are the views of its pages made (see viewOf).
func (r *renderer) renderList(out Output, rel string, data *PageData, pages []*Page) error {
	for _, p := range pages {
		data.List.Pages = append(data.List.Pages, r.viewOf(p))
	}
	return r.render(out, rel, data, "")
}

// viewOf returns a page as lists show it, made on first use: after one
// edit most lists are not rendered at all, and while pages render the
// views of all pages would only add to the live heap.
func (r *renderer) viewOf(p *Page) *PageView {
	r.viewMu.Lock()
	defer r.viewMu.Unlock()
	if p.view == nil {
		p.view = newPageView(p, r.urls, r.site.Config)
		p.view.Card = p.card
		r.views.live++
		r.views.peak = max(r.views.peak, r.views.live)
	}
	return p.view
}

// pageDescription is the page's description, else its summary as text,
// cut at a word boundary near 160 characters for search results.
func pageDescription(p *Page) string {
	if p.Description != "" {
		return p.Description
	}
	if p.Summary != "" {
		return truncateText(p.Summary, 160)
	}
	return truncateText(htmlToText(string(p.SummaryHTML)), 160)
}

// htmlToText drops tags and decodes entities of trusted, rendered HTML,
// with runs of space made one.
func htmlToText(s string) string {
	if !utf8.ValidString(s) {
		return htmlToTextRunes(s)
	}
	// '<' and '>' never occur inside a multi-byte rune: bytes will do.
	text := make([]byte, 0, len(s))
	inTag := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			inTag = true
		case c == '>' && inTag:
			inTag = false
		case !inTag:
			text = append(text, c)
		}
	}
	if bytes.IndexByte(text, '&') >= 0 {
		text = []byte(html.UnescapeString(string(text)))
	}
	return collapseSpace(text)
}

// htmlToTextRunes is htmlToText for text that is not valid UTF-8, whose
// bad bytes become U+FFFD.
func htmlToTextRunes(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// collapseSpace is strings.Join(strings.Fields(text), " ") in one pass.
func collapseSpace(text []byte) string {
	out := make([]byte, 0, len(text))
	space := false
	for i := 0; i < len(text); {
		c := text[i]
		size, isSpace := 1, false
		if c < utf8.RuneSelf {
			isSpace = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
		} else {
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = len(out) > 0
		} else {
			if space {
				out = append(out, ' ')
				space = false
			}
			out = append(out, text[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

// truncateText cuts s to at most limit runes, at a space when one is in
// the second half, and marks the cut with an ellipsis.
func truncateText(s string, limit int) string {
	if !utf8.ValidString(s) {
		return truncateTextRunes(s, limit)
	}
	end, n := 0, 0
	for end < len(s) && n < limit {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		n++
	}
	if end == len(s) {
		return s
	}
	prefix := s[:end]
	cut := strings.LastIndexByte(prefix, ' ')
	if cut < limit/2 {
		cut = len(prefix)
	}
	return strings.TrimRight(prefix[:cut], " ,.;:") + "…"
}

// truncateTextRunes is truncateText for text that is not valid UTF-8.
func truncateTextRunes(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)[:limit]
	cut := strings.LastIndexByte(string(runes), ' ')
	if cut < limit/2 {
		cut = len(string(runes))
	}
	return strings.TrimRight(string(runes)[:cut], " ,.;:") + "…"
}

func compact(errs ErrorList) ErrorList {
	out := errs[:0]
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// jsonLD marshals structured data for a script element. encoding/json
// escapes <, > and &, so the result cannot close the element.
func jsonLD(v map[string]any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(data)
}

// redirectJobs write a page at each old URL that sends readers to the
// page's URL now, and the same list as _redirects, for hosts that redirect
// themselves (Netlify, Cloudflare Pages).
func (r *renderer) redirectJobs(out Output) []func() error {
	if len(r.site.Redirects) == 0 {
		return nil
	}
	jobs := []func() error{func() error {
		entries := make([]permalink.Redirect, len(r.site.Redirects))
		for i, rd := range r.site.Redirects {
			entries[i] = permalink.Redirect{From: r.urls.root + strings.TrimPrefix(permalink.AliasURL(rd.file), "/"), To: r.urls.rel(rd.page.URL)}
		}
		return r.writeRaw(out, "_redirects", permalink.Redirects(entries))
	}}
	for _, rd := range r.site.Redirects {
		jobs = append(jobs, func() error {
			page := permalink.RedirectPage(r.urls.rel(rd.page.URL), r.urls.abs(rd.page.URL), rd.page.Title)
			return r.writeRaw(out, rd.file, page)
		})
	}
	return jobs
}

func taxonomyDescription(t *TaxonomyView, site string) string {
	if t.Name == "tags" {
		return "Every topic of " + site + ", with the number of articles and stories on each."
	}
	return "Every " + t.Singular + " of " + site + ", with the number of articles and stories in each."
}
