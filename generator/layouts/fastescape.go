package layouts

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// Escaping: the fast executor applies html/template's escapers itself.

// stringify is the text an escaper works on, and its content type, as
// html/template makes it from one value; ok is false for values it would
// format with fmt (pointers, structs, Stringers), left to html/template.
func stringify(v reflect.Value) (string, contentType, bool) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", 0, false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", 0, false
	}
	typ := v.Type()
	if ct, known := contentTypes[typ]; known {
		if ct == contentOther {
			return "", 0, false
		}
		return v.String(), ct, true
	}
	if typ.Implements(stringerType) || typ.Implements(errorType) {
		return "", 0, false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), contentPlain, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), contentPlain, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), contentPlain, true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), contentPlain, true
	}
	return "", 0, false
}

// escaper is one of html/template's escapers, reimplemented for strings;
// ok is false where it would need what the fast path leaves alone.
type escaper struct {
	apply func(s string, ct contentType) (string, bool)
	write func(w *bytes.Buffer, s string, ct contentType) bool
}

// escaperOf returns the escaper a command of an escaped pipeline calls,
// or nil.
func escaperOf(cmd *parse.CommandNode) *escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	return escapers[id.Ident]
}

var escapers = map[string]*escaper{
	"_html_template_htmlescaper": viaWrite(func(w *bytes.Buffer, s string, ct contentType) bool {
		if ct == contentHTML {
			w.WriteString(s)
			return true
		}
		writeHTMLEscaped(w, s, true)
		return true
	}),
	"_html_template_attrescaper": viaWrite(func(w *bytes.Buffer, s string, ct contentType) bool {
		if ct == contentHTML {
			return false // html/template strips the tags first
		}
		writeHTMLEscaped(w, s, true)
		return true
	}),
	"_html_template_rcdataescaper": viaWrite(func(w *bytes.Buffer, s string, ct contentType) bool {
		writeHTMLEscaped(w, s, ct != contentHTML)
		return true
	}),
	"_html_template_urlfilter": viaApply(func(s string, ct contentType) (string, bool) {
		if ct != contentURL && !isSafeURL(s) {
			return "#ZgotmplZ", true
		}
		return s, true
	}),
	"_html_template_urlnormalizer": viaApply(func(s string, ct contentType) (string, bool) {
		return percentEncodeURL(s, true), true
	}),
	"_html_template_urlescaper": viaApply(func(s string, ct contentType) (string, bool) {
		return percentEncodeURL(s, ct == contentURL), true
	}),
	"_html_template_cssvaluefilter": viaApply(func(s string, ct contentType) (string, bool) {
		// The brand's <style>: a template.CSS value is inserted as it is;
		// html/template's filtering of other values is left to it.
		return s, ct == contentCSS
	}),
	"_html_template_jsvalescaper": viaApply(func(s string, ct contentType) (string, bool) {
		// Only a template.JS value is inserted as it is; every other value
		// is marshalled as JSON by html/template.
		return s, ct == contentJS
	}),
}

func viaWrite(write func(*bytes.Buffer, string, contentType) bool) *escaper {
	return &escaper{
		write: write,
		apply: func(s string, ct contentType) (string, bool) {
			var b bytes.Buffer
			if !write(&b, s, ct) {
				return "", false
			}
			return b.String(), true
		},
	}
}

func viaApply(apply func(string, contentType) (string, bool)) *escaper {
	return &escaper{
		apply: apply,
		write: func(w *bytes.Buffer, s string, ct contentType) bool {
			out, ok := apply(s, ct)
			if ok {
				w.WriteString(out)
			}
			return ok
		},
	}
}

// writeHTMLEscaped writes s with the characters that matter in HTML text
// and quoted attributes replaced by references, as html/template does
// (it also replaces "+", and NUL with U+FFFD); amp says whether "&" is
// replaced too (not in text already typed as HTML, in RCDATA).
func writeHTMLEscaped(w *bytes.Buffer, s string, amp bool) {
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			if !amp {
				continue
			}
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.WriteString(s[written:i])
		w.WriteString(repl)
		written = i + 1
	}
	w.WriteString(s[written:])
}

// isSafeURL is html/template's test for a URL in an attribute: no scheme,
// or http, https or mailto.
func isSafeURL(s string) bool {
	scheme, _, found := strings.Cut(s, ":")
	if !found || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// percentEncodeURL encodes every byte of s outside RFC 3986's unreserved
// set as html/template does (lower-case hex); normalize keeps the
// reserved characters and escapes that are already valid.
func percentEncodeURL(s string, normalize bool) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeeps(c, normalize) || (normalize && c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])) {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		const hex = "0123456789abcdef"
		b = append(b, s[written:i]...)
		b = append(b, '%', hex[c>>4], hex[c&15])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

func urlKeeps(c byte, normalize bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~':
		return true
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return normalize
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
