package markdown

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// headingIDs gives each heading of one page a readable id, unique within
// the page, from the same slug rules as URLs (so non-ASCII headings keep
// their words).
type headingIDs struct {
	used map[string]bool
}

// reservedIDs are the ids the default layouts give their own elements; a
// heading never takes one, so a page never has two elements of one id.
var reservedIDs = []string{"main", "related-title", "cta-title", "form-errors", "rainmaker-error"}

func newHeadingIDs() *headingIDs {
	h := &headingIDs{used: map[string]bool{}}
	for _, id := range reservedIDs {
		h.used[id] = true
	}
	return h
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// linkSanitizer removes links and images whose URL could run script. It
// runs whatever unsafe_html says: a javascript: link is never wanted.
type linkSanitizer struct{}

func (linkSanitizer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	var bad []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if IsDangerousURL(string(n.Destination), false) {
				bad = append(bad, n)
			}
		case *ast.Image:
			if IsDangerousURL(string(n.Destination), true) {
				bad = append(bad, n)
			}
		case *ast.AutoLink:
			if IsDangerousURL(string(n.URL(source)), false) {
				bad = append(bad, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range bad {
		parent := n.Parent()
		if auto, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(auto.Label(source)))
			continue
		}
		// Keep the link's text (an image's alt text), drop the link.
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// cellAlignment turns a table cell's alignment into a class attribute
// once, at parse time. goldmark's renderer would append a style on every
// render, and a page's body is rendered twice when it is in a feed.
type cellAlignment struct{}

func (cellAlignment) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cell, ok := n.(*extast.TableCell); ok && entering && cell.Alignment != extast.AlignNone {
			// A class, not an inline style: pages stay free of inline
			// styles, so a strict Content-Security-Policy can forbid them.
			cell.SetAttributeString("class", []byte("align-"+cell.Alignment.String()))
			cell.Alignment = extast.AlignNone
		}
		return ast.WalkContinue, nil
	})
}

// taskCheckBox renders a task list item's box as valid, labelled HTML:
// boolean attributes without values, and a name for screen readers.
type taskCheckBox struct{}

func (taskCheckBox) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if node.(*extast.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(`<input type="checkbox" disabled checked aria-label="Done"> `)
		} else {
			_, _ = w.WriteString(`<input type="checkbox" disabled aria-label="To do"> `)
		}
		return ast.WalkContinue, nil
	})
}

// resolveLinks makes relative link and image URLs absolute against base,
// and videos links: the document is then fit for a feed.
func resolveLinks(doc ast.Node, base *url.URL) {
	resolve := func(dest []byte) []byte {
		u, err := url.Parse(string(dest))
		if err != nil || u.IsAbs() {
			return dest
		}
		return []byte(base.ResolveReference(u).String())
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Link:
				n.Destination = resolve(n.Destination)
			case *ast.Image:
				n.Destination = resolve(n.Destination)
			case *CTA:
				n.URL = string(resolve([]byte(n.URL)))
			case *Embed:
				n.AsLink = true
			}
		}
		return ast.WalkContinue, nil
	})
}

// IsDangerousURL reports whether a link target could run script or read
// local files when followed: javascript:, vbscript:, file: and data: URLs
// (an image may use a data: URL of a raster image type). Browsers ignore
// tabs, newlines and leading spaces in a scheme, so this does too.
func IsDangerousURL(raw string, image bool) bool {
	var b strings.Builder
	for _, r := range strings.TrimLeftFunc(raw, func(r rune) bool { return r <= ' ' }) {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		if b.Len() > 32 {
			break
		}
	}
	u := b.String()
	colon := strings.IndexByte(u, ':')
	if colon < 0 || strings.ContainsAny(u[:colon], "/?#") {
		return false // relative: no scheme
	}
	switch u[:colon] {
	case "javascript", "vbscript", "livescript", "file":
		return true
	case "data":
		if image {
			for _, t := range []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
				if strings.HasPrefix(u, t) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// escapedHTML shows raw HTML of untrusted Markdown as text, so an author
// sees what was not rendered; HTML comments are notes and are dropped.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderEscapedHTMLBlock)
	reg.Register(ast.KindRawHTML, renderEscapedRawHTML)
}

func renderEscapedHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering || n.HTMLBlockType == ast.HTMLBlockType2 {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString("<p>")
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := seg.Value(source)
		if i == lines.Len()-1 && !n.HasClosure() {
			line = bytes.TrimRight(line, "\n")
		}
		_, _ = w.Write(util.EscapeHTML(line))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(closureValue(n, source), "\n")))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func renderEscapedRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	segs := n.Segments
	if segs.Len() > 0 {
		if first := segs.At(0); bytes.HasPrefix(first.Value(source), []byte("<!--")) {
			return ast.WalkSkipChildren, nil
		}
	}
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

func closureValue(n *ast.HTMLBlock, source []byte) []byte {
	seg := n.ClosureLine
	return seg.Value(source)
}
