package sanitize

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzHTML checks, for any input, that the output has no script, no
// event handler attribute and no URL that could run script; that
// sanitizing it again changes nothing and removes nothing; that
// bluemonday itself would change nothing in it; that, for input without
// an iframe or input element (which this package treats more strictly),
// it is what bluemonday makes of the input; and that Removed is empty
// exactly when nothing was dropped (see dropped). Its seeds are every
// input of the other tests, so go test checks all this on each of them.
func FuzzHTML(f *testing.F) {
	for _, s := range corpus() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in)
	})
}

func checkSafe(t *testing.T, in string) {
	t.Helper()
	r := HTML(in)
	out := r.HTML
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("HTML(%q) = %q has <script", in, out)
	}
	for _, tok := range tokenize(out) {
		for _, a := range tok.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Fatalf("HTML(%q) = %q has event handler %s", in, out, a.Key)
			}
			if !safeURL(tok.Data, a) {
				t.Fatalf("HTML(%q) = %q has URL %s=%q", in, out, a.Key, a.Val)
			}
		}
	}
	again := HTML(out)
	if again.HTML != out || len(again.Removed) != 0 {
		t.Fatalf("not idempotent:\nin:     %q\nonce:   %q\ntwice:  %q %q", in, out, again.HTML, again.Removed)
	}
	if bm := policy.Sanitize(out); !sameTokens(bm, out) {
		t.Fatalf("bluemonday changes the output:\nin:  %q\nout: %q\nbm:  %q", in, out, bm)
	}
	if l := strings.ToLower(in); !strings.Contains(l, "iframe") && !strings.Contains(l, "input") {
		if bm := policy.Sanitize(in); !sameTokens(bm, out) {
			t.Fatalf("not what bluemonday makes of the input:\nin:  %q\nout: %q\nbm:  %q", in, out, bm)
		}
	}
	if d := dropped(in, out); d != (len(r.Removed) > 0) {
		t.Fatalf("dropped = %v but Removed = %q\nin:  %q\nout: %q\nsig in:  %q\nsig out: %q", d, r.Removed, in, out, signature(in), signature(out))
	}
}

var urlAttrs = set("href", "src", "srcset", "poster", "cite", "action", "formaction", "background", "data", "xlink:href")

// safeURL reports whether a URL attribute's value, as a browser reads it,
// has no scheme other than http, https, mailto or tel, or data:image/...
// in an img src.
func safeURL(el string, a html.Attribute) bool {
	if !urlAttrs[a.Key] {
		return true
	}
	if a.Key == "srcset" {
		for _, c := range strings.Split(a.Val, ",") {
			if s := scheme(c); s != "" && s != "http" && s != "https" {
				return false
			}
		}
		return true
	}
	switch scheme(a.Val) {
	case "", "http", "https", "mailto", "tel":
		return true
	case "data":
		return el == "img" && a.Key == "src" && imgSrcValue.MatchString(a.Val)
	}
	return false
}

func tokenize(s string) []html.Token {
	var toks []html.Token
	z := html.NewTokenizer(strings.NewReader(s))
	for z.Next() != html.ErrorToken {
		toks = append(toks, z.Token())
	}
	return toks
}

// sameTokens reports whether a and b are the same tags with the same
// attributes (style compared as bluemonday writes it) and the same text
// once decoded, whatever their spelling.
func sameTokens(a, b string) bool {
	return strings.Join(canonical(a), "\n") == strings.Join(canonical(b), "\n")
}

func canonical(s string) []string {
	var out []string
	text := ""
	for _, tok := range tokenize(s) {
		switch tok.Type {
		case html.TextToken:
			text += tok.Data
			continue
		case html.CommentToken, html.DoctypeToken:
			continue
		}
		if text != "" {
			out = append(out, "text "+text)
			text = ""
		}
		for i, a := range tok.Attr {
			if a.Key == "style" {
				tok.Attr[i].Val = styleText(a.Val)
			}
		}
		out = append(out, tok.Type.String()+" "+tok.String())
	}
	if text != "" {
		out = append(out, "text "+text)
	}
	return out
}

