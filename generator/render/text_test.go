package render

import (
	"strings"
	"testing"
)

// FuzzDescriptionText: the byte-wise htmlToText and truncateText give
// what the rune-by-rune definitions give, for any text.
func FuzzDescriptionText(f *testing.F) {
	for _, s := range []string{"<p>Hello <em>world</em> &amp; more&nbsp;text</p>", "a  b\u00a0\u0085c\u2003d", "<a href=\"x>y\">z</a> > <", "\xff<b>\xfe</b>",
		strings.Repeat("word ", 60), strings.Repeat("ü", 200), "short", strings.Repeat("x", 170) + " y", "&lt;tag&gt; &#32; &unknown;"} {
		f.Add(s, 160)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if got, want := htmlToText(s), htmlToTextRunes(s); got != want {
			t.Fatalf("htmlToText(%q) = %q, want %q", s, got, want)
		}
		limit = limit%300 + 1
		if limit < 1 {
			limit += 300
		}
		if got, want := truncateText(s, limit), truncateTextRunes(s, limit); got != want {
			t.Fatalf("truncateText(%q, %d) = %q, want %q", s, limit, got, want)
		}
	})
}
