package importer

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/importer/htmlmd"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// doc is one entry on its way to a file.
type doc struct {
	e      *Entry
	slug   string
	fm     frontMatter
	body   string
	images bundleImages
	path   string    // site-relative, slash-separated
	url    string    // where the build publishes it
	date   time.Time // as the build reads it
	old    string    // the old URL's path, when a redirect can serve it
}

// reservedPages are names a standalone page cannot take: the site's
// own folders.
var reservedPages = map[string]bool{"posts": true, "stories": true, "tags": true, "categories": true,
	"page": true, "submit": true, "api": true, "static": true, "feed-xml": true}

// prepare turns the entries into docs: checked, converted, with their
// images found. What cannot be imported is reported and left out.
func prepare(src *source, s *site, m *media, rep *Report) []*doc {
	taken := map[string]*Entry{}
	var docs []*doc
	for i := range src.entries {
		e := &src.entries[i]
		sl, ok := entrySlug(e, s, rep, taken)
		if !ok {
			continue
		}
		d := &doc{e: e, slug: sl}
		if err := d.convert(src, s.cfg.Location(), m, rep); err != nil {
			rep.skip(e, err.Error())
			delete(taken, kindDir[e.Kind]+"/"+sl)
			continue
		}
		d.path = docPath(e.Kind, sl, len(d.images.order) > 0)
		rep.count(e)
		docs = append(docs, d)
	}
	return docs
}

// entrySlug checks an entry's title and slug, and returns the slug its
// file is named by.
func entrySlug(e *Entry, s *site, rep *Report, taken map[string]*Entry) (string, bool) {
	raw := e.Slug
	if u, err := url.PathUnescape(raw); err == nil {
		raw = u // WordPress keeps non-ASCII slugs percent-encoded
	}
	if strings.ContainsAny(raw, `/\`) || strings.Contains(raw, "..") {
		rep.skip(e, fmt.Sprintf("its slug %q would name a file outside content/; give it a plain slug in the old blog and export again", e.Slug))
		return "", false
	}
	if strings.TrimSpace(e.Title) == "" {
		e.Title = titleFromSlug(raw)
		rep.warn(e, fmt.Sprintf("it has no title; it is titled %q, from its slug: give it a better one", e.Title))
	}
	sl := slug.Make(raw)
	if sl == "" {
		sl = slug.Make(e.Title)
	}
	if sl == "" {
		rep.skip(e, "neither its slug nor its title has letters or digits to make a file name from")
		return "", false
	}
	if e.Kind == KindPage && (reservedPages[sl] || containsFold(s.cfg.Taxonomies, sl)) {
		rep.warn(e, fmt.Sprintf("/%s/ is a folder of the site, so the page is named %s-page; its old URL redirects there", sl, sl))
		sl += "-page"
	}
	dir := kindDir[e.Kind]
	if other, dup := taken[dir+"/"+sl]; dup {
		n := 2
		for taken[fmt.Sprintf("%s/%s-%d", dir, sl, n)] != nil {
			n++
		}
		rep.warn(e, fmt.Sprintf("it has the slug %q of %s too, so it is named %s-%d; its old URL redirects there", sl, other.label(), sl, n))
		sl = fmt.Sprintf("%s-%d", sl, n)
	}
	taken[dir+"/"+sl] = e
	return sl, true
}

// convert turns the entry's body into Markdown and its front matter,
// finding its images.
func (d *doc) convert(src *source, loc *time.Location, m *media, rep *Report) error {
	e := d.e
	image := func(u string) string {
		rel, remote, err := m.resolve(u)
		switch {
		case err != nil:
			rep.warn(e, err.Error())
		case rel != "":
			return d.images.name(rel)
		case remote != "":
			rep.remote(e, remote)
			return remote
		}
		return u
	}
	link := func(h string) string {
		h = strings.ReplaceAll(h, "__GHOST_URL__", "") // Ghost's own pages, now on this site
		if p, err := url.Parse(h); err == nil && imageExts[strings.ToLower(path.Ext(p.Path))] {
			return image(h)
		}
		return h
	}
	res, err := htmlmd.Convert(e.HTML, htmlmd.Options{WordPress: src.wordpress, Image: image, Link: link})
	if err != nil {
		return fmt.Errorf("its body cannot be read: %v", err)
	}
	for _, what := range res.Unconverted {
		rep.unconverted(e, what)
	}
	d.body = res.Markdown
	d.fm = frontMatter{Title: e.Title, Draft: e.Draft, Author: e.Author, Tags: e.Tags, Categories: e.Categories,
		Summary: strings.TrimSpace(e.Summary)}
	if !e.Date.IsZero() {
		t := e.Date.In(loc) // written in the site's time zone, as its URLs read it
		d.fm.Date = &t
	} else if e.Kind != KindPage {
		return fmt.Errorf("it has no date; give it one in the old blog and export again")
	}
	if e.Image != "" {
		d.fm.Image = image(e.Image)
	}
	return nil
}

// docPath is where an entry's file goes: a page bundle when images go
// beside it.
func docPath(kind, sl string, bundle bool) string {
	dir := "content/"
	if kindDir[kind] != "" {
		dir += kindDir[kind] + "/"
	}
	if bundle {
		return dir + sl + "/index.md"
	}
	return dir + sl + ".md"
}

func titleFromSlug(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(s))
	if s == "" {
		return "Untitled"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
