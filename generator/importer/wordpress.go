package importer

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/importer/wxr"
	"golang.org/x/net/html"
)

// WordPress imports a WordPress export (WXR) into the site.
func WordPress(opts Options) (*Report, error) {
	f, err := os.Open(opts.Export)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := f.Read(head)
	if wxr.Sniff(head[:n]) {
		return nil, fmt.Errorf("import: %s is JSON, not a WordPress export (WXR); for a Ghost export use: rainmaker import ghost %s", opts.Export, opts.Export)
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	ex, err := wxr.Read(f)
	if err != nil {
		if pe, ok := err.(*wxr.ParseError); ok && pe.Line > 0 {
			return nil, fmt.Errorf("import: %s:%d: %s", opts.Export, pe.Line, pe.Msg)
		}
		return nil, fmt.Errorf("import: %s: %w", opts.Export, err)
	}
	src := &source{name: opts.Export, title: ex.Title, origin: origin(ex.BaseSiteURL, ex.Link), media: wordpressMedia, wordpress: true}
	s, err := loadSite(opts.Site, src)
	if err != nil {
		return nil, err
	}
	src.entries, src.warnings = wxrEntries(ex, opts.StoriesFrom, s.cfg.Location())
	return run(opts, s, src)
}

// origin is the scheme and host of the first of urls that has them.
func origin(urls ...string) string {
	for _, raw := range urls {
		if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
			return u.Scheme + "://" + u.Host
		}
	}
	return ""
}

// wxrEntries maps the items of an export to entries; dates without a
// GMT time are read in loc, the site's time zone.
func wxrEntries(ex *wxr.Export, storiesFrom string, loc *time.Location) ([]Entry, []string) {
	attachments := map[string]string{}
	for _, it := range ex.Items {
		if it.Type == "attachment" && it.AttachmentURL != "" {
			attachments[it.ID] = it.AttachmentURL
		}
	}
	var entries []Entry
	var warnings []string
	other := map[string]int{}
	trashed := 0
	for _, it := range ex.Items {
		kind := map[string]string{"post": KindPost, "page": KindPage}[it.Type]
		if storiesFrom != "" && it.Type == storiesFrom {
			kind = KindStory
		}
		switch {
		case it.Status == "trash" || it.Status == "auto-draft":
			trashed++
			continue
		case kind == "" && !ignoredTypes[it.Type]:
			other[it.Type]++
			continue
		case kind == "":
			continue
		}
		e, warning := wxrEntry(it, kind, ex.Authors, attachments, loc)
		if warning != "" {
			warnings = append(warnings, warning)
		}
		entries = append(entries, e)
	}
	if trashed > 0 {
		warnings = append(warnings, fmt.Sprintf("%s in the trash or auto-saved left out", plural(trashed, "item", "items")))
	}
	for _, t := range sortedKeys(other) {
		warnings = append(warnings, fmt.Sprintf("%s of type %q left out; to import them as stories, add --stories-from %s", plural(other[t], "item", "items"), t, t))
	}
	if storiesFrom != "" && !slices.ContainsFunc(ex.Items, func(it wxr.Item) bool { return it.Type == storiesFrom }) {
		warnings = append(warnings, fmt.Sprintf("--stories-from %s: the export has no items of that type; its types are %s", storiesFrom, strings.Join(itemTypes(ex), ", ")))
	}
	return entries, warnings
}

// ignoredTypes are WordPress's own item types that are not content.
var ignoredTypes = map[string]bool{"attachment": true, "nav_menu_item": true, "revision": true, "wp_block": true,
	"wp_template": true, "wp_template_part": true, "wp_global_styles": true, "wp_navigation": true,
	"custom_css": true, "customize_changeset": true, "oembed_cache": true, "user_request": true, "wp_font_family": true, "wp_font_face": true}

func wxrEntry(it wxr.Item, kind string, authors, attachments map[string]string, loc *time.Location) (Entry, string) {
	e := Entry{Kind: kind, Title: it.Title, Slug: it.Name, HTML: it.Content, OldURL: it.Link, Line: it.Line,
		Summary: plainText(it.Excerpt), Author: it.Creator}
	if name := authors[it.Creator]; name != "" {
		e.Author = name
	}
	switch it.Status {
	case "publish":
		e.Public = true
	case "future":
		e.Public, e.Scheduled = true, true
	default: // draft, pending, private
		e.Draft = true
	}
	for _, t := range it.Terms {
		switch {
		case t.Domain == "post_tag":
			e.Tags = append(e.Tags, t.Name)
		case t.Domain == "category" && t.Nicename != "uncategorized":
			e.Categories = append(e.Categories, t.Name)
		}
	}
	if id := it.Meta["_thumbnail_id"]; id != "" {
		e.Image = attachments[id]
	}
	var warning string
	var err error
	if it.DateGMT != "" && !strings.HasPrefix(it.DateGMT, "0000") {
		e.Date, err = time.ParseInLocation(time.DateTime, it.DateGMT, time.UTC)
	} else if it.Date != "" && !strings.HasPrefix(it.Date, "0000") {
		e.Date, err = time.ParseInLocation(time.DateTime, it.Date, loc)
	}
	if err != nil {
		warning = fmt.Sprintf("line %d: %s: its date cannot be read: %v", it.Line, e.label(), err)
	}
	return e, warning
}

func itemTypes(ex *wxr.Export) []string {
	seen := map[string]int{}
	for _, it := range ex.Items {
		seen[it.Type]++
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// plainText is the text of an HTML fragment, for summaries.
func plainText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken:
			b.WriteByte(' ')
		}
	}
}
