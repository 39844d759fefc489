package markdown

import (
	"html"
	"maps"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Node kinds of the content blocks Rainmaker adds to Markdown.
var (
	KindEmbed = ast.NewNodeKind("Embed")
	KindCTA   = ast.NewNodeKind("CTA")
)

// Embed is a video written as a URL alone on a line or as a youtube or
// vimeo shortcode.
type Embed struct {
	ast.BaseBlock
	Video Video
	Title string // from the link's text or the shortcode; "" for the default
	// AsLink renders a link card instead of the player: set for
	// embeds = "link", and for feeds, whose readers drop iframes.
	AsLink bool
}

func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

func (n *Embed) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Video": n.Video.ID, "Title": n.Title}, nil)
}

// CTA is the site's call to action placed by {{< cta >}}.
type CTA struct {
	ast.BaseBlock
	Label, URL string
}

func (n *CTA) Kind() ast.NodeKind { return KindCTA }

func (n *CTA) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Label": n.Label, "URL": n.URL}, nil)
}

// blockTransformer turns paragraphs and blockquotes into the content
// blocks. It runs after linkSanitizer, so a link it reads is not
// dangerous, and reports what it cannot use as diagnostics.
type blockTransformer struct {
	opts *Options
}

func (t blockTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	diags := diagnosticsOf(pc)
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	// Innermost first, so a callout inside a callout is made before its
	// parent moves it. Callouts come before the other blocks: the line
	// after a marker may be a video.
	for i := len(quotes) - 1; i >= 0; i-- {
		kind, offset, isMarker := toCallout(quotes[i], source)
		if isMarker && !knownCallout(kind) {
			diags.add(DiagCallout, offset, "unknown callout kind [!%s]; the kinds are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and [!CAUTION]; it stays a quote", strings.ToUpper(kind))
		}
	}
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			if p.Lines().Len() == 1 {
				paras = append(paras, p)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		if n := t.block(p, source, diags); n != nil {
			n.SetLines(p.Lines())
			parent := p.Parent()
			parent.ReplaceChild(parent, p, n)
		}
	}
}

// block is the content block a one-line paragraph stands for, or nil.
func (t blockTransformer) block(p *ast.Paragraph, source []byte, diags *diagnostics) ast.Node {
	seg := p.Lines().At(0)
	line := strings.TrimSpace(string(seg.Value(source)))
	if sc, ok := parseShortcode(line); ok {
		return t.shortcodeBlock(sc, seg.Start, diags)
	}
	var dest, title string
	switch n := soleInline(p).(type) {
	case *ast.AutoLink:
		dest = string(n.URL(source))
	case *ast.Link:
		dest, title = string(n.Destination), plainText(n, source)
	default:
		return nil
	}
	v, ok := ParseVideoURL(dest)
	if !ok {
		return nil
	}
	return &Embed{Video: v, Title: title, AsLink: t.opts.Embeds == EmbedLink}
}

// soleInline is a paragraph's only inline node, spaces around it aside.
func soleInline(p *ast.Paragraph) ast.Node {
	if p.ChildCount() != 1 {
		return nil
	}
	return p.FirstChild()
}

func (t blockTransformer) shortcodeBlock(sc shortcode, offset int, diags *diagnostics) ast.Node {
	switch sc.Name {
	case YouTube, Vimeo:
		v := Video{Provider: sc.Name, ID: sc.arg("id", 0)}
		if start, ok := parseStart(sc.arg("start", -1)); ok {
			v.Start = start
		}
		if !v.valid() {
			diags.add(DiagShortcode, offset, "%s shortcode: %q is not a %s video id", sc.Name, v.ID, sc.Name)
			return nil
		}
		return &Embed{Video: v, Title: sc.arg("title", -1), AsLink: t.opts.Embeds == EmbedLink}
	case "cta":
		if t.opts.CTA.URL == "" {
			diags.add(DiagShortcode, offset, "cta shortcode: site.toml has no [cta] with text and url; the line is left out")
			return &CTA{}
		}
		text := sc.arg("text", 0)
		if strings.TrimSpace(text) == "" {
			text = t.opts.CTA.Text
		}
		return &CTA{Label: text, URL: t.opts.CTA.URL}
	}
	return nil
}

// plainText is the text of a node's inline content, without markup.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() { // the typographer's entities, like &rsquo;
				b.WriteString(html.UnescapeString(string(c.Value)))
			} else {
				b.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// blockRenderer writes the content blocks.
type blockRenderer struct {
	opts *Options
}

func (r *blockRenderer) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(KindEmbed, r.renderEmbed)
	reg.Register(KindCallout, r.renderCallout)
	reg.Register(KindCTA, r.renderCTA)
	reg.Register(KindPicture, r.renderPicture)
}

// text is the site's text for key, else the built-in English one.
func (r *blockRenderer) text(key string) string {
	if s, ok := r.opts.Texts[key]; ok && s != "" {
		return s
	}
	return defaultTexts[key]
}

// DefaultTexts are the words the blocks print, in English, by the keys
// of the site's text table, which must know them too.
func DefaultTexts() map[string]string { return maps.Clone(defaultTexts) }

// defaultTexts are the words the blocks print, by the keys of the site's
// text table (config's [strings]).
var defaultTexts = map[string]string{
	"callout_note":      "Note",
	"callout_tip":       "Tip",
	"callout_important": "Important",
	"callout_warning":   "Warning",
	"callout_caution":   "Caution",
	"video_youtube":     "YouTube video",
	"video_vimeo":       "Vimeo video",
	"watch_on":          "Watch on {name}",
	"contents":          "Contents",
}

func (r *blockRenderer) renderCTA(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*CTA)
	if !entering || n.URL == "" {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<p class="cta-action"><a class="cta-button" href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(n.URL), true)))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(util.EscapeHTML([]byte(n.Label)))
	_, _ = w.WriteString("</a></p>\n")
	return ast.WalkSkipChildren, nil
}
