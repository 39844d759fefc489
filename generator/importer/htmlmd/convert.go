// Package htmlmd turns the HTML bodies of WordPress and Ghost posts into
// the Markdown Rainmaker reads: images, captions and video embeds in the
// forms Rainmaker renders, and what has no Markdown form kept as raw HTML
// for the sanitizer, each named so the importer can report it.
package htmlmd

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options say where a body comes from and how its links change.
type Options struct {
	// WordPress bodies get Gutenberg comments removed, shortcodes
	// turned into HTML, and paragraphs from blank lines.
	WordPress bool
	// Image, when set, returns the new address of an image's src.
	Image func(src string) string
	// Link, when set, returns the new address of a link's href.
	Link func(href string) string
}

// Result is a converted body.
type Result struct {
	Markdown string
	// Unconverted names what has no Markdown form: kept as raw HTML,
	// removed, or left as text (unknown shortcodes), once each.
	Unconverted []string
}

// rawTags have no Markdown form: they are kept as HTML.
var rawTags = []string{"video", "audio", "details", "iframe", "object", "embed", "form", "button", "svg", "dl", "sup", "sub"}

// removedTags are dropped by the converter, with their content.
var removedTags = []string{"script", "style", "noscript", "input", "textarea", "select"}

var extraNewlines = regexp.MustCompile(`\n{3,}`)

// Convert turns one post's HTML into Markdown.
func Convert(src string, opts Options) (Result, error) {
	ph := &placeholders{}
	var res Result
	if opts.WordPress {
		var unknown []string
		src, unknown = prepareWordPress(src, ph)
		res.Unconverted = append(res.Unconverted, unknown...)
	} else {
		src = moreComment.ReplaceAllStringFunc(src, func(string) string { return ph.add("<!--more-->") })
	}
	body := &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
	nodes, err := html.ParseFragment(strings.NewReader(src), body)
	if err != nil {
		return res, fmt.Errorf("read HTML: %w", err)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	w := &walker{opts: opts, ph: ph, seen: map[string]bool{}}
	w.walk(body)
	res.Unconverted = append(res.Unconverted, w.unconverted...)

	md, err := newConverter().ConvertNode(body)
	if err != nil {
		return res, fmt.Errorf("convert HTML: %w", err)
	}
	out := ph.restore(string(md))
	out = extraNewlines.ReplaceAllString(strings.TrimSpace(out), "\n\n")
	res.Markdown = out + "\n"
	if out == "" {
		res.Markdown = ""
	}
	return res, nil
}

func newConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(), strikethrough.NewStrikethroughPlugin()))
	for _, tag := range rawTags {
		kind := converter.TagTypeBlock
		if tag == "sup" || tag == "sub" || tag == "button" || tag == "svg" {
			kind = converter.TagTypeInline
		}
		conv.Register.TagType(tag, kind, converter.PriorityEarly)
		conv.Register.RendererFor(tag, kind, base.RenderAsHTML, converter.PriorityEarly)
	}
	return conv
}

// walker rewrites the parsed body before it is converted.
type walker struct {
	opts        Options
	ph          *placeholders
	seen        map[string]bool
	unconverted []string
}

func (w *walker) note(what string) {
	if !w.seen[what] {
		w.seen[what] = true
		w.unconverted = append(w.unconverted, what)
	}
}

func (w *walker) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			if !w.element(c) {
				w.walk(c)
			}
		}
		c = next
	}
}

// element rewrites one element; it reports whether its children are done.
func (w *walker) element(n *html.Node) bool {
	switch n.Data {
	case "iframe":
		if v := VideoURL(attr(n, "src")); v != "" {
			w.replace(n, w.ph.node(v))
			return true
		}
		w.note("<iframe> from " + host(attr(n, "src")) + " (kept as raw HTML)")
		return true
	case "figure":
		return w.figure(n)
	case "p":
		if v := VideoURL(onlyURL(n)); v != "" {
			w.replace(n, w.ph.node(v))
			return true
		}
	case "img":
		w.image(n)
	case "a":
		if w.opts.Link != nil {
			if h := attr(n, "href"); h != "" {
				setAttr(n, "href", w.opts.Link(h))
			}
		}
	}
	switch {
	case slices.Contains(removedTags, n.Data):
		w.note("<" + n.Data + "> (removed)")
		return true
	case slices.Contains(rawTags, n.Data) && n.Data != "sup" && n.Data != "sub":
		w.note("<" + n.Data + "> (kept as raw HTML)")
	}
	return false
}

