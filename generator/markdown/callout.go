package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CalloutKinds are GitHub's alert kinds, in GitHub's order.
var CalloutKinds = []string{"note", "tip", "important", "warning", "caution"}

// KindCallout is the node kind of a GitHub-style callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a blockquote that began with a marker like [!NOTE]: its
// children are the blockquote's, less the marker line.
type Callout struct {
	ast.BaseBlock
	CalloutKind string // one of CalloutKinds
	Title       string // the author's title after the marker, or ""
}

func (n *Callout) Kind() ast.NodeKind { return KindCallout }

func (n *Callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Kind": n.CalloutKind, "Title": n.Title}, nil)
}

// parseCalloutMarker reads the first line of a blockquote: "[!NOTE]",
// "[!tip] A custom title". isMarker says the line has the marker's form;
// kind is then the lower-cased word, which may be a kind Rainmaker does
// not know.
func parseCalloutMarker(line string) (kind, title string, isMarker bool) {
	line = strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(line, "[!") {
		return "", "", false
	}
	end := strings.IndexByte(line, ']')
	if end < 3 {
		return "", "", false
	}
	word := line[2:end]
	for i := 0; i < len(word); i++ {
		if c := word[i]; !isAlnum(rune(c)) && c != '-' && c != '_' {
			return "", "", false
		}
	}
	rest := line[end+1:]
	if rest != "" && !isSpace(rest[0]) && rest[0] != '\n' && rest[0] != '\r' {
		return "", "", false
	}
	return strings.ToLower(word), strings.TrimSpace(rest), true
}

func knownCallout(kind string) bool {
	for _, k := range CalloutKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// toCallout replaces a blockquote that starts with a known marker by a
// Callout. It returns the marker's kind when the blockquote has the
// marker's form, known or not, so that an unknown one can be reported.
func toCallout(bq *ast.Blockquote, source []byte) (kind string, offset int, isMarker bool) {
	para, ok := bq.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return "", 0, false
	}
	first := para.Lines().At(0)
	kind, title, isMarker := parseCalloutMarker(string(first.Value(source)))
	if !isMarker || !knownCallout(kind) {
		return kind, first.Start, isMarker
	}
	c := &Callout{CalloutKind: kind, Title: title}
	c.SetLines(bq.Lines())
	dropFirstLine(para, first)
	if para.ChildCount() == 0 {
		bq.RemoveChild(bq, para)
	}
	for n := bq.FirstChild(); n != nil; {
		next := n.NextSibling()
		c.AppendChild(c, n)
		n = next
	}
	parent := bq.Parent()
	parent.ReplaceChild(parent, bq, c)
	return kind, first.Start, true
}

// dropFirstLine removes the inline nodes of a paragraph's first line: up
// to the text that ends it with a line break, stopping early at a node
// whose text starts on a later line. The typographer's quotes carry no
// position, so the line break decides.
func dropFirstLine(para *ast.Paragraph, first text.Segment) {
	for n := para.FirstChild(); n != nil; {
		start, endsLine := inlineExtent(n, first.Stop)
		if start >= first.Stop {
			break
		}
		next := n.NextSibling()
		para.RemoveChild(para, n)
		if endsLine {
			break
		}
		n = next
	}
	lines := para.Lines()
	rest := text.NewSegments()
	for i := 1; i < lines.Len(); i++ {
		rest.Append(lines.At(i))
	}
	para.SetLines(rest)
}

// inlineExtent is where an inline node's first text starts (-1 if it has
// none) and whether the node ends the line that stops at lineStop.
func inlineExtent(n ast.Node, lineStop int) (start int, endsLine bool) {
	start = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering && t.Segment.Start < lineStop {
			if start < 0 {
				start = t.Segment.Start
			}
			endsLine = endsLine || t.SoftLineBreak() || t.HardLineBreak()
		}
		return ast.WalkContinue, nil
	})
	return start, endsLine
}

func (r *blockRenderer) renderCallout(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	if !entering {
		_, _ = w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	label := r.text("callout_" + n.CalloutKind)
	title, name := label, label
	if n.Title != "" {
		title, name = n.Title, label+": "+n.Title
	}
	_, _ = w.WriteString(`<aside class="callout callout-` + n.CalloutKind + `" role="note" aria-label="`)
	_, _ = w.Write(util.EscapeHTML([]byte(name)))
	_, _ = w.WriteString(`">` + "\n" + `<p class="callout-title">`)
	_, _ = w.Write(util.EscapeHTML([]byte(title)))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
