// Package content reads one content file: its text normalized, its front
// matter (YAML, TOML or JSON) decoded, and its fields turned into a
// page's metadata (Meta), with every error and warning on the line of the
// file the author must look at. It knows nothing of the rest of the build.
package content

import (
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// Dir is the folder of a site that holds its Markdown.
const Dir = "content"

// Meta is what a content file's path and front matter give a page.
type Meta struct {
	SourcePath string // relative to the site root, slash-separated
	Section    string // config.SectionPosts, config.SectionStories or config.SectionPages

	Title   string
	Date    time.Time
	Lastmod time.Time           // zero when not set
	Tags    []string            // as written, one per distinct term (slug.Fold), in order
	Terms   map[string][]string // the other taxonomies' terms, by taxonomy
	Aliases []string            // old paths that redirect here, as written
	Summary string              // from front matter; plain text
	Draft   bool
	// Featured pins a story at the top of the home page and of /stories/.
	Featured bool
	// TOC is the page's table of contents setting: TOCAuto follows
	// site.toml's toc_min_headings, "toc: true" or "false" forces it.
	TOC         TOCMode
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

	BodyOffset int    // where the Markdown starts in the normalized source
	BodyLine   int    // the line of the file on which the body starts
	SlugLine   int    // for duplicate-URL errors
	TitleLine  int    // for rainmaker check
	TagsLine   int    // for errors and warnings about the tags
	AliasLine  int    // for errors about the aliases
	Notes      []Note // warnings, shown on every build
}

// TOCMode says whether a page shows a table of contents.
type TOCMode uint8

const (
	TOCAuto TOCMode = iota
	TOCOn
	TOCOff
)

// Note is a warning about a page: shown on every build, an error under
// strict_front_matter.
type Note struct {
	Line int
	Msg  string
}

// Parse reads the content file at path (relative to the site root) from
// its bytes, as read from disk: it checks and normalizes the text (see
// Normalize), decodes the front matter and reads its fields. Every error
// names the file and a line; a file whose front matter cannot be decoded
// gives one error and a zero Meta, one whose fields are wrong gives the
// Meta read as far as it goes and all of the fields' errors. Nothing of
// the Meta refers to src. Nil rules are the defaults.
func Parse(path string, src []byte, rules *Rules) (Meta, report.List) {
	src, err := Normalize(path, src)
	if err != nil {
		return Meta{}, report.List{err}
	}
	fm, bodyOffset, err := splitFrontMatter(path, src)
	if err != nil {
		return Meta{}, report.List{err}
	}
	var m Meta
	errs := decodeMeta(&m, path, sectionOf(path), fm, rules)
	m.BodyOffset = bodyOffset
	m.BodyLine = LineAt(src, bodyOffset)
	return m, errs
}

// sectionOf returns the section of a content path: posts, stories, or
// pages for any other Markdown file.
func sectionOf(p string) string {
	rest, _ := strings.CutPrefix(p, Dir+"/")
	section, _, nested := strings.Cut(rest, "/")
	if nested && (section == config.SectionPosts || section == config.SectionStories) {
		return section
	}
	return config.SectionPages
}

// normalizeParams lower-cases the keys of tables, all the way down, as
// Hugo does, so layouts can index params by one name whatever the case
// the author wrote.
func normalizeParams(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, val := range v {
			m[strings.ToLower(k)] = normalizeParams(val)
		}
		return m
	case []any:
		for i := range v {
			v[i] = normalizeParams(v[i])
		}
		return v
	}
	return v
}
