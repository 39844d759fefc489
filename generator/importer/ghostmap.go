package importer

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/importer/ghost"
)

// Ghost imports a Ghost export (JSON) into the site.
func Ghost(opts Options) (*Report, error) {
	data, err := os.ReadFile(opts.Export)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	ex, err := ghost.Read(data)
	if err != nil {
		if pe, ok := err.(*ghost.ParseError); ok && pe.Line > 0 {
			return nil, fmt.Errorf("import: %s:%d: %s", opts.Export, pe.Line, pe.Msg)
		}
		return nil, fmt.Errorf("import: %s: %w", opts.Export, err)
	}
	var urls []string
	for _, p := range ex.Posts {
		urls = append(urls, p.URL)
	}
	src := &source{name: opts.Export, title: ex.Title, origin: origin(urls...), media: ghostMedia}
	s, err := loadSite(opts.Site, src)
	if err != nil {
		return nil, err
	}
	for _, p := range ex.Posts {
		e, warnings := ghostEntry(p)
		src.entries = append(src.entries, e)
		for _, w := range warnings {
			src.warnings = append(src.warnings, e.label()+": "+w)
		}
	}
	return run(opts, s, src)
}

func ghostEntry(p ghost.Post) (Entry, []string) {
	e := Entry{Kind: KindPost, Title: p.Title, Slug: p.Slug, HTML: p.HTML, Summary: p.CustomExcerpt,
		Image: p.FeatureImage, Author: joinNames(p.Authors), OldURL: p.URL}
	if p.Type == "page" {
		e.Kind = KindPage
	}
	var warnings []string
	switch p.Status {
	case "published":
		e.Public = true
	case "scheduled":
		e.Scheduled = true
	case "sent":
		e.Draft = true
		warnings = append(warnings, "it was sent by email only, so it is imported as a draft")
	default:
		e.Draft = true
	}
	if e.OldURL == "" && p.Slug != "" {
		e.OldURL = "/" + p.Slug + "/" // Ghost's default routes
	}
	for _, t := range p.Tags {
		if !t.Internal && t.Name != "" {
			e.Tags = append(e.Tags, t.Name)
		}
	}
	when := p.PublishedAt
	if when == "" {
		when = p.CreatedAt
	}
	if when != "" {
		t, err := time.Parse(time.RFC3339, strings.Replace(when, " ", "T", 1))
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("its date %q cannot be read", when))
		}
		e.Date = t
	}
	if p.Visibility != "" && p.Visibility != "public" {
		warnings = append(warnings, fmt.Sprintf("it was for %s only; on the new site everyone can read it", p.Visibility))
	}
	if p.HTML == "" && p.HasLexical {
		warnings = append(warnings, "the export has its content only in Ghost's editor format, not as HTML; its body is empty: export again from Ghost 5 or later")
	}
	return e, warnings
}

// joinNames joins authors as "Ana", "Ana and Bo", "Ana, Bo and Cy".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
