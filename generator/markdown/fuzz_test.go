package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzBlocks feeds one line to the new parsers (video URL, callout
// marker, shortcode) and to a whole render, as a paragraph and as the
// first line of a quote: none may panic, and a video's URLs may only
// ever point at the providers, with nothing an author wrote unescaped.
func FuzzBlocks(f *testing.F) {
	for _, seed := range []string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s",
		"https://youtu.be/dQw4w9WgXcQ?t=42",
		"https://www.youtube.com/shorts/dQw4w9WgXcQ",
		"https://vimeo.com/76979871/abc123#t=5s",
		"https://player.vimeo.com/video/1?h=x",
		"[title](https://youtu.be/dQw4w9WgXcQ)",
		"[!NOTE] A title",
		"[!tip]",
		"[!DANGER]",
		`{{< youtube id="dQw4w9WgXcQ" title="A \"t\"" start=30 >}}`,
		"{{< vimeo 55073825 >}}",
		"{{< cta `raw` >}}",
		`{{% cta "x" %}}`,
		"{{< cta",
	} {
		f.Add(seed)
	}
	md := New(Options{CTA: CTALink{Text: "Book", URL: "https://example.org/book"}, TOCMinHeadings: 1})
	f.Fuzz(func(t *testing.T, line string) {
		if v, ok := ParseVideoURL(line); ok {
			checkVideo(t, line, v)
		}
		parseCalloutMarker(line)
		if sc, ok := parseShortcode(line); ok && sc.Name == "" {
			t.Errorf("parseShortcode(%q) gave no name", line)
		}
		for _, body := range []string{line + "\n", "> " + line + "\n> body\n", "- item\n\n  " + line + "\n"} {
			var out bytes.Buffer
			if _, err := md.Render(&out, []byte(body), RenderOptions{BodyLine: 3}); err != nil {
				t.Fatalf("Render(%q): %v", body, err)
			}
		}
	})
}

func checkVideo(t *testing.T, line string, v Video) {
	t.Helper()
	if !v.valid() {
		t.Fatalf("ParseVideoURL(%q) = %+v, which is not valid", line, v)
	}
	embed, watch := v.EmbedURL(), v.WatchURL()
	if !strings.HasPrefix(embed, "https://www.youtube-nocookie.com/embed/") && !strings.HasPrefix(embed, "https://player.vimeo.com/video/") {
		t.Errorf("ParseVideoURL(%q): embed URL %q", line, embed)
	}
	if !strings.HasPrefix(watch, "https://www.youtube.com/") && !strings.HasPrefix(watch, "https://vimeo.com/") {
		t.Errorf("ParseVideoURL(%q): watch URL %q", line, watch)
	}
	if strings.ContainsAny(embed+watch, "\"'<> \\") {
		t.Errorf("ParseVideoURL(%q): URLs %q, %q carry markup", line, embed, watch)
	}
}