func (w *walker) image(n *html.Node) {
	removeAttr(n, "srcset") // the sizes of the old server
	removeAttr(n, "sizes")
	if w.opts.Image != nil {
		if src := attr(n, "src"); src != "" {
			setAttr(n, "src", w.opts.Image(src))
		}
	}
}

// figure turns an embed figure into its URL line, and an image with a
// caption into the image and its caption, in italics, below it.
func (w *walker) figure(n *html.Node) bool {
	var img, caption, frame *html.Node
	var text strings.Builder
	visit(n, func(c *html.Node) {
		switch {
		case c.Type == html.ElementNode && c.Data == "img" && img == nil:
			img = c
		case c.Type == html.ElementNode && c.Data == "figcaption":
			caption = c
		case c.Type == html.ElementNode && c.Data == "iframe":
			frame = c
		case c.Type == html.TextNode && !inside(c, "figcaption"):
			text.WriteString(c.Data)
		}
	})
	if v := VideoURL(strings.TrimSpace(text.String())); v != "" {
		w.replace(n, w.ph.node(v))
		return true
	}
	if frame != nil {
		if v := VideoURL(attr(frame, "src")); v != "" {
			w.replace(n, w.ph.node(v))
			return true
		}
	}
	if img == nil || caption == nil {
		return false
	}
	picture := img
	if p := img.Parent; p != nil && p.Data == "a" {
		picture = p
	}
	w.walk(picture.Parent) // rewrite the image's src first
	imgPara := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	picture.Parent.RemoveChild(picture)
	imgPara.AppendChild(picture)
	em := &html.Node{Type: html.ElementNode, Data: "em", DataAtom: atom.Em}
	capPara := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	capPara.AppendChild(em)
	for c := caption.FirstChild; c != nil; {
		next := c.NextSibling
		caption.RemoveChild(c)
		em.AppendChild(c)
		c = next
	}
	n.Parent.InsertBefore(imgPara, n)
	w.replace(n, capPara)
	return true
}

func (w *walker) replace(old, repl *html.Node) {
	old.Parent.InsertBefore(repl, old)
	old.Parent.RemoveChild(old)
}

// onlyURL returns the URL a paragraph holds alone, as text or as a link
// whose text is its address, or "".
func onlyURL(p *html.Node) string {
	var text strings.Builder
	href := ""
	visit(p, func(c *html.Node) {
		if c.Type == html.TextNode {
			text.WriteString(c.Data)
		} else if c.Type == html.ElementNode && c.Data == "a" {
			href = attr(c, "href")
		}
	})
	t := strings.TrimSpace(text.String())
	if href != "" && t != href {
		return ""
	}
	return t
}

func visit(n *html.Node, fn func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		fn(c)
		visit(c, fn)
	}
}

func inside(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	n.Attr = slices.DeleteFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

func host(src string) string {
	u, err := url.Parse(src)
	if err != nil || u.Host == "" {
		return "this site"
	}
	return u.Host
}

// placeholderPrefix starts the words that stand for lines the converter
// must not touch (video URLs, <!--more-->) until it is done.
const placeholderPrefix = "XRAINMAKERPH"

type placeholders struct{ lines []string }

// add returns a paragraph that stands for line.
func (p *placeholders) add(line string) string {
	p.lines = append(p.lines, line)
	return fmt.Sprintf("<p>%s%dX</p>", placeholderPrefix, len(p.lines)-1)
}

// node returns a paragraph node that stands for line.
func (p *placeholders) node(line string) *html.Node {
	p.lines = append(p.lines, line)
	para := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	para.AppendChild(&html.Node{Type: html.TextNode, Data: fmt.Sprintf("%s%dX", placeholderPrefix, len(p.lines)-1)})
	return para
}

func (p *placeholders) restore(md string) string {
	for i := len(p.lines) - 1; i >= 0; i-- {
		md = strings.ReplaceAll(md, fmt.Sprintf("%s%dX", placeholderPrefix, i), "\n\n"+p.lines[i]+"\n\n")
	}
	return md
}
