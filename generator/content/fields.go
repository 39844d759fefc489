package content

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// Rules are the parts of site.toml that decide how a content file is
// read: they travel with each file through the front matter stage.
type Rules struct {
	loc        *time.Location
	strict     bool
	taxonomies []string // other than tags, which every page has as Meta.Tags
	permalinks map[string]permalink.Pattern
}

// NewRules takes the rules for reading content files from a site's
// configuration.
func NewRules(cfg *config.Config) *Rules {
	r := &Rules{loc: cfg.Location(), strict: cfg.StrictFrontMatter, permalinks: cfg.PermalinkPatterns()}
	for _, t := range cfg.Taxonomies {
		if t != "tags" {
			r.taxonomies = append(r.taxonomies, t)
		}
	}
	return r
}

var defaultRules = &Rules{loc: time.UTC, taxonomies: []string{"categories"}}

// The front matter fields Rainmaker reads itself. Each is written as the
// page's own field, not kept in Params.
var pageFields = []string{"title", "date", "lastmod", "tags", "summary", "draft", "slug",
	"author", "description", "image", "name", "role", "company", "result", "params", "submission", "featured", "toc"}

// fieldAliases are the names Jekyll, Hugo and Zola give the same things.
// They are read as the field they stand for, and kept in Params as well.
var fieldAliases = map[string]string{
	"excerpt": "summary", "updated": "lastmod", "modified": "lastmod", "last_modified_at": "lastmod",
	"lastmodified": "lastmod", "published": "draft", "authors": "author", "cover": "image",
	"featured_image": "image", "featuredimage": "image", "images": "image", "extra": "params",
	"category": "categories", "redirect_from": "aliases", "publishdate": "date", "pubdate": "date",
	"path": "date", "permalink": "date", "url": "date",
}

// knownNames are every name read as a field, for "did you mean" hints;
// not those only looked at for a date, which no one means to write.
var knownNames = func() []string {
	names := append([]string{"aliases", "categories", "taxonomies"}, pageFields...)
	for _, k := range slices.Sorted(maps.Keys(fieldAliases)) {
		if fieldAliases[k] != "date" || k == "publishdate" {
			names = append(names, k)
		}
	}
	return names
}()

