package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// FuzzPage runs the front matter and Markdown pipeline on any input. It
// must never panic, and every error must name the file and a line.
func FuzzPage(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/site/content/*/*.md")
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{"", "---", "---\n---\n", "+++\n+++\n", "{\n}\n\n", ";;;\n;;;\n",
		"---\ntitle: [\n---\n", "{\n\"title\": 1e999\n}\n\n", "\uFEFF\r\n---\r\ntitle: x\r\n", "---\ntags: [1, {a: b}]\n---\n"} {
		f.Add([]byte(s))
	}
	md := NewMarkdown(MarkdownOptions{})
	unsafeMD := NewMarkdown(MarkdownOptions{UnsafeHTML: true})
	const name = "content/posts/fuzz.md"
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{name: {Data: data}}
		page, errs := loadPage(fsys, name)
		for _, err := range errs {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
		}
		if len(errs) > 0 {
			return
		}
		body, err := readBody(fsys, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []*Markdown{md, unsafeMD} {
			var out bytes.Buffer
			res, err := m.Render(&out, body, RenderOptions{Summary: page.Summary})
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(out.Bytes()) || !utf8.ValidString(string(res.Summary)) {
				t.Fatal("rendered HTML is not UTF-8")
			}
			if m == md && bytes.Contains(bytes.ToLower(out.Bytes()), []byte("<script")) {
				t.Fatalf("raw script survived with unsafe_html off: %q", out.Bytes())
			}
		}
	})
}
