package markdown

import (
	"html/template"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// TOCMode is what a page's front matter says of its table of contents.
type TOCMode int

const (
	// TOCAuto shows one when the page has Options.TOCMinHeadings h2 and
	// h3 headings, 0 meaning never.
	TOCAuto TOCMode = iota
	// TOCOn is toc: true: a table of contents whenever there are headings.
	TOCOn
	// TOCOff is toc: false: none, however long the page.
	TOCOff
)

// TOCEntry is a heading of the table of contents, with the h3 headings
// under an h2 as its children.
type TOCEntry struct {
	ID       string
	Text     string
	Level    int // 2 or 3
	Children []TOCEntry
}

// tableOfContents lists the page's top-level h2 and h3 headings, which
// carry the ids the heading id generator made unique.
func tableOfContents(doc ast.Node, source []byte) (entries []TOCEntry, count int) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || (h.Level != 2 && h.Level != 3) {
			continue
		}
		id, ok := h.AttributeString("id")
		idBytes, isBytes := id.([]byte)
		if !ok || !isBytes || len(idBytes) == 0 {
			continue
		}
		count++
		e := TOCEntry{ID: string(idBytes), Text: plainText(h, source), Level: h.Level}
		if h.Level == 3 && len(entries) > 0 && entries[len(entries)-1].Level == 2 {
			last := &entries[len(entries)-1]
			last.Children = append(last.Children, e)
			continue
		}
		entries = append(entries, e)
	}
	return entries, count
}

// tocHTML is the navigation of a table of contents, labelled for screen
// readers; nothing when there are no entries.
func tocHTML(entries []TOCEntry, label string) template.HTML {
	if len(entries) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-label="`)
	b.Write(util.EscapeHTML([]byte(label)))
	b.WriteString(`">`)
	writeTOCList(&b, entries)
	b.WriteString("</nav>")
	return template.HTML(b.String())
}

func writeTOCList(b *strings.Builder, entries []TOCEntry) {
	b.WriteString("<ol>")
	for _, e := range entries {
		b.WriteString(`<li><a href="#`)
		b.Write(util.EscapeHTML([]byte(e.ID))) // slug ids: letters, digits, hyphens
		b.WriteString(`">`)
		b.Write(util.EscapeHTML([]byte(e.Text)))
		b.WriteString("</a>")
		if len(e.Children) > 0 {
			writeTOCList(b, e.Children)
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>")
}
