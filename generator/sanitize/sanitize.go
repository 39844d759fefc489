// Package sanitize removes what could run script or load foreign content
// from the HTML of a page whose Markdown contains raw HTML, and names
// what it removed so the build can tell the author.
//
// Kept: the markup goldmark writes (headings with ids, paragraphs, links,
// lists, tables, code with language classes, footnotes, task list check
// boxes) and the raw HTML of migrated posts: figure, figcaption, details,
// summary, picture, source, video, audio, img (src, srcset, sizes, alt,
// title, width, height, loading, decoding), br, hr, div, span, section,
// aside, center, sup, sub, kbd, abbr, mark, small, cite, q, dl, dt, dd and
// tables with colspan, rowspan and align. class, id, title, lang, dir,
// role and aria-label are kept on every element, and style keeps a short
// list of properties (text-align, color, width, margin, ...) whose values
// bluemonday checks. Links may be http, https, mailto, tel or relative;
// images may also be data:image/png, jpeg, gif or webp. An iframe is kept
// only if it loads https://www.youtube.com, www.youtube-nocookie.com,
// youtube.com, player.vimeo.com, www.loom.com, open.spotify.com,
// w.soundcloud.com or embed.podcasts.apple.com; its content, which
// browsers never show, is dropped.
//
// Removed: script, style, object, embed, form and its controls, button,
// link, meta, base, svg, math and any other element not listed, inputs
// other than a disabled check box, on* event handler attributes, srcdoc,
// javascript:, vbscript: and other data: URLs, and other iframes.
// Comments are dropped without being reported. No rel="nofollow" is
// added, nor rel="noopener": bluemonday adds that only together with
// nofollow or noreferrer, and browsers treat target="_blank" as noopener.
//
// Every element and attribute is judged by a bluemonday policy (see
// policy.go); this package applies its verdicts token by token so that it
// can copy the bytes of markup that passed unchanged, keeping goldmark's
// output byte for byte, and name what failed.
package sanitize

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/html"
)

// Result is a sanitized fragment and what was taken out of it.
type Result struct {
	// HTML is the sanitized fragment.
	HTML string
	// Removed names what was dropped, each once, in the order first
	// seen: "<script>", "onclick attribute on <a>", "javascript: link",
	// "<iframe> from evil.example".
	Removed []string
}

var policy = newPolicy()

// HTML sanitizes an HTML fragment. It is safe for concurrent use.
func HTML(fragment string) Result {
	w := walker{in: fragment, exact: true}
	w.out.Grow(len(fragment))
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: a strings.Reader has no other error
		}
		// The token's bytes, as a slice of the input: z.Raw() is changed in
		// place once the token is decoded. Should the two ever disagree,
		// nothing more is copied.
		raw := z.Raw()
		src := ""
		if w.exact && w.pos+len(raw) <= len(fragment) && string(raw) == fragment[w.pos:w.pos+len(raw)] {
			src = fragment[w.pos : w.pos+len(raw)]
		} else {
			w.exact = false
		}
		w.pos += len(raw)
		switch tt {
		case html.TextToken:
			w.text(z, src)
		case html.StartTagToken, html.SelfClosingTagToken:
			w.start(tt, z.Token(), src)
		case html.EndTagToken:
			w.end(z.Token())
		}
		// Comments and doctypes are dropped.
	}
	if w.iframe == keepIframe {
		w.out.WriteString("</iframe>")
	}
	return Result{HTML: w.out.String(), Removed: w.removed}
}

// Elements whose content the tokenizer reads as raw text, and those whose
// content bluemonday drops along with them.
var (
	rawTextElements = set("iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp")
	skipContent     = set("frame", "frameset", "iframe", "noembed", "noframes", "noscript", "nostyle", "object", "script", "style", "title")
)

const (
	noIframe = iota
	keepIframe
	dropIframe
)

// walker goes through the tokens of a fragment in the way bluemonday's
// Policy.Sanitize does, with the same state, and writes what it keeps.
// It differs in two ways: an element without its required attributes is
// dropped, and an iframe's content is.
type walker struct {
	in      string
	pos     int  // offset in `in` of the next token
	exact   bool // token bytes are known to be slices of `in`
	out     strings.Builder
	removed []string

	// bluemonday's state
	skipping  bool     // inside an element whose content is dropped
	skipCount int      // how deep, counted as bluemonday counts
	closeSkip []string // end tags to drop, of start tags dropped
	recent    string   // the latest start tag's name

	rawText bool // the next text is raw text: copy it escaped, not as is
	iframe  int  // inside an iframe's content, which is dropped
}

// verdict is bluemonday's judgement of one tag.
type verdict struct {
	known bool             // the element is in the policy
	out   string           // the tag as bluemonday writes it; "" if dropped
	kept  []html.Attribute // the attributes in out
	same  bool             // kept is the tag's own attributes, unchanged
}

