package generator

import (
	"bytes"
	"github.com/rainmaker-blog/rainmaker/generator/content"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
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
	md := markdown.New(markdown.Options{})
	unsafeMD := markdown.New(markdown.Options{UnsafeHTML: true})
	const name = "content/posts/fuzz.md"
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{name: {Data: data}}
		page, errs := loadPage(fsys, name, nil)
		for _, err := range errs {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
		}
		if len(errs) > 0 {
			return
		}
		body, release, err := content.ReadBody(fsys, &page.Meta)
		defer release()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []*markdown.Markdown{md, unsafeMD} {
			var out bytes.Buffer
			res, err := m.Render(&out, body, markdown.RenderOptions{Summary: page.Summary})
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

// FuzzDecodeCache: a cache file damaged in any way is refused, never a
// crash, and what decodes encodes and decodes to the same pages.
func FuzzDecodeCache(f *testing.F) {
	c := newBuildCache("inputs", "/out")
	card := "<article><p>sum</p></article>"
	c.Pages["content/posts/a.md"] = &pageRecord{Meta: content.Meta{SourcePath: "content/posts/a.md", Title: "A", Tags: []string{"x"}, Params: map[string]any{"n": 1}},
		Rendered: true, Card: card, SummaryHTML: card[9:19]}
	c.Pages["content/posts/b.md"] = &pageRecord{Meta: content.Meta{SourcePath: "content/posts/b.md"}, SummaryHTML: "<p>own</p>"}
	c.Outputs.Live = publish.Manifest{"index.html": {Key: outputKey{1}, Stamp: publish.Stamp{Size: 1, ModTime: 2}}}
	var buf bytes.Buffer
	if err := c.encode(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeCache(data)
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := got.encode(&again); err != nil {
			t.Fatalf("decoded cache does not encode: %v", err)
		}
		back, err := decodeCache(again.Bytes())
		if err != nil {
			t.Fatalf("re-encoded cache does not decode: %v", err)
		}
		if len(back.Pages) != len(got.Pages) || !maps.Equal(back.Outputs.Live, got.Outputs.Live) || !maps.Equal(back.Outputs.Standby, got.Outputs.Standby) {
			t.Fatalf("round trip changed the cache: %d pages and %d files, then %d and %d",
				len(got.Pages), len(got.Outputs.Live), len(back.Pages), len(back.Outputs.Live))
		}
		for path, p := range got.Pages {
			if q := back.Pages[path]; q == nil || q.SummaryHTML != p.SummaryHTML || q.Card != p.Card || q.Title != p.Title {
				t.Fatalf("%q: round trip changed the page", path)
			}
		}
	})
}
