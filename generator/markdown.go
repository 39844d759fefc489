package generator

import (
	"bytes"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rainmaker-blog/rainmaker/generator/sanitize"
)

// moreMarker ends a page's summary when written on a line of its own.
const moreMarker = "<!--more-->"

// Markdown converts page bodies to HTML. It is the one place goldmark is
// set up; one instance is shared by every worker of a build.
type Markdown struct {
	md       goldmark.Markdown
	sanitize bool
}

// MarkdownOptions decides how far author content is trusted.
type MarkdownOptions struct {
	// UnsafeHTML keeps raw HTML as written.
	UnsafeHTML bool
	// SanitizeHTML keeps raw HTML through an allow-list (package
	// sanitize): structure and media stay, scripts and event handlers go.
	// With neither, raw HTML is shown as text, as for readers' stories.
	SanitizeHTML bool
}

// NewMarkdown sets up goldmark with CommonMark, GFM, footnotes, heading ids
// and typographic quotes. Dangerous links are removed in every mode.
func NewMarkdown(opts MarkdownOptions) *Markdown {
	var rendererOpts []goldmark.Option
	if opts.UnsafeHTML || opts.SanitizeHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(
			gmrenderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100))))
	}
	rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(
		gmrenderer.WithNodeRenderers(util.Prioritized(taskCheckBox{}, 100))))
	md := goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkSanitizer{}, 1000), util.Prioritized(cellAlignment{}, 1001)),
		),
	)...)
	return &Markdown{md: md, sanitize: opts.SanitizeHTML && !opts.UnsafeHTML}
}

// RenderedBody is what rendering a page body yields besides the HTML.
type RenderedBody struct {
	Summary template.HTML
	Words   int
	// Removed names what the sanitizer took out of the raw HTML, like
	// "<script>" or "onclick attribute on <a>".
	Removed []string
}

// RenderOptions vary one rendering of a body.
type RenderOptions struct {
	// Summary, if not empty, is the summary, from front matter.
	Summary string
	// FeedOut, if set, receives the body a second time with relative
	// links and images resolved against FeedBase, as feeds need. It is
	// rendered from the same parse.
	FeedOut  *bytes.Buffer
	FeedBase *url.URL
}

// Render writes the HTML of a Markdown body to out and returns its
// summary and word count.
func (m *Markdown) Render(out *bytes.Buffer, body []byte, opts RenderOptions) (RenderedBody, error) {
	frontSummary := opts.Summary
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	res := RenderedBody{Words: countWords(doc, body)}
	var more ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if isMoreMarker(n, body) {
			more = n
			break
		}
	}
	switch {
	case frontSummary != "":
		res.Summary = template.HTML("<p>" + template.HTMLEscapeString(frontSummary) + "</p>")
	case more != nil && more != doc.FirstChild():
		var blocks []ast.Node
		for n := doc.FirstChild(); n != more; n = n.NextSibling() {
			blocks = append(blocks, n)
		}
		summary, err := m.renderNodes(blocks, body)
		if err != nil {
			return res, err
		}
		res.Summary = template.HTML(summary)
	default:
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() == ast.KindParagraph {
				summary, err := m.renderNodes([]ast.Node{n}, body)
				if err != nil {
					return res, err
				}
				res.Summary = template.HTML(summary)
				break
			}
		}
	}
	if more != nil {
		doc.RemoveChild(doc, more) // the marker is for Rainmaker, not for readers
	}
	// Only pages with raw HTML pay for the sanitizer: most have none.
	clean := m.sanitize && hasRawHTML(doc)
	if clean && res.Summary != "" && frontSummary == "" {
		res.Summary = template.HTML(sanitize.HTML(string(res.Summary)).HTML)
	}
	start := out.Len()
	if err := m.md.Renderer().Render(bufferWriter{out}, body, doc); err != nil {
		return res, err
	}
	if clean {
		cleaned := sanitize.HTML(out.String()[start:])
		out.Truncate(start)
		out.WriteString(cleaned.HTML)
		res.Removed = cleaned.Removed
	}
	if opts.FeedOut != nil && opts.FeedBase != nil {
		resolveLinks(doc, opts.FeedBase)
		start := opts.FeedOut.Len()
		if err := m.md.Renderer().Render(bufferWriter{opts.FeedOut}, body, doc); err != nil {
			return res, err
		}
		if clean {
			cleaned := sanitize.HTML(opts.FeedOut.String()[start:])
			opts.FeedOut.Truncate(start)
			opts.FeedOut.WriteString(cleaned.HTML)
		}
	}
	return res, nil
}

// hasRawHTML reports whether a document holds raw HTML, inline or as a
// block; HTML comments alone count too, which costs only a sanitizing.
func hasRawHTML(doc ast.Node) bool {
	found := false
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if k := n.Kind(); entering && (k == ast.KindHTMLBlock || k == ast.KindRawHTML) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// bufferWriter lets goldmark write straight into a bytes.Buffer: given a
// plain io.Writer, it wraps it in a new bufio.Writer per call (a 4 KiB
// allocation, and every byte copied twice).
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

func (m *Markdown) renderNodes(nodes []ast.Node, body []byte) (string, error) {
	var buf bytes.Buffer
	for _, n := range nodes {
		if err := m.md.Renderer().Render(bufferWriter{&buf}, body, n); err != nil {
			return "", err
		}
	}
	return strings.TrimSpace(buf.String()), nil
}

func isMoreMarker(n ast.Node, body []byte) bool {
	block, ok := n.(*ast.HTMLBlock)
	if !ok {
		return false
	}
	lines := block.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if bytes.Equal(bytes.TrimSpace(seg.Value(body)), []byte(moreMarker)) {
			return true
		}
	}
	return false
}

// countWords counts words in the text of a document, code blocks excluded.
func countWords(doc ast.Node, body []byte) int {
	var c wordCounter
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			c.add(n.Segment.Value(body))
			if n.SoftLineBreak() || n.HardLineBreak() {
				c.inWord = false
			}
		case *ast.String:
			if !n.IsCode() { // code strings are the typographer's entities (&rsquo;): punctuation
				c.add(n.Value)
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			c.inWord = false
			return ast.WalkSkipChildren, nil
		default:
			if n.Type() == ast.TypeBlock {
				c.inWord = false
			}
		}
		return ast.WalkContinue, nil
	})
	return c.words
}

// wordCounter counts runs of text that start with a letter or digit and
// end at a space. It runs over every byte of every page, so ASCII is
// classified from a table and only other runes are decoded.
type wordCounter struct {
	words  int
	inWord bool
}

const (
	asciiOther = iota
	asciiSpace
	asciiWordStart
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for _, b := range "\t\n\v\f\r " {
		t[b] = asciiSpace
	}
	for b := '0'; b <= '9'; b++ {
		t[b] = asciiWordStart
	}
	for b := 'a'; b <= 'z'; b++ {
		t[b], t[b-'a'+'A'] = asciiWordStart, asciiWordStart
	}
	return t
}()

func (c *wordCounter) add(text []byte) {
	for i := 0; i < len(text); {
		if b := text[i]; b < utf8.RuneSelf {
			switch asciiClass[b] {
			case asciiSpace:
				c.inWord = false
			case asciiWordStart:
				if !c.inWord {
					c.inWord = true
					c.words++
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		i += size
		if unicode.IsSpace(r) {
			c.inWord = false
		} else if !c.inWord && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			c.inWord = true
			c.words++
		}
	}
}

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
	base := Slugify(string(value))
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

// resolveLinks makes relative link and image URLs absolute against base.
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
