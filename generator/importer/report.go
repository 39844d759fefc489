package importer

import (
	"fmt"
	"io"
	"strings"
)

// Report is what an import did, or would do with --dry-run.
type Report struct {
	DryRun                        bool
	Posts, Pages, Stories         int
	Drafts, Scheduled             int
	ImagesCopied                  int
	Remote, Unconverted, Warnings []string // each names the item: title and old URL
	Skipped                       []string // items not imported, and why
	Permalinks                    string   // the [permalinks] posts rule written, if any
	Written, Unchanged, Kept      []string // site-relative paths
	SiteTOML                      string   // "created", "updated" or ""
}

func (r *Report) count(e *Entry) {
	switch e.Kind {
	case KindPost:
		r.Posts++
	case KindPage:
		r.Pages++
	case KindStory:
		r.Stories++
	}
	if e.Draft {
		r.Drafts++
	}
	if e.Scheduled {
		r.Scheduled++
	}
}

func (r *Report) skip(e *Entry, why string) {
	r.Skipped = append(r.Skipped, fmt.Sprintf("%s: not imported: %s", e.where()+e.label(), why))
}

func (r *Report) warn(e *Entry, msg string) {
	r.Warnings = append(r.Warnings, e.where()+e.label()+": "+msg)
}

func (r *Report) remote(e *Entry, image string) {
	r.Remote = append(r.Remote, fmt.Sprintf("%s: %s", e.label(), image))
}

func (r *Report) unconverted(e *Entry, what string) {
	r.Unconverted = append(r.Unconverted, fmt.Sprintf("%s: %s", e.label(), what))
}

// where is the line of the export an entry is on, when known.
func (e *Entry) where() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: ", e.Line)
	}
	return ""
}

// Print writes the report for a person.
func (r *Report) Print(w io.Writer) {
	would := func(done, dry string) string {
		if r.DryRun {
			return dry
		}
		return done
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(items))
		for _, it := range items {
			fmt.Fprintf(w, "  %s\n", it)
		}
	}
	list(would("Wrote", "Would write"), r.Written)
	list(would("Left alone, edited since the last import", "Would leave alone, edited since the last import"), r.Kept)
	list("Not imported", r.Skipped)
	list("Warnings", r.Warnings)
	list("Images left on the old server", r.Remote)
	list("Not converted to Markdown", r.Unconverted)
	fmt.Fprintln(w)
	if r.Permalinks != "" {
		fmt.Fprintf(w, "The old posts' URLs fit one rule: site.toml %s [permalinks] posts = %q, so they keep their URLs.\n",
			would("now has", "would get"), r.Permalinks)
	}
	if r.SiteTOML != "" {
		fmt.Fprintf(w, "site.toml %s.\n", would(r.SiteTOML, "would be "+r.SiteTOML))
	}
	fmt.Fprintf(w, "%s %s, %s, %s (%s, %d scheduled); %s copied, %d left remote, %s not converted.\n",
		would("Imported", "Would import"), plural(r.Posts, "post", "posts"), plural(r.Pages, "page", "pages"),
		plural(r.Stories, "story", "stories"), plural(r.Drafts, "draft", "drafts"), r.Scheduled,
		plural(r.ImagesCopied, "image", "images"), len(r.Remote), plural(len(r.Unconverted), "element", "elements"))
	fmt.Fprintf(w, "%d files %s, %d unchanged, %d left alone.\n", len(r.Written), would("written", "to write"), len(r.Unchanged), len(r.Kept))
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "%s not imported; see above.\n", plural(len(r.Skipped), "item was", "items were"))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// String is the report as Print writes it.
func (r *Report) String() string {
	var b strings.Builder
	r.Print(&b)
	return b.String()
}
