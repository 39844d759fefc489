package sanitize

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

type keptCase struct{ name, in string }

// keptCases pass through byte for byte, with nothing removed.
var keptCases = []keptCase{
	{"figure and figcaption", `<figure><img src="/img/team.jpg" alt="The team"><figcaption>The team, 2019</figcaption></figure>`},
	{"details and summary", `<details><summary>Spoiler</summary><p>It was the butler.</p></details><details open><summary>Open</summary>x</details>`},
	{"picture and source", `<picture><source srcset="/a.webp 1x, /a@2x.webp 2x" type="image/webp" media="(min-width: 600px)"><img src="/a.jpg" alt=""></picture>`},
	{"video", `<video controls poster="/poster.jpg" src="/clip.mp4" width="640" height="360" loading="lazy" muted loop playsinline preload="metadata"><source src="/clip.webm" type="video/webm">Your browser has no video.</video>`},
	{"audio", `<audio controls src="https://cdn.example.com/episode.mp3"></audio><audio controls><source src="/a.ogg" type="audio/ogg"></audio>`},
	{"img", `<img src="https://example.com/a.png" srcset="a-480.png 480w, a-800.png 800w" sizes="(max-width: 600px) 480px, 800px" alt="A &amp; B: see?" title="Title" width="800" height="600" loading="lazy" decoding="async">`},
	{"img data png", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`},
	{"img data jpeg gif webp", `<img src="data:image/jpeg;base64,/9j/4AAQ"><img src="data:image/gif;base64,R0lGODlh"><img src="data:image/webp;base64,UklGRg==">`},
	{"br and hr", `<p>a<br>b<br/>c<br />d</p><hr><hr/>`},
	{"div span section aside", `<section><div class="notice">A <span class="hl">note</span></div><aside>Aside</aside></section>`},
	{"center", `<center>Centered, as in 2005</center>`},
	{"inline", `<p>E = mc<sup>2</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>+<kbd>C</kbd>, <abbr title="HyperText Markup Language">HTML</abbr>, <mark>marked</mark>, <small>small</small>, <cite>Cited</cite>, <q cite="https://example.com/">quoted</q></p>`},
	{"definition list", `<dl><dt>Term</dt><dd>Definition</dd></dl>`},
	{"table", `<table><caption>Scores</caption><thead><tr><th colspan="2" align="left">Team</th></tr></thead><tbody><tr><td rowspan="2" align="right" valign="top">1</td><td>2</td></tr></tbody></table>`},
	{"headings with id", `<h1 id="top">Top</h1><h2 id="a-b_c.d:e">Second</h2><h3 id="café">Third</h3>`},
	{"class and id", `<div class="alert alert-warning" id="n1"><p class="lead">x</p><span class="c++ x:y">y</span></div>`},
	{"style", `<p style="text-align: center; color: red">a</p><span style="color:#c00;font-weight:bold">b</span><div style="width:50%;max-width:600px;margin:0 auto">c</div>`},
	{"youtube embed", `<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc" title="YouTube video player" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>`},
	{"youtube-nocookie embed", `<iframe src="https://www.youtube-nocookie.com/embed/x" loading="lazy" allowfullscreen></iframe>`},
	{"youtube.com embed", `<iframe src="https://youtube.com/embed/x"></iframe>`},
	{"vimeo embed", `<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" width="640" height="360" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>`},
	{"loom embed", `<iframe src="https://www.loom.com/embed/abc" allowfullscreen></iframe>`},
	{"spotify embed", `<iframe style="border-radius:12px" src="https://open.spotify.com/embed/track/x" width="100%" height="352" allow="encrypted-media" loading="lazy"></iframe>`},
	{"soundcloud embed", `<iframe width="100%" height="166" src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1&amp;color=%23ff5500"></iframe>`},
	{"apple podcasts embed", `<iframe allow="autoplay *; encrypted-media *;" height="175" src="https://embed.podcasts.apple.com/us/podcast/x/id1"></iframe>`},
	{"links", `<a href="https://example.com/" target="_blank" rel="noopener noreferrer">a</a> <a href="http://example.com/">b</a> <a href="mailto:me@example.com">c</a> <a href="tel:+1-555-0100">d</a> <a href="../other/">e</a> <a href="/p?q=1&amp;r=2#s">f</a> <a href="#fn:1">g</a> <a href="//example.com/x">h</a> <a href="page.html" title="T">i</a>`},
	{"old-style anchor", `<a name="top"></a><p align="center">x</p><div align="right">y</div>`},
	{"task list check boxes", `<input type="checkbox" disabled checked aria-label="Done"> <input type="checkbox" disabled aria-label="To do"> <input checked="" disabled="" type="checkbox">`},
	{"lists", `<ol start="3" reversed><li value="5">x</li></ol><ul><li>y</li></ul>`},
	{"quotes and edits", `<blockquote cite="https://example.com/"><p>Q</p></blockquote><del>old</del><ins>new</ins><time datetime="2024-01-02">Jan 2</time>`},
	{"lang dir role aria", `<p lang="fr-CA" dir="rtl">x</p><div role="note" aria-label="Note" aria-hidden="false">y</div>`},
	{"phrasing", `<p><b>b</b> <i>i</i> <u>u</u> <s>s</s> <strike>st</strike> <tt>tt</tt> <em>em</em> <strong>st</strong> <code>c</code> <samp>s</samp> <var>v</var> <dfn>d</dfn> <wbr></p><pre>pre</pre>`},
	{"text", "<p>Ampersand &amp; and bare &, less than &lt;, quote \" and &quot;, apostrophe ' and &#39;, &copy; &#169; &#xA9; \u00a9 \r\n emoji 🎉</p>"},
	{"unclosed tags", `<p>unclosed <b>bold <i>italic`},
}

func TestKept(t *testing.T) {
	for _, c := range keptCases {
		t.Run(c.name, func(t *testing.T) {
			r := HTML(c.in)
			if r.HTML != c.in || len(r.Removed) != 0 {
				t.Errorf("HTML(%q)\n = %q, removed %q\nwant it unchanged", c.in, r.HTML, r.Removed)
			}
		})
	}
}

// goldmarkCases are what goldmark writes, by hand: as Rainmaker
// configures it (task boxes with bare boolean attributes, table cells
// aligned by class) and as goldmark does by default (checked="", inline
// text-align styles, XHTML void tags, older footnote markup).
var goldmarkCases = []keptCase{
	{"rainmaker page", `<h1 id="getting-started">Getting started</h1>
<p>It&rsquo;s &ldquo;easy&rdquo; &ndash; really&hellip; See <a href="https://example.com/docs?a=1&amp;b=2" title="The &quot;docs&quot;">the docs</a> and <code>go run .</code>.<br>
Line two with <em>em</em>, <strong>strong</strong> and <del>gone</del>.</p>
<ul>
<li><input type="checkbox" disabled checked aria-label="Done"> Write the post</li>
<li><input type="checkbox" disabled aria-label="To do"> Publish it</li>
</ul>
<table>
<thead>
<tr>
<th class="align-left">Name</th>
<th class="align-center">Score</th>
<th class="align-right">Rank</th>
</tr>
</thead>
<tbody>
<tr>
<td class="align-left">Ada</td>
<td class="align-center">10</td>
<td class="align-right">1</td>
</tr>
</tbody>
</table>
<pre><code class="language-go">func main() {
	fmt.Println(&quot;hi &lt;there&gt;&quot;, a &amp;&amp; b)
}
</code></pre>
<blockquote>
<p>Quoted</p>
</blockquote>
<ol start="3">
<li>Third</li>
</ol>
<p><img src="/images/a%20b.png" alt="A diagram: in, out" title="Figure 1"></p>
<p>A claim.<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup></p>
<hr>
<div class="footnotes" role="doc-endnotes">
<hr>
<ol>
<li id="fn:1">
<p>The source.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>
</li>
</ol>
</div>
`},
	{"default task list", "<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> done</li>\n<li><input disabled=\"\" type=\"checkbox\"> todo</li>\n</ul>\n"},
	{"default table alignment", "<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">a</th>\n<th style=\"text-align:center\">b</th>\n<th style=\"text-align:right\">c</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left\">1</td>\n<td style=\"text-align:center\">2</td>\n<td style=\"text-align:right\">3</td>\n</tr>\n</tbody>\n</table>\n"},
	{"xhtml", "<p>a<br />\nb</p>\n<hr />\n<p><img src=\"x.png\" alt=\"\" /></p>\n"},
	{"section footnotes", "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n<li id=\"fn:note\" role=\"doc-endnote\">\n<p>Note.&#160;<a href=\"#fnref:note\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</section>\n"},
	{"autolinks", "<p><a href=\"https://example.com/?q=a%20b&amp;x=1\">https://example.com/?q=a%20b&amp;x=1</a> <a href=\"mailto:me@example.com\">me@example.com</a></p>\n"},
}

func TestGoldmarkFragments(t *testing.T) {
	for _, c := range goldmarkCases {
		t.Run(c.name, func(t *testing.T) {
			if r := HTML(c.in); r.HTML != c.in || len(r.Removed) != 0 {
				t.Errorf("HTML(%q)\n = %q, removed %q\nwant it unchanged", c.in, r.HTML, r.Removed)
			}
		})
	}
}

// TestGoldmarkRendered renders Markdown with goldmark itself, in HTML and
// in XHTML, and expects its output back byte for byte.
func TestGoldmarkRendered(t *testing.T) {
	src := "# Title\n\nHello \"world\" -- it's... `x < y` & <kbd>Ctrl</kbd>  \nnext line\n\n" +
		"| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | [3](/three \"Three\") |\n\n" +
		"- [x] done\n- [ ] todo\n\n1. one\n2. two\n\n5. five\n\n> quote\n\n" +
		"Footnote[^1] and <https://example.com/?a=1&b=2>, <me@example.com>, www.example.com.\n\n" +
		"[^1]: The note, with `code`.\n\n```go\nif a && b {\n\treturn \"<x>\"\n}\n```\n\n" +
		"![alt text: yes?](/img/a b.png \"Title\")\n\n~~struck~~ *em* __strong__\n\n---\n\n" +
		"<figure><img src=\"/a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>\n\n" +
		"<details><summary>More</summary>\n\nHidden *text*.\n\n</details>\n"
	for _, xhtml := range []bool{false, true} {
		opts := []renderer.Option{gmhtml.WithUnsafe()}
		if xhtml {
			opts = append(opts, gmhtml.WithXHTML())
		}
		md := goldmark.New(
			goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
			goldmark.WithRendererOptions(opts...),
		)
		var buf bytes.Buffer
		if err := md.Convert([]byte(src), &buf); err != nil {
			t.Fatal(err)
		}
		if r := HTML(buf.String()); r.HTML != buf.String() || len(r.Removed) != 0 {
			t.Errorf("xhtml=%v: goldmark's output changed, removed %q\n got: %s\nwant: %s", xhtml, r.Removed, r.HTML, buf.String())
		}
	}
}

type removedCase struct {
	name, in, want string
	removed        []string
}

var removedCases = []removedCase{
	{"script", `<p>a</p><script>alert(1)</script><p>b</p>`, `<p>a</p><p>b</p>`, []string{"<script>"}},
	{"script upper case", `<SCRIPT>alert(1)</SCRIPT>x`, `x`, []string{"<script>"}},
	{"script mixed case and spaces", `<ScRiPt >alert(1)</sCrIpT >x`, `x`, []string{"<script>"}},
	{"script src", `<script src="//evil.example/x.js"></script>x`, `x`, []string{"<script>"}},
	{"script self-closed", `<script/>alert(1)</script>`, `alert(1)`, []string{"<script>"}},
	{"script split", `<scr<script>ipt>alert(1)</script>`, `ipt>alert(1)`, []string{"<scr<script>"}},
	{"script after <", `<<script>script>alert(1)</script>`, `&lt;`, []string{"<script>"}},
	{"script unclosed", `<p>x</p><script>alert(1)`, `<p>x</p>`, []string{"<script>"}},
	{"script in attribute text", `<p title="<script>alert(1)</script>">x</p>`, `<p title="&lt;script&gt;alert(1)&lt;/script&gt;">x</p>`, nil},
	{"style", `<style>body{display:none}</style><p>x</p>`, `<p>x</p>`, []string{"<style>"}},
	{"object and embed", `<object data="x.swf"><param name="a" value="b"><embed src="x.swf"></object>after`, `after`, []string{"<object>"}},
	{"embed", `<embed src="x.swf">`, ``, []string{"<embed>"}},
	{"form", `<form action="/search"><input type="text" name="q"><button>Go</button></form>`, `Go`, []string{"<form>", "<input>", "<button>"}},
	{"enabled check box", `<input type="checkbox" checked>`, ``, []string{"<input>"}},
	{"check box handler", `<input type="checkbox" disabled onclick="x">`, `<input type="checkbox" disabled="">`, []string{"onclick attribute on <input>"}},
	{"link meta base", `<link rel="stylesheet" href="x.css"><meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">`, ``, []string{"<link>", "<meta>", "<base>"}},
	{"event handlers", `<a href="/x" onclick="steal()">x</a><p onmouseover="x" class="c">y</p>`, `<a href="/x">x</a><p class="c">y</p>`, []string{"onclick attribute on <a>", "onmouseover attribute on <p>"}},
	{"onerror", `<img src=x onerror=alert(1)>`, `<img src="x">`, []string{"onerror attribute on <img>"}},
	{"javascript link", `<a href="javascript:alert(1)">x</a>`, `x`, []string{"javascript: link"}},
	{"javascript with tab entity", `<a href="jav&#x09;ascript:alert(1)">x</a>`, `x`, []string{"javascript: link"}},
	{"javascript entities", `<a href="&#106;avascript&colon;alert(1)">x</a>`, `x`, []string{"javascript: link"}},
	{"javascript spaced", `<a href="  JaVaScRiPt:alert(1)">x</a>`, `x`, []string{"javascript: link"}},
	{"vbscript link", `<a href="vbscript:msgbox(1)">x</a>`, `x`, []string{"vbscript: link"}},
	{"data link", `<a href="data:text/html;base64,PHNjcmlwdD4=">x</a><a href="data:image/png;base64,iVBORw0KGgo=">y</a>`, `xy`, []string{"data: link"}},
	{"javascript img", `<img src="javascript:alert(1)" alt="a">`, `<img alt="a">`, []string{"javascript: URL in <img src>"}},
	{"svg data img", `<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="s">`, `<img alt="s">`, []string{"data: URL in <img src>"}},
	{"javascript srcset", `<img src="/a.png" srcset="javascript:alert(1) 2x">`, `<img src="/a.png">`, []string{"javascript: URL in <img srcset>"}},
	{"javascript video", `<video controls src="javascript:alert(1)" poster="javascript:x"></video>`, `<video controls=""></video>`, []string{"javascript: URL in <video src>", "javascript: URL in <video poster>"}},
	{"invalid URL", `<a href="https://example.com/my page">x</a>`, `x`, []string{"invalid URL in <a href>"}},
	{"iframe from elsewhere", `<iframe src="https://evil.example/"></iframe>after`, `after`, []string{"<iframe> from evil.example"}},
	{"iframe lookalike host", `<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>`, ``, []string{"<iframe> from www.youtube.com.evil.example"}},
	{"iframe over http", `<iframe src="http://www.youtube.com/embed/x"></iframe>`, ``, []string{"<iframe> with http: src"}},
	{"iframe javascript", `<iframe src="javascript:alert(1)"></iframe>`, ``, []string{"<iframe> with javascript: src"}},
	{"iframe relative", `<iframe src="/local.html"></iframe>`, ``, []string{"<iframe> without a host in src"}},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, ``, []string{"<iframe> without src"}},
	{"iframe srcdoc and src", `<iframe src="https://www.youtube.com/embed/x" srcdoc="<script>alert(1)</script>" onload="x"></iframe>`, `<iframe src="https://www.youtube.com/embed/x"></iframe>`, []string{"srcdoc attribute on <iframe>", "onload attribute on <iframe>"}},
	{"iframe content", `<iframe src="https://www.youtube.com/embed/x"><p>No iframes?</p></iframe>`, `<iframe src="https://www.youtube.com/embed/x"></iframe>`, nil},
	{"iframe unclosed", `<iframe src="https://www.youtube.com/embed/x"><p>rest of page`, `<iframe src="https://www.youtube.com/embed/x"></iframe>`, nil},
	{"svg", `<svg onload="alert(1)"><circle r="1"/></svg>after`, `after`, []string{"<svg>", "<circle>"}},
	{"math", `<math><mi xlink:href="javascript:alert(1)">x</mi></math>`, `x`, []string{"<math>", "<mi>"}},
	{"style properties", `<div style="color: red; position: fixed; top: 0">x</div>`, `<div style="color: red">x</div>`, []string{"style property position on <div>", "style property top on <div>"}},
	{"style url", `<span style="background: url(javascript:alert(1))">x</span>`, `<span>x</span>`, []string{"style property background on <span>"}},
	{"style expression", `<td style="width: expression(alert(1))">x</td>`, `<td>x</td>`, []string{"style property width on <td>"}},
	{"style unparsable", `<p style="{{">x</p>`, `<p>x</p>`, []string{"style attribute on <p>"}},
	{"unknown elements", `<font color="red">x</font><blink>y</blink><marquee>z</marquee>`, `xyz`, []string{"<font>", "<blink>", "<marquee>"}},
	{"noscript and title", `<noscript><p>enable js</p></noscript><title>T</title>x`, `x`, []string{"<noscript>", "<title>"}},
	{"textarea and xmp", `<textarea><b>x</b></textarea><xmp><i>y</i></xmp>`, `&lt;b&gt;x&lt;/b&gt;&lt;i&gt;y&lt;/i&gt;`, []string{"<textarea>", "<xmp>"}},
	{"data attribute", `<div class="x" data-src="javascript:x">z</div>`, `<div class="x">z</div>`, []string{"data-src attribute on <div>"}},
	{"comments silently", `<!-- note to self --><p>x</p><!--[if IE]><script>x</script><![endif]--><!DOCTYPE html>`, `<p>x</p>`, nil},
	{"unclosed attribute", `<p>x</p><a href="/y`, `<p>x</p>`, nil},
	{"each name once", `<script>a</script><p onclick="x">1</p><script>b</script><p onclick="y">2</p>`, `<p>1</p><p>2</p>`, []string{"<script>", "onclick attribute on <p>"}},
}

