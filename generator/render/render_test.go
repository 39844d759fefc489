package render

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// testRenderer assembles the site in dir from its config and published
// Markdown, with the built-in layouts and static files beneath its own,
// and prepares its render: the stages before this one, kept short (the
// whole build is generator's to test).
func testRenderer(tb testing.TB, dir string) *Renderer {
	tb.Helper()
	fsys := os.DirFS(dir)
	src, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := config.Parse(bytes.NewReader(src), config.File)
	if err != nil {
		tb.Fatal(err)
	}
	rules := content.NewRules(&cfg)
	var pages []*site.Page
	err = fs.WalkDir(fsys, content.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		raw, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		meta, errs := content.Parse(p, raw, rules)
		if err := errs.ErrOrNil(); err != nil {
			return err
		}
		if !meta.Draft && !meta.Date.After(testNow) {
			pages = append(pages, &site.Page{Meta: meta, SourceHash: sha256.Sum256(raw)})
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	s, errs := site.Assemble(cfg, pages)
	if err := errs.ErrOrNil(); err != nil {
		tb.Fatal(err)
	}
	theme := os.DirFS("../..")
	l, err := layouts.Load(fsys, theme)
	if err != nil {
		tb.Fatal(err)
	}
	return New(s, Input{
		Layouts: l, Markdown: markdown.New(markdown.Options{UnsafeHTML: cfg.UnsafeHTML, SanitizeHTML: !cfg.UnsafeHTML}),
		Source: fsys, Theme: theme, Now: testNow, Inputs: "test",
	})
}

// executeInto renders a plan whole into out.
func executeInto(t *testing.T, pl *Plan, out *publish.Memory) {
	t.Helper()
	if err := pl.ExecutePages(out); err != nil {
		t.Fatal(err)
	}
	if err := pl.ExecuteRest(out); err != nil {
		t.Fatal(err)
	}
}

// The plan names every file once, executing it makes exactly those
// files, and executing the same plan over what it made carries them all.
func TestPlanMakesEachFileOnceAndCarriesWhatIsFresh(t *testing.T) {
	r := testRenderer(t, "../testdata/site")
	pl, err := r.Plan()
	if err != nil {
		t.Fatal(err)
	}
	planned := map[string]bool{}
	for p := range pl.Files() {
		if planned[p] {
			t.Errorf("two jobs write %s", p)
		}
		planned[p] = true
	}
	first := publish.NewMemory(nil)
	executeInto(t, pl, first)
	made := first.Files()
	if len(made) != len(planned) {
		t.Errorf("%d files made, %d planned", len(made), len(planned))
	}
	for p := range planned {
		if _, ok := made[p]; !ok {
			t.Errorf("%s is planned but was not made", p)
		}
	}
	for _, p := range []string{"index.html", "feed.xml", "sitemap.xml", "api/openapi.json", "submit/index.html"} {
		if !planned[p] {
			t.Errorf("no job makes %s", p)
		}
	}

	again := publish.NewMemory(made)
	executeInto(t, pl, again)
	if st := again.Stats(); st.Written != 0 || st.Carried != int64(len(made)) {
		t.Errorf("over its own files the plan wrote %d and carried %d, want 0 and %d", st.Written, st.Carried, len(made))
	}
}

// BenchmarkTemplate executes the single-page layout for one page of a
// 1,000-page site.
func BenchmarkTemplate(b *testing.B) {
	dir := b.TempDir()
	if err := sitegen.Write(dir, sitegen.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	r := testRenderer(b, dir)
	p := r.site.Pages[0]
	view := newPageView(p, r.urls, r.site.Config)
	view.Content = "<p>body</p>"
	data := &layouts.PageData{Kind: "single", Site: r.siteView, Title: p.Title, Page: view, Feeds: []layouts.Link{r.siteFeed()}}
	data.JSONLD = jsonLD(r.blogPosting(p, data))
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := r.layouts.Execute(&buf, "single", data); err != nil {
			b.Fatal(err)
		}
	}
}
