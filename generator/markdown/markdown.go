package markdown

import (
	"bytes"
	"html/template"
	"maps"
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
	opts     *Options
}

// Options decide how far author content is trusted, and how the content
// blocks look.
type Options struct {
	// UnsafeHTML keeps raw HTML as written.
	UnsafeHTML bool
	// SanitizeHTML keeps raw HTML through an allow-list (package
	// sanitize): structure and media stay, scripts and event handlers go.
	// With neither, raw HTML is shown as text, as for readers' stories.
	SanitizeHTML bool
	// Embeds is site.toml's embeds: how a video alone on a line is shown.
	// "" is EmbedPlayer.
	Embeds EmbedMode
	// CTA is site.toml's [cta], which {{< cta >}} places. A URL that
	// could run script is ignored (config refuses it before).
	CTA CTALink
	// TOCMinHeadings is site.toml's toc_min_headings: a page with this
	// many h2 and h3 headings gets a table of contents; 0 is never.
	TOCMinHeadings int
	// Texts is the site's text table (config's Texts), for the words the
	// blocks print; a missing key gets the English default.
	Texts map[string]string
}

// CTALink is a call to action: a link shown as a button.
type CTALink struct {
	Text, URL string
}

// New sets up goldmark with CommonMark, GFM, footnotes, heading ids,
// typographic quotes and Rainmaker's content blocks (videos, callouts,
// the call to action, highlighted code). Dangerous links are removed in
// every mode.
func New(opts Options) *Markdown {
	opts.Texts = maps.Clone(opts.Texts)
	if IsDangerousURL(opts.CTA.URL, false) {
		opts.CTA = CTALink{}
	}
	o := &opts
	var rendererOpts []goldmark.Option
	if opts.UnsafeHTML || opts.SanitizeHTML {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	} else {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(
			gmrenderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100))))
	}
	rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(
		gmrenderer.WithNodeRenderers(util.Prioritized(taskCheckBox{}, 100),
			util.Prioritized(codeRenderer{}, 100), util.Prioritized(&blockRenderer{opts: o}, 100))))
	md := goldmark.New(append(rendererOpts,
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkSanitizer{}, 1000), util.Prioritized(cellAlignment{}, 1001),
				util.Prioritized(blockTransformer{opts: o}, 1002)),
		),
	)...)
	return &Markdown{md: md, sanitize: opts.SanitizeHTML && !opts.UnsafeHTML, opts: o}
}

// Rendered is what rendering a page body yields besides the HTML.
type Rendered struct {
	Summary template.HTML
	Words   int
	// Removed names what the sanitizer took out of the raw HTML, like
	// "<script>" or "onclick attribute on <a>".
	Removed []string
	// TOC is the table of contents, a <nav aria-label="Contents"> of
	// nested lists, or "" when the page gets none; TOCEntries the same as
	// data, for a layout of its own.
	TOC        template.HTML
	TOCEntries []TOCEntry
	// Diagnostics are warnings about the body, on lines of the file when
	// RenderOptions.BodyLine is set: unknown callout kinds, images without
	// alt text, shortcodes that cannot be used.
	Diagnostics []Diagnostic
	// UsesBlocks: the body has a callout, a video, the call to action,
	// code or a table of contents, which css/blocks.css styles.
	UsesBlocks bool
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
	// TOC is the front matter's toc.
	TOC TOCMode
	// BodyLine is the line of the file on which the body starts, for the
	// lines of Diagnostics; 0 counts from the body's first line.
	BodyLine int
	// Images, when set, decides how each image is written (see
	// ImageHook); the feed gets the plain images, resolved.
	Images ImageHook
}

// Render writes the HTML of a Markdown body to out and returns its
// summary, word count, table of contents and diagnostics.
func (m *Markdown) Render(out *bytes.Buffer, body []byte, opts RenderOptions) (Rendered, error) {
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	diags := diagnosticsOf(ctx)
	doc := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	checkImages(doc, body, diags)
	res := Rendered{Words: countWords(doc, body)}
	// Before the summary, which lists show away from the page: a
	// relative image must be resolved there too.
	var pictures []*Picture
	if opts.Images != nil {
		pictures = applyImageHook(doc, body, opts.Images, diags)
	}
	if err := m.summary(&res, doc, body, opts.Summary); err != nil {
		return res, err
	}
	entries, headings := tableOfContents(doc, body)
	if opts.TOC == TOCOn || (opts.TOC == TOCAuto && m.opts.TOCMinHeadings > 0 && headings >= m.opts.TOCMinHeadings) {
		res.TOCEntries = entries
		res.TOC = tocHTML(entries, (&blockRenderer{opts: m.opts}).text("contents"))
	}
	res.UsesBlocks = res.TOC != "" || usesBlocks(doc)
	res.Diagnostics = diags.placed(body, opts.BodyLine)
	// Only pages with raw HTML pay for the sanitizer: most have none.
	clean := m.sanitize && hasRawHTML(doc)
	if clean && res.Summary != "" && opts.Summary == "" {
		res.Summary = template.HTML(sanitize.HTML(string(res.Summary)).HTML)
	}
	if err := m.renderTo(out, body, doc, clean, &res); err != nil {
		return res, err
	}
	if opts.FeedOut != nil && opts.FeedBase != nil {
		// Feeds are read away from the site, by readers that drop iframes:
		// links absolute, videos as links, images plain.
		restoreImages(pictures)
		resolveLinks(doc, opts.FeedBase)
		if err := m.renderTo(opts.FeedOut, body, doc, clean, nil); err != nil {
			return res, err
		}
	}
	return res, nil
}

// renderTo writes the HTML of doc to out, sanitized if clean; res, if
// given, gets what the sanitizer removed.
func (m *Markdown) renderTo(out *bytes.Buffer, body []byte, doc ast.Node, clean bool, res *Rendered) error {
	start := out.Len()
	if err := m.md.Renderer().Render(bufferWriter{out}, body, doc); err != nil {
		return err
	}
	if clean {
		cleaned := sanitize.HTML(out.String()[start:])
		out.Truncate(start)
		out.WriteString(cleaned.HTML)
		if res != nil {
			res.Removed = cleaned.Removed
		}
	}
	return nil
}

// summary sets res.Summary: the front matter's, else the blocks before
// the more marker, else the first paragraph. It removes the marker.
func (m *Markdown) summary(res *Rendered, doc ast.Node, body []byte, frontSummary string) error {
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
			return err
		}
		res.Summary = template.HTML(summary)
	default:
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() == ast.KindParagraph {
				summary, err := m.renderNodes([]ast.Node{n}, body)
				if err != nil {
					return err
				}
				res.Summary = template.HTML(summary)
				break
			}
		}
	}
	if more != nil {
		doc.RemoveChild(doc, more) // the marker is for Rainmaker, not for readers
	}
	return nil
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
