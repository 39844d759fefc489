package generator

import (
	"fmt"
	"html/template"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unique"
)

// Sections are the content folders that become pages.
const (
	SectionPosts   = "posts"
	SectionStories = "stories"
)

// Page is one article or story: its metadata, kept in memory for the whole
// build, and the few rendered pieces that list pages and feeds need. The
// full body is rendered when the page itself is written, not kept.
type Page struct {
	SourcePath string // relative to the site root, slash-separated
	Section    string // SectionPosts or SectionStories

	Title       string
	Date        time.Time
	Lastmod     time.Time // zero when not set
	Tags        []string  // as written, one per distinct slug, in order
	Summary     string    // from front matter; plain text
	Draft       bool
	Slug        string
	Author      string
	Description string
	Image       string
	Params      map[string]any

	// Story fields: the submitter as they want to be shown, and the result.
	Name, Role, Company, Result string
	// SubmissionID marks a story sent by a reader: never trusted, so its
	// Markdown is rendered safe whatever unsafe_html says.
	SubmissionID string

	URL string // site-relative, like "/posts/slug/"

	bodyOffset int // where the Markdown starts in the normalized source
	bodyLine   int // the line of the file on which the body starts
	slugLine   int // for duplicate-URL errors
	titleLine  int // for rainmaker check
	tagsLine   int

	// Set when the site is assembled.
	related    []*Page
	prev, next *Page // older and newer neighbours in the section
	inFeed     bool  // among the newest entries of some feed

	// Filled when the body is rendered.
	SummaryHTML template.HTML
	WordCount   int
	feedContent string        // the body with absolute links, for inFeed pages
	view        *PageView     // as lists show it, with its card; see renderer.viewOf
	listRank    int32         // place among the site's pages, newest first, while lists render
	listUses    int32         // lists still to render that show the page (atomic)
	card        template.HTML // the card's HTML, rendered or from the cache

	// For the build cache.
	sourceSize, sourceModTime int64
	sourceHash                [32]byte
	cached                    *pageRecord // the previous build's record of the same source
}

// ReadingMinutes estimates reading time at 220 words a minute, at least 1.
func (p *Page) ReadingMinutes() int {
	return max(1, (p.WordCount+219)/220)
}

// Updated is the last modification time: lastmod, else date.
func (p *Page) Updated() time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	return p.Date
}

var pageFields = []string{"title", "date", "lastmod", "tags", "summary", "draft", "slug",
	"author", "description", "image", "name", "role", "company", "result", "params", "submission"}

