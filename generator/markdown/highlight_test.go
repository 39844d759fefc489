package markdown

import (
	"strings"
	"testing"
)

func TestHighlighting(t *testing.T) {
	md := New(Options{})
	tests := []struct{ name, body, want string }{
		{"known language", "```go\nfunc main() {}\n```\n", `<pre class="highlight"><code class="language-go"><span class="k">func </span><span class="nf">main</span>`},
		{"unknown language", "```nosuch\n<b>&\n```\n", "<pre><code class=\"language-nosuch\">&lt;b&gt;&amp;\n</code></pre>\n"},
		{"no language", "```\n<b>\n```\n", "<pre><code>&lt;b&gt;\n</code></pre>\n"},
		{"language is escaped", "```\"><x\n1\n```\n", `<pre><code class="language-&quot;&gt;&lt;x">1`},
		{"code is escaped", "```html\n<script>alert(1)</script>\n```\n", "&lt;</span><span class=\"nt\">script"},
	}
	for _, tt := range tests {
		if html, _ := render(t, md, tt.body, ""); !strings.Contains(html, tt.want) {
			t.Errorf("%s: output lacks %q:\n%s", tt.name, tt.want, html)
		}
	}
}

// TestCodeColoursMeetAA checks every token colour, and plain code, against
// the code background (or the token's own) in light and dark mode.
func TestCodeColoursMeetAA(t *testing.T) {
	rules := HighlightRules()
	if len(rules) < 20 {
		t.Fatalf("only %d highlight rules: the styles did not load", len(rules))
	}
	for _, r := range rules {
		for _, m := range []struct {
			name string
			s    TokenStyle
			bg   string
		}{{"light", r.Light, CodeBackgroundLight}, {"dark", r.Dark, CodeBackgroundDark}} {
			bg := m.bg
			if m.s.Background != "" {
				bg = m.s.Background
			}
			if c := Contrast(m.s.Colour, bg); c < 4.5 {
				t.Errorf("%s .%s: %s on %s has contrast %.2f:1, below AA", m.name, r.Class, m.s.Colour, bg, c)
			}
		}
	}
}
