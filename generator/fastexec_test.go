package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// TestFastExecutorRendersBuiltInLayouts: the built-in layouts run on the
// fast path for every page of a generated site, and the site is the same
// file for file as html/template makes it.
func TestFastExecutorRendersBuiltInLayouts(t *testing.T) {
	site := t.TempDir()
	if err := sitegen.Write(site, sitegen.Options{Pages: 120, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	build := func(fast bool) (map[string][]byte, *layouts.Layouts) {
		t.Helper()
		out := publish.NewMemory(nil)
		log.Reset()
		b, err := newBuilder(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: out, slowTemplates: !fast, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.run(""); err != nil {
			t.Fatal(err)
		}
		b.layouts.ReportExecutors(&log)
		return memoryFiles(out), b.layouts
	}
	slow, _ := build(false)
	fast, lay := build(true)
	if f, _, declined := lay.Runs(); declined > 0 || f == 0 {
		t.Errorf("the fast executor rendered %d pages and declined %d of the built-in layouts'", f, declined)
	}
	// build --verbose names every layout the fast executor cannot compile.
	if strings.Contains(log.String(), "runs on html/template") {
		t.Errorf("a built-in layout is left to html/template:\n%s", log.String())
	}
	compareTrees(t, fast, slow)
}

// TestFastExecutorWithSiteLayouts: a site's own layouts, including ones the
// fast executor cannot compile or declines for some pages, render exactly
// as html/template renders them, and fail with html/template's errors.
func TestFastExecutorWithSiteLayouts(t *testing.T) {
	withLayouts := func(layouts map[string]string) string {
		site := t.TempDir()
		if err := os.CopyFS(site, os.DirFS("testdata/site")); err != nil {
			t.Fatal(err)
		}
		for name, text := range layouts {
			p := filepath.Join(site, "layouts", filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return site
	}
	var log bytes.Buffer
	var declined int64
	build := func(site string, fast bool) (map[string][]byte, error) {
		out := publish.NewMemory(nil)
		log.Reset()
		b, err := newBuilder(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: out, slowTemplates: !fast, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		err = b.run("")
		if b.layouts != nil {
			b.layouts.ReportExecutors(&log)
			_, _, declined = b.layouts.Runs()
		}
		return memoryFiles(out), err
	}

	site := withLayouts(map[string]string{
		// Compiles, and declines the pages that have a newer one (typed
		// HTML in an attribute).
		"single.html": `{{define "main"}}<h1>{{.Page.Title}}</h1>{{.Page.Content}}{{with .Page.Next}}<p title="{{$.Page.Summary}}">{{.Title}}</p>{{end}}{{end}}`,
		// Uses printf: left to html/template entirely.
		"section.html": `{{define "main"}}<h1>{{printf "%s!" .List.Title}}</h1>{{range .List.Pages}}{{.Card}}{{end}}{{end}}`,
		// A variable, a map key and a nested template.
		"partials/summary.html": `{{$u := .URL}}<article><a href="{{$u}}">{{.Title}}</a>{{with .Params.subtitle}}<p>{{.}}</p>{{end}}</article>`,
	})
	slow, err := build(site, false)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := build(site, true)
	if err != nil {
		t.Fatal(err)
	}
	if declined == 0 {
		t.Error("the fast executor declined no page; the test needs it to decline some")
	}
	compareTrees(t, fast, slow)
	// build --verbose tells the author which layout is left to html/template, and why.
	if !strings.Contains(log.String(), "layouts: base.html for section pages runs on html/template") || !strings.Contains(log.String(), "printf") {
		t.Errorf("the build log does not say that section pages run on html/template because of printf:\n%s", log.String())
	}
	if !strings.Contains(log.String(), fmt.Sprintf("(%d declined by the fast executor)", declined)) {
		t.Errorf("the build log does not count the %d declined pages:\n%s", declined, log.String())
	}

	// The newest post has no newer one: html/template's error, with the
	// layout's file and line, is what the author sees either way.
	broken := withLayouts(map[string]string{
		"single.html": `{{define "main"}}
<h1>{{.Page.Title}}</h1>{{.Page.Next.Title}}{{end}}`,
	})
	_, slowErr := build(broken, false)
	_, fastErr := build(broken, true)
	if slowErr == nil || fmt.Sprint(slowErr) != fmt.Sprint(fastErr) {
		t.Fatalf("errors differ:\n fast %v\n html/template %v", fastErr, slowErr)
	}
	if !strings.Contains(fastErr.Error(), "layouts/single.html:2") {
		t.Errorf("error does not point at the layout's line: %v", fastErr)
	}
}

func compareTrees(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	differ := 0
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s is missing", name)
		} else if !bytes.Equal(g, w) {
			if differ++; differ <= 3 {
				t.Errorf("%s differs:\n%s", name, firstDifference(g, w))
			}
		}
	}
	if differ > 3 {
		t.Errorf("... %d files differ in all", differ)
	}
}

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-60)
	return fmt.Sprintf(" fast ...%q\n html/template ...%q", a[lo:min(len(a), i+60)], b[lo:min(len(b), i+60)])
}