// decodePage turns decoded front matter into a Page, collecting every field
// error with the line it is on.
func decodePage(sourcePath, section string, fm frontMatter) (*Page, ErrorList) {
	p := &Page{SourcePath: sourcePath, Section: section}
	var errs ErrorList
	fail := func(key string, format string, args ...any) {
		errs = append(errs, fileErrorf(sourcePath, fm.fieldLine(key), key+": "+format, args...))
	}
	str := func(key string) string {
		v, ok := fm.values[key]
		if !ok || v == nil {
			return ""
		}
		switch v := v.(type) {
		case string:
			return strings.TrimSpace(v)
		case int, int64, uint64, float64, bool:
			return fmt.Sprint(v)
		}
		fail(key, "want text, got %s", describeValue(v))
		return ""
	}

	keys := make([]string, 0, len(fm.values))
	for k := range fm.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(pageFields, k) {
			msg := fmt.Sprintf("unknown front matter field %q", k)
			if near := nearest(k, pageFields); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			}
			errs = append(errs, fileErrorf(sourcePath, fm.fieldLine(k), "%s (custom fields go under \"params\")", msg))
		}
	}

	p.Title = str("title")
	if _, set := fm.values["title"]; !set {
		errs = append(errs, fileErrorf(sourcePath, fm.openLine, "title: missing; add a line like \"title: My article\" to the front matter"))
	} else if p.Title == "" && len(errs) == 0 {
		fail("title", "is empty")
	}
	if v, ok := fm.values["date"]; !ok {
		errs = append(errs, fileErrorf(sourcePath, fm.openLine, "date: missing; add a line like \"date: 2024-05-01\" (%s)", dateHint))
	} else if t, err := parseDate(v); err != nil {
		fail("date", "%v", err)
	} else {
		p.Date = t
	}
	if v, ok := fm.values["lastmod"]; ok {
		if t, err := parseDate(v); err != nil {
			fail("lastmod", "%v", err)
		} else {
			p.Lastmod = t
		}
	}
	if v, ok := fm.values["tags"]; ok {
		tags, err := decodeTags(v)
		if err != nil {
			fail("tags", "%v", err)
		}
		p.Tags = tags
	}
	if v, ok := fm.values["draft"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			fail("draft", "want true or false, got %s", describeValue(v))
		}
		p.Draft = b
	}
	if v, ok := fm.values["params"]; ok {
		m, ok := normalizeParams(v).(map[string]any)
		if !ok {
			fail("params", "want a mapping of custom fields, got %s", describeValue(v))
		}
		p.Params = m
	}
	p.Summary = str("summary")
	p.Author = str("author")
	p.Description = str("description")
	p.Image = str("image")
	p.Name, p.Role, p.Company, p.Result = str("name"), str("role"), str("company"), str("result")
	p.SubmissionID = str("submission")

	base := path.Base(sourcePath)
	base = strings.TrimSuffix(base, path.Ext(base))
	if base == "index" || base == "_index" {
		base = path.Base(path.Dir(sourcePath))
	}
	p.slugLine = fm.openLine
	p.titleLine, p.tagsLine = fm.fieldLine("title"), fm.fieldLine("tags")
	if s := str("slug"); s != "" {
		p.slugLine = fm.fieldLine("slug")
		p.Slug = Slugify(s)
		if p.Slug == "" {
			fail("slug", "%q has no letters or digits to make a URL from", s)
		}
	} else if p.Slug = Slugify(base); p.Slug == "" {
		errs = append(errs, fileErrorf(sourcePath, fm.openLine, "slug: the file name %q has no letters or digits to make a URL from; rename the file or set \"slug\"", path.Base(sourcePath)))
	}
	p.URL = "/" + section + "/" + p.Slug + "/"
	p.packStrings()
	return p, errs
}

// packStrings copies the page's own text fields into one string and
// points them into it. Each was an allocation of its own, and every page
// lives for the whole build: at 100,000 pages that is hundreds of
// thousands of objects the collector marks in each of its cycles.
// SourcePath is left alone, being shared with the scanned file list, and
// so is Slug, which is usually part of it (see slug.Make).
func (p *Page) packStrings() {
	fields := [...]*string{&p.Title, &p.Summary, &p.Author, &p.Description, &p.Image, &p.URL,
		&p.Name, &p.Role, &p.Company, &p.Result, &p.SubmissionID}
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range fields {
		b.WriteString(*f)
	}
	all := b.String()
	for _, f := range fields {
		*f, all = all[:len(*f)], all[len(*f):]
	}
}

// decodeTags accepts a list of strings or a single string, and drops
// duplicates that differ only in case or punctuation (they are one tag).
func decodeTags(v any) ([]string, error) {
	var raw []any
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		raw = []any{v}
	case []any:
		raw = v
	default:
		return nil, fmt.Errorf("want a list of tags or a single tag, got %s", describeValue(v))
	}
	var tags []string
	seen := map[string]bool{}
	for i, item := range raw {
		s, ok := item.(string)
		if !ok {
			return nil, fmt.Errorf("item %d is %s; write every tag as text, quoted if needed", i+1, describeValue(item))
		}
		s = strings.Join(strings.Fields(s), " ")
		slug := tagSlug(s)
		if slug == "" {
			if s != "" {
				return nil, fmt.Errorf("item %d (%q) has no letters or digits", i+1, s)
			}
			continue
		}
		if !seen[slug] {
			seen[slug] = true
			// A site has a few hundred tag spellings over many thousand
			// pages: one shared copy of each, not one per page, for the
			// collector to mark (350,000 objects at 100,000 pages).
			tags = append(tags, unique.Make(s).Value())
		}
	}
	return tags, nil
}

// normalizeParams converts YAML's map[any]any into map[string]any, all the
// way down, so layouts can index params by name.
func normalizeParams(v any) any {
	switch v := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, val := range v {
			m[fmt.Sprint(k)] = normalizeParams(val)
		}
		return m
	case map[string]any:
		for k, val := range v {
			v[k] = normalizeParams(val)
		}
		return v
	case []any:
		for i := range v {
			v[i] = normalizeParams(v[i])
		}
		return v
	}
	return v
}
