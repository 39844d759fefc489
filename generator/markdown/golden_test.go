package markdown

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBlocksGolden renders each page of testdata/blocks and compares the
// HTML, table of contents and diagnostics with testdata/golden. Run
// "go test ./generator/markdown -run Golden -update" to accept a
// deliberate change, then review the diff. A page whose name ends in
// -link is rendered with embeds = "link".
func TestBlocksGolden(t *testing.T) {
	pages, err := filepath.Glob("testdata/blocks/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in testdata/blocks: %v", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".md")
		t.Run(name, func(t *testing.T) {
			opts := Options{CTA: CTALink{Text: "Book a discovery call", URL: "https://cal.example.org/dana"}, TOCMinHeadings: 3}
			if strings.HasSuffix(name, "-link") {
				opts.Embeds = EmbedLink
			}
			body, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			res, err := New(opts).Render(&out, body, RenderOptions{BodyLine: 1})
			if err != nil {
				t.Fatal(err)
			}
			if res.TOC != "" {
				fmt.Fprintf(&out, "<!-- TOC -->\n%s\n", res.TOC)
			}
			for _, d := range res.Diagnostics {
				fmt.Fprintf(&out, "<!-- %s:%d: %s: %s -->\n", filepath.Base(page), d.Line, d.Kind, d.Msg)
			}
			if bytes.Contains(out.Bytes(), []byte("style=")) {
				t.Errorf("%s has an inline style; a strict Content-Security-Policy would block it", page)
			}
			golden := filepath.Join("testdata", "golden", name+".html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("%s differs from %s:\n%s", page, golden, out.String())
			}
		})
	}
}