func (w *walker) text(z *html.Tokenizer, src string) {
	if w.iframe != noIframe || w.skipping || w.recent == "script" || w.recent == "style" {
		return
	}
	if w.rawText || src == "" {
		w.out.WriteString(html.EscapeString(string(z.Text())))
		return
	}
	writeText(&w.out, src)
}

func (w *walker) start(tt html.TokenType, tok html.Token, src string) {
	name := tok.Data
	if tt == html.StartTagToken {
		w.recent = normalise(name)
	}
	w.rawText = rawTextElements[name]
	if n := normalise(name); n == "script" || n == "style" {
		w.remove("<" + name + ">")
		return
	}
	if normalise(name) == "iframe" {
		if attrs := withoutObsolete(tok.Attr); len(attrs) != len(tok.Attr) {
			tok.Attr, src = attrs, "" // written as bluemonday makes it
		}
	}
	v := w.judge(tok)
	if !v.known {
		w.remove("<" + name + ">")
		if tt == html.StartTagToken && skipContent[name] {
			w.skipping = true
			w.skipCount++
		}
		return
	}
	if w.skipping {
		if v.out == "" && tt == html.StartTagToken {
			w.closeSkip = append(w.closeSkip, name)
		}
		return
	}
	if need, ok := required[name]; ok && !hasAll(v.kept, need) {
		if name == "iframe" {
			w.remove(iframeReason(tok.Attr))
			w.iframe = dropIframe
		} else {
			w.remove("<" + name + ">")
		}
		return
	}
	w.attrReasons(name, tok.Attr, v.kept)
	if v.out == "" {
		if tt == html.StartTagToken {
			w.closeSkip = append(w.closeSkip, name)
		}
		if len(tok.Attr) == 0 {
			w.remove("<" + name + ">")
		}
		return
	}
	if v.same && src != "" && plainTag.MatchString(src) {
		w.out.WriteString(src)
	} else {
		w.out.WriteString(v.out)
	}
	if name == "iframe" {
		w.iframe = keepIframe
	}
}

func (w *walker) end(tok html.Token) {
	name := tok.Data
	if w.recent == normalise(name) {
		w.recent = ""
	}
	w.rawText = false
	if w.iframe != noIframe && name == "iframe" {
		if w.iframe == keepIframe {
			w.out.WriteString("</iframe>")
		}
		w.iframe = noIframe
		return
	}
	// End tags are dropped without a name: their start tags have one.
	if n := normalise(name); n == "script" || n == "style" {
		return
	}
	if k := len(w.closeSkip); k > 0 && w.closeSkip[k-1] == name {
		w.closeSkip = w.closeSkip[:k-1]
		return
	}
	if !w.isKnown(name) {
		if skipContent[name] {
			// As bluemonday counts: a stray end tag goes below zero.
			w.skipCount--
			if w.skipCount == 0 {
				w.skipping = false
			}
		}
		return
	}
	if !w.skipping {
		w.out.WriteString("</" + name + ">")
	}
}

// Verdicts on tags (by the tag as the tokenizer writes it) and on
// element names, shared by all calls, up to a bound.
var (
	verdicts, knownNames sync.Map
	cached               atomic.Int64
)

const maxCached, maxKey = 20000, 512

func remember(m *sync.Map, key string, v any) {
	if len(key) <= maxKey && cached.Add(1) <= maxCached {
		m.Store(key, v)
	}
}

// judge asks bluemonday about one tag on its own.
func (w *walker) judge(tok html.Token) *verdict {
	key := tok.String()
	if v, ok := verdicts.Load(key); ok {
		return v.(*verdict)
	}
	v := &verdict{out: policy.Sanitize(key)}
	if v.out != "" {
		v.known = true
		z := html.NewTokenizer(strings.NewReader(v.out))
		z.Next()
		v.kept = z.Token().Attr
		v.same = sameAttrs(tok.Attr, v.kept)
	} else {
		v.known = w.isKnown(tok.Data)
	}
	remember(&verdicts, key, v)
	return v
}

// isKnown reports whether the policy has the element: bluemonday keeps an
// end tag on its own exactly then.
func (w *walker) isKnown(name string) bool {
	if k, ok := knownNames.Load(name); ok {
		return k.(bool)
	}
	k := policy.Sanitize("</"+name+">") != ""
	remember(&knownNames, name, k)
	return k
}

func (w *walker) remove(what string) {
	if w.skipping {
		return // part of what is being skipped, which has its name
	}
	for _, r := range w.removed {
		if r == what {
			return
		}
	}
	w.removed = append(w.removed, what)
}

// normalise is bluemonday's name for an element when it looks for script
// and style: lower case, with anything not ASCII escaped.
func normalise(name string) string {
	return strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(strconv.QuoteToASCII(name)), `"`), `"`)
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
