// Package importer moves a blog from WordPress or Ghost into a Rainmaker
// site: each post, page and story becomes a Markdown file with front
// matter (a page bundle when it has images), old URLs keep working
// through aliases or a [permalinks] rule, and everything is written to a
// staging folder first and moved into content/ at the end. A manifest of
// what was written lets a second run change nothing and leave alone any
// file the author has edited since.
package importer

import (
	"fmt"
	"time"
)

// Options say what to import, and where to.
type Options struct {
	Site   string // the site's folder
	Export string // the export file
	// Media is the copy of the old site's media folder: WordPress's
	// wp-content/uploads, Ghost's content/images; "" for none.
	Media string
	// StoriesFrom is the WordPress post type whose items become stories,
	// like "testimonial".
	StoriesFrom string
	DryRun      bool
}

// The kinds of entry, and the folder under content/ each goes to.
const (
	KindPost  = "post"
	KindPage  = "page"
	KindStory = "story"
)

var kindDir = map[string]string{KindPost: "posts", KindStory: "stories", KindPage: ""}

// Entry is one post, page or story, read from either export.
type Entry struct {
	Kind       string
	Title      string
	Slug       string // as the export has it, not yet checked
	Date       time.Time
	Author     string
	Tags       []string
	Categories []string
	Summary    string
	Draft      bool
	Scheduled  bool   // published in the future: keeps its date
	Image      string // the featured image's URL
	HTML       string
	OldURL     string // the old permalink, absolute or a path
	Public     bool   // it was published, so its old URL may be linked to
	Line       int    // where the export has it; 0 if unknown
}

// label names an entry in messages: its title and old URL.
func (e *Entry) label() string {
	title := e.Title
	if title == "" {
		title = "(no title)"
	}
	if e.OldURL != "" {
		return fmt.Sprintf("%q (%s)", title, e.OldURL)
	}
	return fmt.Sprintf("%q", title)
}

// source is what a reader gives the import: the entries, and what it
// knows of the old site.
type source struct {
	name      string // the export's file name, for messages
	title     string // the old site's title, for a new site.toml
	origin    string // the old site's scheme and host, like "https://old.example"
	media     mediaKind
	wordpress bool
	entries   []Entry
	warnings  []string
}

// run imports the entries of src into the site and returns the report.
func run(opts Options, site *site, src *source) (*Report, error) {
	media, err := openMedia(opts.Media, src.media, src.origin)
	if err != nil {
		return nil, err
	}
	defer media.close()
	rep := &Report{DryRun: opts.DryRun}
	rep.Warnings = append(rep.Warnings, src.warnings...)
	docs := prepare(src, site, media, rep)
	decideURLs(docs, site, rep)
	plan, err := planFiles(docs, site, media, rep)
	if err != nil {
		return nil, err
	}
	if err := commit(opts, site, media, plan, rep); err != nil {
		return nil, err
	}
	return rep, nil
}
