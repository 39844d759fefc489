package render

import (
	"bytes"
	"encoding/xml"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/site"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// Atom 1.0 (RFC 4287), written with encoding/xml so that every value is
// escaped by the encoder and never by hand.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    *atomPerson `xml:"author,omitempty"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Base string `xml:"xml:base,attr,omitempty"`
	Body string `xml:",chardata"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed builds the Atom document of a list of pages (newest first).
func (r *Renderer) feed(title, subtitle, feedPath, htmlPath string, pages []*site.Page) ([]byte, error) {
	cfg := r.site.Config
	pages = pages[:min(len(pages), site.FeedSize)]
	f := atomFeed{
		Lang:     cfg.Language,
		Title:    title,
		Subtitle: subtitle,
		ID:       r.urls.abs(feedPath),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.urls.abs(feedPath)},
			{Rel: "alternate", Type: "text/html", Href: r.urls.abs(htmlPath)},
		},
		Author:    &atomPerson{Name: siteAuthor(cfg)},
		Generator: "Rainmaker",
	}
	var updated time.Time
	for _, p := range pages {
		if p.Updated().After(updated) {
			updated = p.Updated()
		}
		permalink := r.urls.abs(p.URL)
		e := atomEntry{
			Title:     p.Title,
			ID:        permalink,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: permalink}},
			Published: atomTime(p.Date),
			Updated:   atomTime(p.Updated()),
			Summary:   &atomText{Type: "html", Body: string(p.SummaryHTML)},
			Content:   &atomText{Type: "html", Base: permalink, Body: p.FeedContent},
		}
		if author := pageAuthor(p, cfg); author != "" {
			e.Author = &atomPerson{Name: author}
		}
		for _, t := range p.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: slug.CachedTerm(t), Label: t})
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		updated = r.now
	}
	f.Updated = atomTime(updated)
	size := 1024
	for _, e := range f.Entries {
		size += 1024
		if e.Content != nil {
			size += len(e.Content.Body) * 5 / 4 // escaping makes HTML longer
		}
	}
	return marshalXML(f, size)
}

// Sitemaps protocol 0.9.
type sitemap struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// sizeHint is roughly the size of the document, to grow its buffer once.
func marshalXML(v any, sizeHint int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(sizeHint)
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// newestUpdate is the latest update of a list of pages, for lastmod.
func newestUpdate(pages []*site.Page) time.Time {
	var t time.Time
	for _, p := range pages {
		if p.Updated().After(t) {
			t = p.Updated()
		}
	}
	return t
}

func siteAuthor(cfg config.Config) string {
	if cfg.Author != "" {
		return cfg.Author
	}
	return cfg.Title
}

// pageAuthor is who wrote a page: its author, the storyteller of a story,
// else the site's author for articles.
func pageAuthor(p *site.Page, cfg config.Config) string {
	switch {
	case p.Author != "":
		return p.Author
	case p.Section == config.SectionStories:
		return p.Name
	}
	return cfg.Author
}
