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
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aymerick/douceur/parser"
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

// attrReasons names the attributes of in that bluemonday left out of kept,
// which holds the rest in the same order.
func (w *walker) attrReasons(el string, in, kept []html.Attribute) {
	j := 0
	for _, a := range in {
		if j < len(kept) && kept[j].Key == a.Key {
			if a.Key == "style" {
				w.styleReasons(el, a.Val, kept[j].Val)
			}
			j++
			continue
		}
		switch a.Key {
		case "style":
			w.styleReasons(el, a.Val, "")
		case "href", "src", "srcset", "poster", "cite", "action", "formaction", "background":
			w.remove(urlReason(el, a))
		default:
			w.remove(a.Key + " attribute on <" + el + ">")
		}
	}
}

func urlReason(el string, a html.Attribute) string {
	s := scheme(a.Val)
	ok := s == "" || s == "http" || s == "https" || a.Key == "href" && (s == "mailto" || s == "tel")
	switch {
	case ok:
		return "invalid URL in <" + el + " " + a.Key + ">"
	case a.Key == "href":
		return s + ": link"
	default:
		return s + ": URL in <" + el + " " + a.Key + ">"
	}
}

func iframeReason(attrs []html.Attribute) string {
	for _, a := range attrs {
		if a.Key != "src" {
			continue
		}
		if s := scheme(a.Val); s != "" && s != "https" {
			return "<iframe> with " + s + ": src"
		}
		u, err := url.Parse(strings.TrimSpace(a.Val))
		switch {
		case err != nil:
			return "<iframe> with invalid src"
		case u.Host == "":
			return "<iframe> without a host in src"
		case !isEmbedHost(u.Hostname()):
			return "<iframe> from " + u.Hostname()
		default:
			return "<iframe> with invalid src"
		}
	}
	return "<iframe> without src"
}

func isEmbedHost(h string) bool {
	for _, e := range embedHosts {
		if strings.EqualFold(h, e) {
			return true
		}
	}
	return false
}

// scheme returns the lower-cased scheme of a URL as a browser reads it,
// which ignores leading spaces and controls and any tab or newline, or ""
// for a relative URL.
func scheme(u string) string {
	var b strings.Builder
	for _, c := range strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ") {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
		case c == ':':
			return strings.ToLower(b.String())
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', b.Len() > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
			b.WriteRune(c)
		default:
			return ""
		}
	}
	return ""
}

// styleReasons names the properties of the style attribute in that
// bluemonday left out of kept, or the attribute if it has none.
func (w *walker) styleReasons(el, in, kept string) {
	have := declarations(in)
	if len(have) == 0 {
		if kept == "" {
			w.remove("style attribute on <" + el + ">")
		}
		return
	}
	left := declarations(kept)
	j := 0
	for _, d := range have {
		if j < len(left) && strings.EqualFold(left[j].Property, d.Property) {
			j++
			continue
		}
		w.remove("style property " + strings.ToLower(d.Property) + " on <" + el + ">")
	}
}

type declaration struct{ Property, Value string }

// declarations parses a style attribute as bluemonday does.
func declarations(style string) []declaration {
	style = strings.TrimRight(style, " ")
	if style != "" && !strings.HasSuffix(style, ";") {
		style += ";"
	}
	decs, err := parser.ParseDeclarations(style)
	if err != nil {
		return nil
	}
	ds := make([]declaration, len(decs))
	for i, d := range decs {
		ds[i] = declaration{d.Property, d.Value}
	}
	return ds
}

// styleText is the style attribute bluemonday writes when it keeps every
// declaration.
func styleText(style string) string {
	var b strings.Builder
	for i, d := range declarations(style) {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.Property + ": " + d.Value)
	}
	return b.String()
}

