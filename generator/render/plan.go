package render

import (
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/site"
	"github.com/rainmaker-blog/rainmaker/internal/parallel"
)

// A Plan lists every file of the site as a job: its path, its key (see
// keys.go) and how to make it. It is made from the assembled site alone,
// before anything is rendered; executing it makes only the files that
// are not fresh (see publishJob) and carries the rest.
type Plan struct {
	pages []job // each page's own file, made first: lists show their summaries and cards
	rest  []job // lists, feeds, the sitemap, redirects, the form, static files
}

type job struct {
	path string
	key  outputKey
	// prepare, when set, runs whether or not the file is made: a page's
	// summary and card, which lists need either way. willMake says
	// whether make will be called.
	prepare func(willMake bool) error
	make    func() (data []byte, release func(), err error)
}

// Plan lists the files of the assembled site.
func (r *Renderer) Plan() (*Plan, error) {
	pages := append(r.site.Pages[:len(r.site.Pages):len(r.site.Pages)], r.site.Standalone...)
	pl := &Plan{pages: make([]job, len(pages))}
	memo := r.memo.planKeys(r.layouts, r.keys.year, r.imagesKey())
	// Keys hash what each file shows: on every core.
	parallel.For(len(pages), func(i int) { identify(pages[i]) })
	parallel.For(len(pages), func(i int) {
		j := r.pageJob(pages[i])
		if memo != nil && i < len(memo.pagePaths) && memo.pagePaths[i] == j.path && r.memo.Unchanged(pages[i:i+1]) {
			j.key = memo.pageKeys[i]
		} else {
			j.key = r.keys.page(pages[i])
		}
		pl.pages[i] = j
	})
	lists := r.lists()
	pl.rest = make([]job, len(lists))
	parallel.For(len(lists), func(i int) {
		j := r.listJob(lists[i])
		if memo != nil && i < len(memo.listPaths) && memo.listPaths[i] == j.path && r.memo.Unchanged(lists[i].pg.Pages) {
			j.key = memo.listKeys[i]
		} else {
			j.key = r.listKey(lists[i], j.path)
		}
		pl.rest[i] = j
	})
	cfg := r.site.Config
	pl.rest = append(pl.rest, r.feedJob(cfg.Title, cfg.Description, "/feed.xml", "/", r.site.Pages))
	for _, tax := range r.site.Taxonomies {
		for _, t := range tax.Terms {
			pl.rest = append(pl.rest, r.feedJob(cfg.Title+": "+t.Name, "", t.URL()+"feed.xml", t.URL(), t.Pages))
		}
		if len(tax.Terms) == 0 && tax.Name != "tags" {
			continue // the tags index is linked from every page; the others only from their terms
		}
		pl.rest = append(pl.rest, r.termsJob(tax))
	}
	pl.rest = append(pl.rest, r.redirectJobs()...)
	pl.rest = append(pl.rest, r.formJobs()...)
	pl.rest = append(pl.rest, r.layoutJob("404", "/404.html", &layouts.PageData{
		Kind: "404", Site: r.siteView, Title: cfg.Text("not_found"), Description: cfg.Text("not_found_lede"),
		URL: r.urls.rel("/404.html"), Permalink: r.urls.abs("/404.html"),
	}))
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + r.urls.abs("/sitemap.xml") + "\n"
	pl.rest = append(pl.rest, bytesJob("robots.txt", r.keys.config("robots.txt"), []byte(robots)))

	var entries []sitemapURL
	var sitemapKey outputKey
	if memo != nil {
		entries, sitemapKey = memo.sitemapEntries, memo.sitemapKey // they name pages' URLs and dates alone
	} else {
		entries = r.sitemapEntries(lists)
		sitemapKey = r.keys.sitemap(entries)
	}
	pl.rest = append(pl.rest, job{path: "sitemap.xml", key: sitemapKey, make: func() ([]byte, func(), error) {
		data, err := marshalXML(sitemap{URLs: entries}, 256*len(entries))
		return data, nil, err
	}})
	if r.memo != nil {
		r.memo.remember(pl, len(lists), r.layouts, r.keys.year, r.imagesKey(), entries, sitemapKey)
	}
	static, err := r.staticJobs()
	if err != nil {
		return nil, err
	}
	pl.rest = append(pl.rest, static...)
	pl.rest = append(pl.rest, r.imageJobs()...)
	pl.rest = append(pl.rest, r.cardJobs(pages)...)
	return pl, nil
}

// sitemapEntries lists every URL of the site with its last change.
func (r *Renderer) sitemapEntries(lists []listPage) []sitemapURL {
	var entries []sitemapURL
	for _, l := range lists {
		entries = append(entries, r.sitemapEntry(l.pg.URL(), newestUpdate(l.pg.Pages)))
	}
	for _, tax := range r.site.Taxonomies {
		if len(tax.Terms) > 0 || tax.Name == "tags" {
			entries = append(entries, r.sitemapEntry("/"+tax.Name+"/", newestUpdate(r.site.Pages)))
		}
	}
	entries = append(entries, r.sitemapEntry(formPath, time.Time{}))
	for _, p := range r.site.Pages {
		entries = append(entries, r.sitemapEntry(p.URL, p.Updated()))
	}
	for _, p := range r.site.Standalone {
		entries = append(entries, r.sitemapEntry(p.URL, p.Updated()))
	}
	return entries
}

