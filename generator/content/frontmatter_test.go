package content

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/adrg/frontmatter"
)

func TestSetsField(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"title: x", true},
		{"  title : x", true},
		{"\ttitle:", true},
		{`"title": "x",`, true},
		{"'title' = 'x'", true},
		{"title = \"x\"", true},
		{"titles: x", false},
		{"subtitle: x", false},
		{"# title: x", false},
		{"title x", false},
		{"title", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := setsField([]byte(tt.line), "title"); got != tt.want {
			t.Errorf("setsField(%q, title) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// FuzzFrontMatterSplit checks that handing adrg/frontmatter only the front
// matter (splitFrontMatter) decodes exactly what the whole file decodes:
// the same text, values and body offset, or an error where it errs.
func FuzzFrontMatterSplit(f *testing.F) {
	for _, s := range []string{"---\ntitle: a\n---\nbody\n", "\n \n---\ntitle: a\n --- \nbody", "---\ntitle: a\n---",
		"{\n\"title\": \"a\"\n}\n\nbody", "{\n\"title\": \"a\"\n}\n}\n\nbody", "{\n\"a\": {\n}\nx\n}\n\n", "{\n}\n",
		"+++\ntitle = 'a'\n+++\n", "---toml\ntitle = 'a'\n---\n", ";;;\n{\"title\": \"a\"}\n;;;\n", "---\n---\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, opening := firstNonEmptyLine(src)
		if _, ok := openingDelimiters[opening]; !ok {
			return
		}
		fm, offset, err := splitFrontMatter("x.md", src)
		var whole frontMatterCapture
		body, wholeErr := frontmatter.Parse(bytes.NewReader(src), &whole, frontMatterFormats...)
		if wholeErr != nil || whole.text == nil {
			if err == nil {
				t.Fatalf("split accepted what the whole file does not (%v)", wholeErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("split failed where the whole file decodes: %v", err)
		}
		if offset != len(src)-len(body) || !bytes.Equal(fm.text, whole.text) || !reflect.DeepEqual(fm.values, whole.values) {
			t.Fatalf("split: offset %d text %q, whole: offset %d text %q", offset, fm.text, len(src)-len(body), whole.text)
		}
	})
}