func sameAttrs(in, kept []html.Attribute) bool {
	if len(in) != len(kept) {
		return false
	}
	for i, a := range in {
		k := kept[i]
		if a.Key != k.Key || a.Namespace != k.Namespace {
			return false
		}
		if a.Val != k.Val && !(a.Key == "style" && plainStyle.MatchString(a.Val) && styleText(a.Val) == k.Val) {
			return false
		}
	}
	return true
}

func hasAll(attrs []html.Attribute, keys []string) bool {
outer:
	for _, k := range keys {
		for _, a := range attrs {
			if a.Key == k {
				continue outer
			}
		}
		return false
	}
	return true
}

// The bytes of a tag that passed unchanged are copied only if it is
// written plainly, so that a browser reads it exactly as the tokenizer
// did: an ASCII name, attributes separated by white space whose values
// are double-quoted with no <, >, ` or bare &, and (for style) only
// simple declarations.
var (
	plainTag   = regexp.MustCompile("^<[a-zA-Z][a-zA-Z0-9]*(?:[ \t\n]+[a-zA-Z][a-zA-Z0-9_:.-]*(?:=\"(?:[^\"<>&`]|" + entity + ")*\")?)*[ \t\n]*/?>$")
	plainStyle = regexp.MustCompile(`^[\s;]*[a-zA-Z-]+\s*:[\sa-zA-Z0-9#%.,()-]+(?:;[\s;]*[a-zA-Z-]+\s*:[\sa-zA-Z0-9#%.,()-]+)*[\s;]*$`)
)

const entity = `&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);`

// writeText copies text as it is but for a < or an & that does not start
// a character reference ending in ";", which it writes as the tokenizer
// reads them, escaped.
func writeText(b *strings.Builder, s string) {
	for {
		i := strings.IndexAny(s, "<&")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		if s[i] == '<' {
			b.WriteString("&lt;")
			s = s[i+1:]
			continue
		}
		if n := refLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			s = s[i+n:]
			continue
		}
		if i+1 < len(s) && !isAlnum(s[i+1]) && !strings.ContainsRune("#&<", rune(s[i+1])) {
			b.WriteByte('&') // "& " starts no reference, and stays so
			s = s[i+1:]
			continue
		}
		// A reference without ";" (&copy 2024) or a word after & that is
		// none, which the tokenizer decodes looking no further than the
		// next & or <, after turning CR LF and CR into LF.
		j := len(s)
		if k := strings.IndexAny(s[i+1:], "<&"); k >= 0 {
			j = i + 1 + k
		}
		seg := strings.ReplaceAll(strings.ReplaceAll(s[i:j], "\r\n", "\n"), "\r", "\n")
		b.WriteString(textEscaper.Replace(html.UnescapeString(seg)))
		s = s[j:]
	}
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;")

// refLen returns the length of the character reference s starts with, or 0.
func refLen(s string) int {
	i := 1
	class := isAlnum
	switch {
	case i+1 < len(s) && s[i] == '#' && (s[i+1] == 'x' || s[i+1] == 'X'):
		i, class = i+2, isHex
	case i < len(s) && s[i] == '#':
		i, class = i+1, isDigit
	case i < len(s) && ('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z'):
	default:
		return 0
	}
	start := i
	for i < len(s) && class(s[i]) {
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' {
		return 0
	}
	return i + 1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

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

// obsoleteIframeAttrs are the presentational attributes of embed codes
// (YouTube's frameborder="0"), obsolete in HTML: dropped without a word,
// since the stylesheet gives iframes no border and nothing is lost.
var obsoleteIframeAttrs = set("frameborder", "scrolling", "marginwidth", "marginheight")

func withoutObsolete(attrs []html.Attribute) []html.Attribute {
	var out []html.Attribute
	for i, a := range attrs {
		if obsoleteIframeAttrs[strings.ToLower(a.Key)] {
			if out == nil {
				out = append([]html.Attribute{}, attrs[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, a)
		}
	}
	if out == nil {
		return attrs
	}
	return out
}
