package markdown

import (
	"bytes"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func TestVideoEmbeds(t *testing.T) {
	player := New(Options{})
	link := New(Options{Embeds: EmbedLink})
	nocookie := `<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`
	tests := []struct {
		name, body string
		md         *Markdown
		want, not  []string
	}{
		{"bare URL", "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", player,
			[]string{`<div class="embed embed-youtube">` + nocookie, `title="YouTube video"`, `loading="lazy"`, `referrerpolicy="strict-origin-when-cross-origin"`, `allow="`}, []string{"<p>"}},
		{"angle brackets", "<https://youtu.be/dQw4w9WgXcQ?t=30>\n", player, []string{`embed/dQw4w9WgXcQ?start=30"`}, nil},
		{"link text is the title", "[The five questions](https://youtu.be/dQw4w9WgXcQ)\n", player, []string{`title="The five questions"`}, nil},
		{"title is escaped", "[A \"<b>\" talk](https://youtu.be/dQw4w9WgXcQ)\n", player, []string{`title="A “” talk"`}, []string{"<b>"}},
		{"shorts are portrait", "https://www.youtube.com/shorts/dQw4w9WgXcQ\n", player, []string{`class="embed embed-youtube embed-portrait"`, `width="315" height="560"`}, nil},
		{"vimeo", "https://vimeo.com/76979871\n", player, []string{`<iframe src="https://player.vimeo.com/video/76979871?dnt=1"`, `title="Vimeo video"`}, nil},
		{"youtube shortcode", "{{< youtube dQw4w9WgXcQ >}}\n", player, []string{nocookie}, nil},
		{"named shortcode", `{{< youtube id="dQw4w9WgXcQ" title="Intro" start=12 >}}` + "\n", player, []string{`embed/dQw4w9WgXcQ?start=12"`, `title="Intro"`}, nil},
		{"vimeo shortcode", "{{< vimeo 55073825 >}}\n", player, []string{"player.vimeo.com/video/55073825?dnt=1"}, nil},
		{"in a list", "- item\n\n  https://youtu.be/dQw4w9WgXcQ\n", player, []string{nocookie}, nil},
		{"link card", "https://youtu.be/dQw4w9WgXcQ\n", link,
			[]string{`<a class="embed-card" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">`, `<span class="embed-card-title">YouTube video</span>`, "Watch on YouTube"}, []string{"<iframe", "nocookie", "<img"}},
		{"shortcode link card", "{{< vimeo 55073825 >}}\n", link, []string{`href="https://vimeo.com/55073825"`, "Watch on Vimeo"}, []string{"<iframe"}},

		{"URL in a sentence stays a link", "Watch https://youtu.be/dQw4w9WgXcQ now.\n", player, []string{`<a href="https://youtu.be/dQw4w9WgXcQ">`}, []string{"<iframe"}},
		{"two URLs stay links", "https://youtu.be/dQw4w9WgXcQ https://youtu.be/dQw4w9WgXcQ\n", player, []string{"<a href"}, []string{"<iframe"}},
		{"bad id stays a link", "https://www.youtube.com/watch?v=nope\n", player, []string{`<a href="https://www.youtube.com/watch?v=nope">`}, []string{"<iframe"}},
		{"other host stays a link", "https://example.org/watch?v=dQw4w9WgXcQ\n", player, []string{`<a href="https://example.org/watch?v=dQw4w9WgXcQ">`}, []string{"<iframe"}},
		{"bad shortcode id stays text", "{{< youtube \"x onload=alert(1)\" >}}\n", player, []string{"<p>{{&lt; youtube"}, []string{"<iframe"}},
		{"unknown shortcode stays text", "{{< tweet 123 >}}\n", player, []string{"<p>{{&lt; tweet 123 &gt;}}</p>"}, nil},
		{"code is not an embed", "    https://youtu.be/dQw4w9WgXcQ\n", player, []string{"<pre><code>https://youtu.be"}, []string{"<iframe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, _ := render(t, tt.md, tt.body, "")
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("output lacks %q:\n%s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("output has %q:\n%s", n, html)
				}
			}
		})
	}
}