// dropped reports whether the output lacks something of the input: a start
// tag, an attribute, a style declaration or some text. Precisely, the
// signatures of input and output differ, where a signature is the list of
// start tags, each with its name and attribute names (and, for style, its
// declarations' property names), and the text between them decoded and
// joined. Comments, doctypes, end tags and the raw text inside an iframe
// are not in it: browsers show none of them, and the sanitizer drops them
// without naming them. Attribute values are not in it either: bluemonday
// rewrites URLs (HTTPS: to https:, trims spaces) without dropping them.
func dropped(in, out string) bool {
	a, b := signature(in), signature(out)
	return strings.Join(a, "\n") != strings.Join(b, "\n")
}

var spaces = regexp.MustCompile(`\s+`)

func signature(s string) []string {
	var sig []string
	text := ""
	inIframe := false
	for _, tok := range tokenize(s) {
		switch tok.Type {
		case html.TextToken:
			if !inIframe {
				text += tok.Data
			}
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			inIframe = false
			continue
		}
		inIframe = tok.Data == "iframe"
		if text != "" {
			sig = append(sig, "text "+text)
			text = ""
		}
		item := tok.Type.String() + " " + tok.Data
		for _, a := range tok.Attr {
			if tok.Data == "iframe" && obsoleteIframeAttrs[a.Key] {
				continue // dropped on purpose, without a word
			}
			item += " " + a.Key
			if a.Key == "style" {
				var props []string
				for _, d := range declarations(a.Val) {
					props = append(props, strings.ToLower(d.Property))
				}
				item += "{" + strings.Join(props, ",") + "}"
			}
		}
		sig = append(sig, item)
	}
	if text != "" {
		sig = append(sig, "text "+text)
	}
	return sig
}

var fuzzSeeds = []string{
	``,
	` `,
	`<p>Hello &ldquo;world&rdquo; &amp; it's "ok" &#160; &notit; a < b</p>`,
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<scr<script>ipt>alert(1)</script>`,
	`<script/>alert(1)</script>`,
	`<<x>script>alert(1)<</x>/script>`,
	`<img src=x onerror=alert(1)>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href=" javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a>`,
	`<a href="vbscript:msgbox(1)">x</a><a href="data:text/html,<script>alert(1)</script>">y</a>`,
	`<a href="https://example.com/" target="_blank" rel="noopener">x</a>`,
	`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`,
	`<img src="data:image/svg+xml;base64,PHN2Zz4=">`,
	`<iframe src="https://evil.example/"></iframe>`,
	`<iframe src="https://www.youtube.com/embed/x" allowfullscreen></iframe>`,
	`<iframe src="https://www.youtube.com/embed/x"><p>fallback</p>`,
	`<iframe src="https://player.vimeo.com/video/1" srcdoc="<script>x</script>"/>after`,
	`<svg onload=alert(1)><circle r=1 /></svg>`,
	`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`<div style="color: red; position: fixed; background: url(javascript:alert(1))">x</div>`,
	`<span style="text-align:center">x</span><td style="width: expression(alert(1))">y</td>`,
	`<object data="x.swf"><embed src="x.swf"></object>after`,
	`</object><object>gone</object>after`,
	`<form action="javascript:alert(1)"><input type="text" name="q"><button>go</button></form>`,
	`<input type="checkbox" disabled checked aria-label="Done"> <input type="checkbox">`,
	`<a onclick="x">text</a> <a onclick="y" href="/z">text</a>`,
	`<details open><summary>More</summary><p>Hidden</p></details>`,
	`<figure><img src="/a.png" srcset="/a.png 1x, /a@2x.png 2x" alt="A"><figcaption>Cap</figcaption></figure>`,
	`<video controls poster="/p.jpg" width="640"><source src="/v.mp4" type="video/mp4"></video>`,
	`<audio controls src="javascript:alert(1)"></audio>`,
	`<!-- a comment --><p>x</p><!DOCTYPE html>`,
	`<p>unclosed <b>bold <i>italic`,
	`<textarea><script>alert(1)</script></textarea><title>t</title><xmp><b>x</b></xmp>`,
	`<noscript><img src=x onerror=alert(1)></noscript><plaintext><b>`,
	`<style>p{color:red}</style><link rel=stylesheet href=x><meta http-equiv=refresh content=0><base href=//evil.example/>`,
	`<table><tr><td colspan="2" rowspan="x" align="center">x</td></tr></table>`,
	`<a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a>`,
	`<p title='single' id=bare class=a\nb>x</p>`,
	"<p>\r\n\x00x</p>",
	`<a href="https://example.com/a b">x</a><a href="HTTPS://EXAMPLE.COM">y</a>`,
}
