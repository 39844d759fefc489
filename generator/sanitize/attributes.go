package sanitize

// Attributes: naming what bluemonday dropped from a tag (attributes, URLs,
// style properties, iframes), and telling whether a tag's own bytes can
// be copied unchanged.

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/aymerick/douceur/parser"
	"golang.org/x/net/html"
)

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