func TestCallouts(t *testing.T) {
	md := New(Options{Texts: map[string]string{"callout_tip": "Tipp"}})
	for _, tt := range []struct{ body, class, title, label string }{
		{"> [!NOTE]\n> Read this.\n", "callout-note", "Note", "Note"},
		{"> [!tip]\n> Read this.\n", "callout-tip", "Tipp", "Tipp"},
		{"> [!Important]\n> Read this.\n", "callout-important", "Important", "Important"},
		{"> [!WARNING] Mind the gap\n> Read this.\n", "callout-warning", "Mind the gap", "Warning: Mind the gap"},
		{"> [!CAUTION]\n>\n> Read this.\n", "callout-caution", "Caution", "Caution"},
	} {
		html, res := render(t, md, tt.body, "")
		want := `<aside class="callout ` + tt.class + `" role="note" aria-label="` + tt.label + `">` + "\n" +
			`<p class="callout-title">` + tt.title + "</p>\n<p>Read this.</p>\n</aside>\n"
		if html != want {
			t.Errorf("%q renders\n%s\nwant\n%s", tt.body, html, want)
		}
		if len(res.Diagnostics) != 0 {
			t.Errorf("%q: diagnostics %v", tt.body, res.Diagnostics)
		}
	}
}

func TestCalloutEdgeCases(t *testing.T) {
	md := New(Options{})
	tests := []struct{ name, body, want string }{
		{"marker only", "> [!NOTE]\n", "<p class=\"callout-title\">Note</p>\n</aside>"},
		{"quotes on the next line survive", "> [!NOTE]\n> \"Quoted\" text.\n", "<p>&ldquo;Quoted&rdquo; text.</p>"},
		{"markup on the next line survives", "> [!NOTE]\n> *Stress* this.\n", "<p><em>Stress</em> this.</p>"},
		{"a video in a callout", "> [!TIP]\n> https://youtu.be/dQw4w9WgXcQ\n", `<p class="callout-title">Tip</p>` + "\n" + `<div class="embed embed-youtube">`},
		{"nested", "> [!NOTE]\n> Outer.\n>\n> > [!WARNING]\n> > Inner.\n", `<aside class="callout callout-warning"`},
		{"a plain quote stays", "> Just a quote.\n", "<blockquote>\n<p>Just a quote.</p>\n</blockquote>"},
		{"marker later stays", "> Text\n> [!NOTE]\n", "<blockquote>"},
	}
	for _, tt := range tests {
		if html, _ := render(t, md, tt.body, ""); !strings.Contains(html, tt.want) {
			t.Errorf("%s: output lacks %q:\n%s", tt.name, tt.want, html)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	md := New(Options{})
	body := "Intro.\n\n> [!DANGER]\n> Hot.\n\nText ![](a.jpg) and\n![](b.jpg) ![ok](c.jpg)\n\n{{< cta >}}\n\n{{< youtube nope >}}\n"
	var out bytes.Buffer
	res, err := md.Render(&out, []byte(body), RenderOptions{BodyLine: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind string
		line int
		has  string
	}{
		{DiagCallout, 7, "[!DANGER]"},
		{DiagShortcode, 13, "[cta]"},
		{DiagShortcode, 15, `"nope"`},
		{DiagImageAlt, 10, "a.jpg"},
		{DiagImageAlt, 11, "b.jpg"},
	}
	if len(res.Diagnostics) != len(want) {
		t.Fatalf("diagnostics = %v, want %d", res.Diagnostics, len(want))
	}
	for i, w := range want {
		d := res.Diagnostics[i]
		if d.Kind != w.kind || d.Line != w.line || !strings.Contains(d.Msg, w.has) {
			t.Errorf("diagnostic %d = %+v, want kind %s, line %d, with %q", i, d, w.kind, w.line, w.has)
		}
	}
	if !strings.Contains(out.String(), "<blockquote>\n<p>[!DANGER]") {
		t.Errorf("an unknown callout should stay a quote:\n%s", out.String())
	}
	if strings.Contains(out.String(), "cta") {
		t.Errorf("{{< cta >}} without [cta] should be left out:\n%s", out.String())
	}
}

func TestCTA(t *testing.T) {
	md := New(Options{CTA: CTALink{Text: "Book a discovery call", URL: "/contact/"}})
	html, _ := render(t, md, "{{< cta >}}\n\n{{< cta \"Talk to me\" >}}\n\nText {{< cta >}}\n", "")
	for _, w := range []string{
		`<p class="cta-action"><a class="cta-button" href="/contact/">Book a discovery call</a></p>`,
		`<p class="cta-action"><a class="cta-button" href="/contact/">Talk to me</a></p>`,
		"<p>Text {{&lt; cta &gt;}}</p>",
	} {
		if !strings.Contains(html, w) {
			t.Errorf("output lacks %q:\n%s", w, html)
		}
	}
	bad, res := render(t, New(Options{CTA: CTALink{Text: "x", URL: "javascript:alert(1)"}}), "{{< cta >}}\n", "")
	if strings.Contains(bad, "javascript") || len(res.Diagnostics) != 1 {
		t.Errorf("a javascript: CTA should be dropped with a diagnostic: %q %v", bad, res.Diagnostics)
	}
}

func TestTOC(t *testing.T) {
	body := "## Why\n\n### First\n\n### First\n\n## How *now*\n\n#### Deep\n\n## Why\n"
	tests := []struct {
		name string
		min  int
		mode TOCMode
		want string
	}{
		{"auto past the minimum", 5, TOCAuto, `<nav class="toc" aria-label="Contents"><ol><li><a href="#why">Why</a><ol><li><a href="#first">First</a></li><li><a href="#first-1">First</a></li></ol></li><li><a href="#how-now">How now</a></li><li><a href="#why-1">Why</a></li></ol></nav>`},
		{"auto below the minimum", 6, TOCAuto, ""},
		{"auto off", 0, TOCAuto, ""},
		{"front matter on", 0, TOCOn, `<nav class="toc"`},
		{"front matter off", 1, TOCOff, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			res, err := New(Options{TOCMinHeadings: tt.min}).Render(&out, []byte(body), RenderOptions{TOC: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(res.TOC), tt.want) || (tt.want == "") != (res.TOC == "") {
				t.Errorf("TOC = %s\nwant %s", res.TOC, tt.want)
			}
			for _, e := range res.TOCEntries {
				if !strings.Contains(out.String(), `id="`+e.ID+`"`) {
					t.Errorf("TOC links to #%s, which the page lacks", e.ID)
				}
			}
		})
	}
	var out bytes.Buffer
	res, _ := New(Options{Texts: map[string]string{"contents": "Inhalt"}}).Render(&out, []byte("## A\n"), RenderOptions{TOC: TOCOn})
	if !strings.Contains(string(res.TOC), `aria-label="Inhalt"`) {
		t.Errorf("TOC label not from Texts: %s", res.TOC)
	}
}

// TestBlocksSurviveSanitizer renders each block on a page that also has
// raw HTML, so the whole page goes through the sanitizer: the blocks are
// ours and must come out as they went in.
func TestBlocksSurviveSanitizer(t *testing.T) {
	opts := Options{CTA: CTALink{Text: "Book", URL: "https://example.org/book"}}
	body := "https://youtu.be/dQw4w9WgXcQ\n\nhttps://vimeo.com/1\n\n> [!NOTE]\n> Hi.\n\n{{< cta >}}\n\n```go\nx := 1\n```\n"
	plain, _ := render(t, New(opts), body, "")
	opts.SanitizeHTML = true
	sanitized, res := render(t, New(opts), body+"\n<span>raw</span>\n", "")
	if !strings.HasPrefix(sanitized, plain) {
		t.Errorf("the sanitizer changed the blocks:\n%s\nwant\n%s", sanitized, plain)
	}
	if len(res.Removed) > 0 {
		t.Errorf("the sanitizer removed %v", res.Removed)
	}
}

func TestFeedGetsLinks(t *testing.T) {
	md := New(Options{CTA: CTALink{Text: "Book", URL: "/book/"}})
	var out, feed bytes.Buffer
	base, _ := url.Parse("https://example.org/posts/x/")
	if _, err := md.Render(&out, []byte("https://youtu.be/dQw4w9WgXcQ\n\n{{< cta >}}\n"), RenderOptions{FeedOut: &feed, FeedBase: base}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "<iframe") {
		t.Errorf("the page lost its player:\n%s", out.String())
	}
	f := feed.String()
	if strings.Contains(f, "<iframe") || !strings.Contains(f, `class="embed-card"`) || !strings.Contains(f, `href="https://example.org/book/"`) {
		t.Errorf("the feed should have a link card and an absolute CTA:\n%s", f)
	}
}

// TestRenderConcurrently renders highlighted pages from many goroutines
// with one Markdown, as a build's workers do (run with -race).
func TestRenderConcurrently(t *testing.T) {
	md := New(Options{TOCMinHeadings: 1})
	body := []byte("## A\n\n```python\nprint('hi')\n```\n\n```js\nlet x = 1;\n```\n\n> [!TIP]\n> t\n\nhttps://youtu.be/dQw4w9WgXcQ\n")
	var want string
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			if _, err := md.Render(&out, body, RenderOptions{}); err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if i == 0 || want == "" {
				want = out.String()
			} else if out.String() != want {
				t.Errorf("renders differ:\n%s\n%s", out.String(), want)
			}
		}()
	}
	wg.Wait()
}