func TestRemoved(t *testing.T) {
	for _, c := range removedCases {
		t.Run(c.name, func(t *testing.T) {
			r := HTML(c.in)
			if r.HTML != c.want || !reflect.DeepEqual(r.Removed, c.removed) {
				t.Errorf("HTML(%q)\n = %q, removed %q\nwant %q, removed %q", c.in, r.HTML, r.Removed, c.want, c.removed)
			}
		})
	}
}

// corpus is every input of the tests, and each of many elements with
// each of many attributes.
func corpus() []string {
	var in []string
	for _, c := range keptCases {
		in = append(in, c.in)
	}
	for _, c := range goldmarkCases {
		in = append(in, c.in)
	}
	for _, c := range removedCases {
		in = append(in, c.in)
	}
	in = append(in, fuzzSeeds...)
	elements := []string{"a", "p", "div", "span", "img", "iframe", "input", "video", "audio", "source", "details",
		"td", "ol", "h2", "center", "script", "style", "object", "embed", "svg", "form", "button", "meta",
		"link", "base", "title", "noscript", "textarea", "blink", "iframe/"}
	attrs := []string{"", `class="x"`, `id="i"`, `title="t"`, `onclick="x"`, `href="/x"`, `href="javascript:x"`,
		`src="/x.png"`, `src="data:text/html,x"`, `src="https://www.youtube.com/embed/x"`, `srcdoc="x"`,
		`style="color:red"`, `style="position:fixed"`, `style=""`, `width="10"`, `type="checkbox" disabled`,
		`open`, `controls`, `start="2"`, `name="n"`}
	for _, e := range elements {
		name := strings.TrimSuffix(e, "/")
		for _, a := range attrs {
			in = append(in, "<"+name+" "+a+">text</"+name+">tail", "<"+name+" "+a+"/>tail")
		}
	}
	return in
}

