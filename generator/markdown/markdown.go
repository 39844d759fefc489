package markdown

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rainmaker-blog/rainmaker/generator/sanitize"
)

// MoreMarker ends a page's summary when written on a line of its own.
const MoreMarker = "<!--more-->"

// Markdown converts page bodies to HTML. It is the one place goldmark is
// set up; one instance is shared by every worker of a build.
type Markdown struct {
	md       goldmark.Markdown
	sanitize bool
}

// MarkdownOptions decides how far author content is trusted.
type Options struct {
	// UnsafeHTML keeps raw HTML as written.
	UnsafeHTML bool
	// SanitizeHTML keeps raw HTML through an allow-list (package
	// sanitize): structure and media stay, scripts and event handlers go.
	// With neither, raw HTML is shown as text, as for readers' stories.
	SanitizeHTML bool
}

// NewMarkdown sets up goldmark with CommonMark, GFM, footnotes, heading ids
// and typographic quotes. Dangerous links are removed in every mode.
func New(opts Options) *Markdown {
	var rendererOpts []goldmark.Option
	if opts.UnsafeHTML || opts.SanitizeHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(
			gmrenderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100))))
	}
	rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(
		gmrenderer.WithNodeRenderers(util.Prioritized(taskCheckBox{}, 100), util.Prioritized(codeRenderer{}, 100))))
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
type Rendered struct {
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
func (m *Markdown) Render(out *bytes.Buffer, body []byte, opts RenderOptions) (Rendered, error) {
	frontSummary := opts.Summary
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	res := Rendered{Words: countWords(doc, body)}
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
// Parse parses a body as Render does, for the checker to walk.
func (m *Markdown) Parse(body []byte) ast.Node {
	return m.md.Parser().Parse(text.NewReader(body), parser.WithContext(parser.NewContext(parser.WithIDs(newHeadingIDs()))))
}

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
		if bytes.Equal(bytes.TrimSpace(seg.Value(body)), []byte(MoreMarker)) {
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