// jekyllName matches a Jekyll post's file name, "2024-05-01-my-post".
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)$`)

// pathDate matches a date at the start of a path, "2015/05/15/slug".
var pathDate = regexp.MustCompile(`^/?(\d{4})/(\d{2})/(\d{2})(?:/|$)`)

// fieldReader reads one page's front matter, collecting what is wrong
// with the line it is on.
type fieldReader struct {
	path  string
	fm    frontMatter
	rules *Rules
	vals  map[string]any    // by lower-case name
	names map[string]string // lower-case name -> as written, for lines
	used  map[string]bool
	errs  report.List
	notes []Note
}

func (r *fieldReader) line(key string) int {
	if name, ok := r.names[key]; ok {
		return r.fm.fieldLine(name)
	}
	return r.fm.openLine
}

func (r *fieldReader) fail(key, format string, args ...any) {
	r.errs = append(r.errs, report.Errorf(r.path, r.line(key), key+": "+format, args...))
}

func (r *fieldReader) get(key string) (any, bool) {
	v, ok := r.vals[key]
	if ok {
		r.used[key] = true
	}
	return v, ok
}

// text reads a field that holds text; numbers and booleans are taken as
// the text they are.
func (r *fieldReader) text(key string) string {
	v, ok := r.get(key)
	if !ok {
		return ""
	}
	s, err := asText(v)
	if err != nil {
		r.fail(key, "%v", err)
	}
	return s
}

func asText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(v), nil
	case time.Time:
		return v.Format(time.RFC3339), nil
	}
	return "", fmt.Errorf("want text, got %s", describeValue(v))
}

// firstName returns the first of keys that is set, without marking it read.
func (r *fieldReader) firstName(keys ...string) (any, string, bool) {
	for _, k := range keys {
		if v, ok := r.vals[k]; ok {
			return v, k, true
		}
	}
	return nil, "", false
}

// first returns the first of keys that is set.
func (r *fieldReader) first(keys ...string) (string, any, bool) {
	for _, k := range keys {
		if v, ok := r.get(k); ok {
			return k, v, true
		}
	}
	return "", nil, false
}

// decodeMeta turns decoded front matter into p, collecting every field
// error with the line it is on. Fields it does not know go to Params; a
// name close to a known one is a warning.
func decodeMeta(p *Meta, sourcePath, section string, fm frontMatter, rules *Rules) report.List {
	if rules == nil {
		rules = defaultRules
	}
	p.SourcePath, p.Section = sourcePath, section
	r := newFieldReader(sourcePath, fm, rules)

	p.Title = r.text("title")
	if _, set := r.vals["title"]; !set {
		r.errs = append(r.errs, report.Errorf(sourcePath, fm.openLine, "title: missing; add a line like \"title: My article\" to the front matter"))
	} else if p.Title == "" && len(r.errs) == 0 {
		r.fail("title", "is empty")
	}
	base, nameDate := fileSlug(sourcePath)
	r.readDate(p, nameDate)
	if key, v, ok := r.first("lastmod", "updated", "last_modified_at", "modified", "lastmodified"); ok && v != nil {
		if t, err := parseDateIn(v, rules.loc); err != nil {
			r.fail(key, "%v", err)
		} else {
			p.Lastmod = t
		}
	}
	r.readTerms(p)
	r.readDraft(p)
	r.readFlags(p)
	r.readParams(p)
	_, summary, _ := r.first("summary", "excerpt")
	p.Summary = r.textOf("summary", summary)
	p.Description = r.text("description")
	if p.Summary == "" {
		p.Summary = p.Description
	}
	p.Author = r.readAuthor()
	p.Image = r.readImage()
	p.Name, p.Role, p.Company, p.Result = r.text("name"), r.text("role"), r.text("company"), r.text("result")
	p.SubmissionID = r.text("submission")
	p.Aliases = r.readAliases()
	if _, key, ok := r.firstName("aliases", "redirect_from"); ok {
		p.AliasLine = r.line(key)
	}

	p.SlugLine = fm.openLine
	p.TitleLine, p.TagsLine = r.line("title"), r.line("tags")
	if s := r.text("slug"); s != "" {
		p.SlugLine = r.line("slug")
		p.Slug = slug.Make(s)
		if p.Slug == "" {
			r.fail("slug", "%q has no letters or digits to make a URL from", s)
		}
	} else if p.Slug = slug.Make(base); p.Slug == "" {
		r.errs = append(r.errs, report.Errorf(sourcePath, fm.openLine, "slug: the file name %q has no letters or digits to make a URL from; rename the file or set \"slug\"", path.Base(sourcePath)))
	}
	p.URL = publishedURL(p, rules)
	r.keepUnknown(p)
	p.Notes = r.notes
	return r.errs
}

// newFieldReader indexes a page's fields by lower-case name, reporting
// two spellings of one name, which would otherwise quietly shadow each
// other.
func newFieldReader(sourcePath string, fm frontMatter, rules *Rules) *fieldReader {
	r := &fieldReader{path: sourcePath, fm: fm, rules: rules, vals: make(map[string]any, len(fm.values)),
		names: make(map[string]string, len(fm.values)), used: map[string]bool{}}
	for _, k := range slices.Sorted(maps.Keys(fm.values)) {
		low := strings.ToLower(k)
		if other, dup := r.names[low]; dup {
			first, second := other, k
			if fm.fieldLine(first) > fm.fieldLine(second) {
				first, second = second, first
			}
			r.errs = append(r.errs, report.Errorf(sourcePath, fm.fieldLine(second), "%q and %q (line %d) are one field, since names are read in any case; keep one",
				second, first, fm.fieldLine(first)))
			continue
		}
		r.vals[low], r.names[low] = fm.values[k], k
	}
	return r
}

// readTerms reads the tags and the page's terms of each other taxonomy.
func (r *fieldReader) readTerms(p *Meta) {
	p.Tags = r.terms("tags")
	for _, tax := range r.rules.taxonomies {
		names := []string{tax}
		if tax == "categories" {
			names = append(names, "category")
		}
		if terms := r.terms(names...); len(terms) > 0 {
			if p.Terms == nil {
				p.Terms = map[string][]string{}
			}
			p.Terms[tax] = terms
		}
	}
}

// textOf reads a value already fetched as text.
func (r *fieldReader) textOf(key string, v any) string {
	s, err := asText(v)
	if err != nil {
		r.fail(key, "%v", err)
	}
	return s
}