// TestRemovedMatchesDropped checks that Removed is empty exactly when
// the output lacks nothing of the input, as dropped defines it.
func TestRemovedMatchesDropped(t *testing.T) {
	for _, in := range corpus() {
		r := HTML(in)
		if d := dropped(in, r.HTML); d != (len(r.Removed) > 0) {
			t.Errorf("HTML(%q) = %q\ndropped = %v, removed %q", in, r.HTML, d, r.Removed)
		}
	}
}

func TestConcurrent(t *testing.T) {
	in := strings.Repeat(keptCases[0].in+removedCases[0].in, 20)
	want := HTML(in)
	done := make(chan Result)
	for i := 0; i < 8; i++ {
		go func() { done <- HTML(in) }()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Fatalf("concurrent call: got %+v, want %+v", got, want)
		}
	}
}

// BenchmarkHTML sanitizes a page of goldmark output with some raw HTML,
// next to bluemonday on its own.
func BenchmarkHTML(b *testing.B) {
	var page strings.Builder
	for i := 0; i < 10; i++ {
		page.WriteString(goldmarkCases[0].in)
		page.WriteString(keptCases[0].in + keptCases[17].in)
	}
	in := page.String()
	b.Run("sanitize", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for i := 0; i < b.N; i++ {
			HTML(in)
		}
	})
	b.Run("bluemonday", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for i := 0; i < b.N; i++ {
			policy.Sanitize(in)
		}
	})
}

// TestObsoleteIframeAttributes: embed codes' frameborder and the like are
// obsolete HTML, dropped without a warning (the stylesheet does their job).
func TestObsoleteIframeAttributes(t *testing.T) {
	in := `<iframe width="560" height="315" src="https://www.youtube.com/embed/x" title="Video" frameborder="0" scrolling="no" allowfullscreen></iframe>`
	want := `<iframe width="560" height="315" src="https://www.youtube.com/embed/x" title="Video" allowfullscreen=""></iframe>`
	if r := HTML(in); r.HTML != want || len(r.Removed) > 0 {
		t.Errorf("HTML(%q) = %q, removed %q; want %q, nothing removed", in, r.HTML, r.Removed, want)
	}
}