// ExecutePages publishes each page's own file through w, on every core.
// It runs before ExecuteRest: making a page sets the summary and card
// that lists and feeds show of it.
func (pl *Plan) ExecutePages(w publish.Writer) error { return execute(pl.pages, w) }

// ExecuteRest publishes the lists, feeds and every other file, once the
// pages are done.
func (pl *Plan) ExecuteRest(w publish.Writer) error { return execute(pl.rest, w) }

// Files yields the path and key of every file of the plan, in plan order:
// what a build of the site consists of, whether made or carried.
func (pl *Plan) Files() iter.Seq2[string, publish.Key] {
	return func(yield func(string, publish.Key) bool) {
		for _, jobs := range [][]job{pl.pages, pl.rest} {
			for _, j := range jobs {
				if !yield(j.path, j.key) {
					return
				}
			}
		}
	}
}

// execute publishes jobs through w on every core.
func execute(jobs []job, w publish.Writer) error {
	errs := make(report.List, len(jobs))
	parallel.For(len(jobs), func(i int) { errs[i] = publishJob(w, &jobs[i]) })
	return mergeLayoutErrors(compact(errs)).ErrOrNil()
}

// publishJob is where a build decides what to make: a file whose key is
// the one the previous build made it with, and which is still as that
// build left it, is carried; every other file is made and written.
func publishJob(w publish.Writer, j *job) error {
	fresh := w.Fresh(j.path, j.key)
	if j.prepare != nil {
		if err := j.prepare(!fresh); err != nil {
			return err
		}
	}
	if fresh && w.Carry(j.path, j.key) == nil {
		return nil
	}
	data, release, err := j.make()
	if err != nil {
		return err
	}
	if release == nil {
		release = func() {} // the bytes are new and nobody else's: no copy
	}
	return w.Write(j.path, j.key, data, release)
}

func bytesJob(path string, key outputKey, data []byte) job {
	return job{path: path, key: key, make: func() ([]byte, func(), error) { return data, nil, nil }}
}

// layoutJob renders a page of a layout and the config alone.
func (r *Renderer) layoutJob(kind, siteURL string, data *layouts.PageData) job {
	return job{path: permalink.File(siteURL), key: r.keys.layout(kind), make: func() ([]byte, func(), error) {
		return r.renderLayout(data, "")
	}}
}

func (r *Renderer) feedJob(title, subtitle, feedPath, htmlPath string, pages []*site.Page) job {
	entries := pages[:min(len(pages), site.FeedSize)]
	return job{path: strings.TrimPrefix(feedPath, "/"), key: r.keys.feed(title, subtitle, feedPath, htmlPath, entries, r.now),
		make: func() ([]byte, func(), error) {
			data, err := r.feed(title, subtitle, feedPath, htmlPath, entries)
			if err != nil {
				return nil, nil, fmt.Errorf("feed %s: %w", feedPath, err)
			}
			return data, nil, nil
		}}
}

// termsJob renders a taxonomy's index: every term with its count.
func (r *Renderer) termsJob(tax *site.Taxonomy) job {
	index := "/" + tax.Name + "/"
	return job{path: permalink.File(index), key: r.keys.terms(tax), make: func() ([]byte, func(), error) {
		taxView := newTaxonomyView(tax.Name, r.urls)
		terms := make([]layouts.TagView, len(tax.Terms))
		for i, t := range tax.Terms {
			terms[i] = newTagView(t, r.urls)
		}
		return r.renderLayout(&layouts.PageData{
			Kind: "tags", Site: r.siteView, Title: taxView.Title,
			Description: taxonomyDescription(&taxView, &r.site.Config),
			URL:         r.urls.rel(index), Permalink: r.urls.abs(index),
			Tags: terms, Taxonomy: &taxView, Feeds: []layouts.Link{r.siteFeed()},
		}, "")
	}}
}

// redirectJobs write a page at each old URL that sends readers to the
// page's URL now, and the same list as _redirects, for hosts that
// redirect themselves (Netlify, Cloudflare Pages).
func (r *Renderer) redirectJobs() []job {
	if len(r.site.Redirects) == 0 {
		return nil
	}
	jobs := []job{{path: "_redirects", key: r.keys.redirects(r.site.Redirects), make: func() ([]byte, func(), error) {
		entries := make([]permalink.Redirect, len(r.site.Redirects))
		for i, rd := range r.site.Redirects {
			entries[i] = permalink.Redirect{From: r.urls.root + strings.TrimPrefix(permalink.AliasURL(rd.File), "/"), To: r.urls.rel(rd.Page.URL)}
		}
		return permalink.Redirects(entries), nil, nil
	}}}
	for _, rd := range r.site.Redirects {
		jobs = append(jobs, job{path: rd.File, key: r.keys.redirect(rd.Page), make: func() ([]byte, func(), error) {
			return permalink.RedirectPage(r.urls.rel(rd.Page.URL), r.urls.abs(rd.Page.URL), rd.Page.Title), nil, nil
		}})
	}
	return jobs
}

func taxonomyDescription(t *layouts.TaxonomyView, cfg *config.Config) string {
	if t.Name == "tags" {
		return layouts.Fill(cfg.Text("tags_description"), "site", cfg.Title)
	}
	return layouts.Fill(cfg.Text("taxonomy_description"), "taxonomy", t.Singular, "site", cfg.Title)
}
