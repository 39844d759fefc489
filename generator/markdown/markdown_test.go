package markdown

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode"
)

func render(t *testing.T, md *Markdown, body, frontSummary string) (string, Rendered) {
	t.Helper()
	var out bytes.Buffer
	res, err := md.Render(&out, []byte(body), RenderOptions{Summary: frontSummary})
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), res
}

func TestSummary(t *testing.T) {
	md := New(Options{})
	tests := []struct {
		name, body, front, want string
	}{
		{"front matter wins", "First para.\n\n<!--more-->\n\nRest.", "Set <by> hand.", "<p>Set &lt;by&gt; hand.</p>"},
		{"more marker", "# Title\n\nOne.\n\nTwo.\n\n<!--more-->\n\nThree.", "", "<h1 id=\"title\">Title</h1>\n<p>One.</p>\n<p>Two.</p>"},
		{"first paragraph", "# Title\n\nOne *big* idea.\n\nTwo.", "", "<p>One <em>big</em> idea.</p>"},
		{"marker first falls back to paragraph", "<!--more-->\n\nOnly.", "", "<p>Only.</p>"},
		{"no paragraph", "# Only a heading", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, res := render(t, md, tt.body, tt.front)
			if string(res.Summary) != tt.want {
				t.Errorf("summary = %q, want %q", res.Summary, tt.want)
			}
			if strings.Contains(html, "more") && strings.Contains(tt.body, MoreMarker) {
				t.Errorf("the more marker shows in the page: %q", html)
			}
		})
	}
}

func TestMarkdownFeatures(t *testing.T) {
	md := New(Options{})
	body := "## Intro\n\n## Intro\n\n## Führung & Ziele\n\n" +
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nSee https://example.org and a note[^1].\n\n[^1]: The note.\n"
	html, _ := render(t, md, body, "")
	for _, want := range []string{
		`<h2 id="intro">Intro</h2>`,
		`<h2 id="intro-1">Intro</h2>`,
		`<h2 id="führung-ziele">Führung &amp; Ziele</h2>`,
		"<table>", "<del>old</del>", "&ldquo;quoted&rdquo;",
		`<input type="checkbox" disabled checked aria-label="Done">`,
		`<a href="https://example.org">https://example.org</a>`,
		`class="footnote-ref"`, "The note.",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %q:\n%s", want, html)
		}
	}
}

func TestRawHTMLFollowsConfig(t *testing.T) {
	body := "Hi <span class=\"x\">there</span>\n\n<script>alert(1)</script>\n"
	safe, _ := render(t, New(Options{}), body+"\n<!-- a note -->\n\nText <!-- inline note -->.\n", "")
	if strings.Contains(safe, "<script") || strings.Contains(safe, "<span") {
		t.Errorf("raw HTML kept with unsafe_html off:\n%s", safe)
	}
	for _, want := range []string{`Hi &lt;span class=&quot;x&quot;&gt;there&lt;/span&gt;`, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"} {
		if !strings.Contains(safe, want) {
			t.Errorf("raw HTML is not shown escaped (%q):\n%s", want, safe)
		}
	}
	if strings.Contains(safe, "note") {
		t.Errorf("HTML comments should be dropped:\n%s", safe)
	}
	unsafe, _ := render(t, New(Options{UnsafeHTML: true}), body, "")
	if !strings.Contains(unsafe, `<span class="x">there</span>`) {
		t.Errorf("raw HTML dropped with unsafe_html on:\n%s", unsafe)
	}
}

