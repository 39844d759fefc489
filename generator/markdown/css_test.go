package markdown

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden and the generated end of blocks.css")

// TestBlocksCSSHasHighlightCSS keeps the code colours of blocks.css in
// step with the chroma styles; -update rewrites them.
func TestBlocksCSSHasHighlightCSS(t *testing.T) {
	i := strings.Index(BlocksCSS, highlightMarker)
	if *update {
		head := BlocksCSS
		if i >= 0 {
			head = BlocksCSS[:i]
		}
		if err := os.WriteFile("blocks.css", []byte(head+HighlightCSS()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if i < 0 || BlocksCSS[i:] != HighlightCSS() {
		t.Fatal("blocks.css does not end with HighlightCSS(); run go test ./generator/markdown -run BlocksCSS -update")
	}
}

// TestCalloutColours checks each callout's colour, used for its title
// text, on the theme's page and card backgrounds in both modes.
func TestCalloutColours(t *testing.T) {
	dark := strings.Index(BlocksCSS, "@media (prefers-color-scheme: dark)")
	re := regexp.MustCompile(`\.callout-(\w+) \{ --callout: (#[0-9a-f]{6});`)
	seen := map[string]int{}
	for _, m := range re.FindAllStringSubmatchIndex(BlocksCSS, -1) {
		kind, colour := BlocksCSS[m[2]:m[3]], BlocksCSS[m[4]:m[5]]
		backgrounds := []string{"#fdfcfa", "#ffffff"}
		if m[0] > dark {
			backgrounds = []string{"#12161d", "#181d26"}
		}
		for _, bg := range backgrounds {
			if c := Contrast(colour, bg); c < 4.5 {
				t.Errorf("callout %s: %s on %s has contrast %.2f:1, below AA", kind, colour, bg, c)
			}
		}
		seen[kind]++
	}
	for _, k := range CalloutKinds {
		if seen[k] != 2 {
			t.Errorf("callout %s has %d colours in blocks.css, want a light and a dark one", k, seen[k])
		}
	}
}
