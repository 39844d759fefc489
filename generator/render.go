package generator

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"strings"
	"time"
	"unicode/utf8"
)

// renderer turns the assembled site into files.
type renderer struct {
	site     *Site
	layouts  *Layouts
	md       *Markdown
	src      fs.FS
	urls     urls
	siteView *SiteView
	bufs     *bufferPool
}

func newRenderer(site *Site, layouts *Layouts, md *Markdown, src fs.FS, now time.Time) *renderer {
	u := newURLs(site.Config.BaseURL)
	return &renderer{
		site:     site,
		layouts:  layouts,
		md:       md,
		src:      src,
		urls:     u,
		siteView: newSiteView(site.Config, u, now),
		bufs:     newBufferPool(64),
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
	pages := r.site.Pages
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
	body, err := readBody(r.src, p)
	if err != nil {
		return err
	}
	content := r.bufs.get()
	defer r.bufs.put(content)
	rendered, err := r.md.Render(content, body, p.Summary)
	if err != nil {
		return fileErrorf(p.SourcePath, p.bodyLine, "markdown: %v", err)
	}
	p.SummaryHTML, p.WordCount = rendered.Summary, rendered.Words
	view := newPageView(p, r.urls, r.site.Config)
	view.Content = template.HTML(content.String())
	data := &PageData{
		Kind:        "single",
		Site:        r.siteView,
		Title:       p.Title,
		Description: pageDescription(p),
		URL:         view.URL,
		Permalink:   view.Permalink,
		Page:        view,
	}
	return r.write(out, p.URL, data, p.SourcePath)
}

// write executes a layout and writes the page at a site URL.
func (r *renderer) write(out Output, siteURL string, data *PageData, source string) error {
	buf := r.bufs.get()
	defer r.bufs.put(buf)
	if err := r.layouts.execute(buf, data.Kind, data); err != nil {
		var fe *FileError
		if source != "" && errors.As(err, &fe) {
			return &layoutError{FileError: fe, page: source}
		}
		return err
	}
	return out.WriteFile(outputPath(siteURL), buf.Bytes())
}

// lists renders the home page, the section lists and the 404 page, after
// every page's summary is known.
func (r *renderer) lists(out Output) error {
	var jobs []func() error
	cfg := r.site.Config
	addList := func(kind, base, title, description string, pages []*Page) {
		for _, pg := range paginate(base, pages, cfg.PerPage) {
			jobs = append(jobs, func() error { return r.list(out, kind, title, description, pg) })
		}
	}
	addList("home", "/", "", cfg.Description, r.site.Pages)
	for _, section := range []string{SectionPosts, SectionStories} {
		title := sectionTitle(section)
		addList("section", "/"+section+"/", title, title+" from "+cfg.Title, r.site.Sections[section])
	}
	jobs = append(jobs, func() error {
		return r.write(out, "/404.html", &PageData{
			Kind: "404", Site: r.siteView, Title: "Page not found",
			Description: "This page does not exist.",
			URL:         r.urls.rel("/404.html"), Permalink: r.urls.abs("/404.html"),
		}, "")
	})
	errs := make(ErrorList, len(jobs))
	parallel(len(jobs), func(i int) { errs[i] = jobs[i]() })
	return compact(errs).errOrNil()
}

func (r *renderer) list(out Output, kind, title, description string, pg pagerPage) error {
	list := &ListView{Title: title, Pager: Pager{Number: pg.Number, Total: pg.Total}}
	if pg.Number > 1 {
		list.Pager.PrevURL = r.urls.rel(pageURL(pg.base, pg.Number-1))
	}
	if pg.Number < pg.Total {
		list.Pager.NextURL = r.urls.rel(pageURL(pg.base, pg.Number+1))
	}
	for _, p := range pg.Pages {
		list.Pages = append(list.Pages, newPageView(p, r.urls, r.site.Config))
	}
	docTitle := title
	if pg.Number > 1 {
		docTitle = strings.TrimSpace(fmt.Sprintf("%s (page %d of %d)", title, pg.Number, pg.Total))
	}
	return r.write(out, pg.URL(), &PageData{
		Kind: kind, Site: r.siteView, Title: docTitle, Description: description,
		URL: r.urls.rel(pg.URL()), Permalink: r.urls.abs(pg.URL()), List: list,
	}, "")
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

// htmlToText drops tags and decodes entities of trusted, rendered HTML.
func htmlToText(s string) string {
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

func truncateText(s string, limit int) string {
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