func TestDangerousLinksNeverSurvive(t *testing.T) {
	body := "[click](javascript:alert(1)) [tab](java\tscript:alert(1)) [up](JAVASCRIPT:x) " +
		"[vb](vbscript:msgbox) [file](file:///etc/passwd) [data](data:text/html;base64,PHNjcmlwdD4=) " +
		"<javascript:alert(2)> ![img](javascript:alert(3)) [ref]\n\n[ref]: javascript:alert(4)\n\n" +
		"[ok](https://example.org/a) [rel](/posts/x/) ![pic](data:image/png;base64,iVBOR)\n"
	for _, unsafe := range []bool{false, true} {
		html, _ := render(t, New(Options{UnsafeHTML: unsafe}), body, "")
		lower := strings.ToLower(html)
		for _, bad := range []string{"javascript:", "vbscript:", "file:", "data:text"} {
			if strings.Contains(lower, `href="`+bad) || strings.Contains(lower, `src="`+bad) {
				t.Errorf("unsafe=%v: a %s link survived:\n%s", unsafe, bad, html)
			}
		}
		for _, keep := range []string{"<p>click ", " up vb file data ", " img ref", `href="https://example.org/a"`, `href="/posts/x/"`, `src="data:image/png;base64,iVBOR"`} {
			if !strings.Contains(html, keep) {
				t.Errorf("unsafe=%v: output lacks %q:\n%s", unsafe, keep, html)
			}
		}
	}
}

func TestIsDangerousURL(t *testing.T) {
	tests := []struct {
		url   string
		image bool
		want  bool
	}{
		{"javascript:alert(1)", false, true},
		{"  JavaScript:alert(1)", false, true},
		{"java\nscript:x", false, true},
		{"vbscript:x", false, true},
		{"file:///etc/passwd", false, true},
		{"data:text/html,x", false, true},
		{"data:image/png;base64,x", false, true},
		{"data:image/png;base64,x", true, false},
		{"data:image/svg+xml,x", true, true},
		{"https://example.org/javascript:x", false, false},
		{"/posts/x/", false, false},
		{"#top", false, false},
		{"mailto:a@b.org", false, false},
		{"./javascript:x", false, false},
	}
	for _, tt := range tests {
		if got := IsDangerousURL(tt.url, tt.image); got != tt.want {
			t.Errorf("IsDangerousURL(%q, %v) = %v, want %v", tt.url, tt.image, got, tt.want)
		}
	}
}

// TestWordCounterMatchesRunes checks the byte-table counter against the
// plain definition (a word starts at a letter or digit after a space) on
// random mixes of ASCII, punctuation, non-ASCII letters and spaces.
func TestWordCounterMatchesRunes(t *testing.T) {
	reference := func(text string) int {
		words, inWord := 0, false
		for _, r := range text {
			if unicode.IsSpace(r) {
				inWord = false
			} else if !inWord && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				inWord, words = true, words+1
			}
		}
		return words
	}
	alphabet := []rune("aZ09 \t\n.,-'é営\u00a0\u2003\u0085½\ufffd")
	rng := rand.New(rand.NewSource(7))
	for range 2000 {
		var b strings.Builder
		for range rng.Intn(40) {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		if rng.Intn(10) == 0 {
			b.WriteByte(0xff) // invalid UTF-8 counts as neither
		}
		text := b.String()
		var c wordCounter
		c.add([]byte(text))
		if want := reference(text); c.words != want {
			t.Fatalf("words(%q) = %d, want %d", text, c.words, want)
		}
	}
}

func TestWordCount(t *testing.T) {
	md := New(Options{})
	tests := []struct {
		body string
		want int
	}{
		{"One two three.", 3},
		{"# Heading words\n\nDon't split \"quoted words\" apart.", 7},
		{"Line one\nline two", 4},
		{"Words.\n\n```\ncode is not counted here\n```\n", 1},
		{"**bold**and *em* text", 3},
		{"Führung für Top-Performer", 3},
		{"営業 の 成果\u00a0です", 4},
		{"café\u2003naïve — ½ 2024", 3},
		{"- - - ... !!!", 0},
	}
	for _, tt := range tests {
		if _, res := render(t, md, tt.body, ""); res.Words != tt.want {
			t.Errorf("words(%q) = %d, want %d", tt.body, res.Words, tt.want)
		}
	}
}

func TestHeadingsNeverTakeLayoutIDs(t *testing.T) {
	md := New(Options{})
	html, _ := render(t, md, "## Main\n\n## Related title\n", "")
	if strings.Contains(html, `id="main"`) || strings.Contains(html, `id="related-title"`) {
		t.Errorf("a heading took a layout's id:\n%s", html)
	}
}
