package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"text/template/parse"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// renderBoth executes text with data through html/template and through
// the fast executor. fastErr is errNotCompiled or errDecline when the
// fast executor left the template or this data to html/template.
func renderBoth(t *testing.T, text string, data any) (slow, fast string, slowErr, fastErr error) {
	t.Helper()
	tmpl, err := template.New("t").Funcs(templateFuncs).Funcs(template.FuncMap{"partialCached": func(string, *PageData) (template.HTML, error) { return "", nil }}).Parse(text)
	if err != nil {
		t.Fatalf("parse %q: %v", text, err)
	}
	var out bytes.Buffer
	slowErr = tmpl.Execute(&out, data) // escapes the set
	slow = out.String()
	if errors.As(slowErr, new(*template.Error)) {
		return slow, "", slowErr, errNotCompiled
	}
	prog, err := compileFast(func(name string) *parse.Tree {
		if tt := tmpl.Lookup(name); tt != nil {
			return tt.Tree
		}
		return nil
	}, nil, "t")
	if err != nil {
		return slow, "", slowErr, err
	}
	out.Reset()
	out.WriteString("kept:") // what was there before must stay
	fastErr = prog.execute(&out, data)
	if !strings.HasPrefix(out.String(), "kept:") {
		t.Fatalf("%q: the fast executor overwrote what the buffer held", text)
	}
	return slow, strings.TrimPrefix(out.String(), "kept:"), slowErr, fastErr
}

type stringerName string

func (s stringerName) String() string { return "name:" + string(s) }

type withMethod struct{ Field string }

func (w withMethod) Shout() string { return strings.ToUpper(w.Field) }

type embedded struct{ Inner string }

type outer struct {
	*embedded
	Own string
}

// TestFastExecutorMatchesHTMLTemplate: wherever the fast executor renders
// a template, its output is byte for byte html/template's; where it
// declines, html/template renders it (and reports any error).
func TestFastExecutorMatchesHTMLTemplate(t *testing.T) {
	hostile := `<script>alert("x" + 'y')</script> & ` + "\x00 ünï €"
	page := &PageView{
		Title: hostile, URL: "/posts/a b/?q=1&r=<2>", Permalink: "https://example.org/posts/é/",
		Date: time.Date(2024, 3, 5, 6, 7, 8, 0, time.UTC), Tags: []Link{{Name: "Top <Performers>", URL: "/tags/top/"}, {Name: "B", URL: "javascript:alert(1)"}},
		Summary: "<p>Typed <em>HTML</em> & kept</p>", ReadingMinutes: 3, IsStory: true, Result: "+40% \"quota\"",
		Params: map[string]any{"mood": "calm & <bold>", "count": 3, "ok": true},
		Prev:   &PageLink{Title: "Older", URL: "/o/"},
	}
	data := &PageData{Kind: "single", Site: &SiteView{Title: "Site & Co", Root: "/blog/", Menu: []Link{{"Articles", "/posts/"}, {"Stories", "/stories/"}}},
		Title: hostile, URL: "/posts/x/", Page: page, JSONLD: template.JS(`{"a":"<\/script>"}`)}
	const (
		compiles = iota // the fast path renders it, identically
		declines        // it compiles, but this data is left to html/template
		notCompiled
	)
	for _, tc := range []struct {
		text string
		data any
		want int
	}{
		{`<p>{{.Title}}</p>`, data, compiles},
		{`<title>{{.Title}} · {{.Site.Title}}</title>`, data, compiles},
		{`<a href="{{.Page.URL}}" title="{{.Page.Title}}">{{.Page.Title}}</a>`, data, compiles},
		{`<a href="{{.Page.Permalink}}">x</a><a href="/s?u={{.Page.Permalink}}&t={{.Title}}">y</a>`, data, compiles},
		{`{{range .Page.Tags}}<a href="{{.URL}}" rel="tag">{{.Name}}</a>{{end}}`, data, compiles},
		{`{{range $i, $t := .Page.Tags}}{{$i}}={{$t.Name}}({{$.Site.Title}}){{end}}`, data, compiles},
		{`{{range $t := .Page.Tags}}{{$t.URL}}{{end}}`, data, compiles},
		{`{{range .Page.Related}}x{{else}}none{{end}}`, data, compiles},
		{`{{with .Page.Prev}}<a href="{{.URL}}">{{.Title}}</a>{{else}}<span></span>{{end}}{{with .Page.Next}}n{{end}}`, data, compiles},
		{`{{if .Page.IsStory}}{{with .Page.Result}}<p>{{.}}</p>{{end}}{{else if .Page.Name}}no{{end}}`, data, compiles},
		{`{{if and .Page.IsStory .Page.Result}}a{{end}}{{if or .Page.Prev .Page.Next}}b{{end}}{{if not .NoIndex}}c{{end}}{{and 0 1}}{{or "" "z"}}`, data, compiles},
		{`{{if eq .Kind "single"}}s{{end}}{{if ne .Kind "home"}}h{{end}}{{if gt .Page.ReadingMinutes 2}}g{{end}}{{if lt 1 2}}l{{end}}{{if le 2 2}}e{{end}}{{if ge "a" "b"}}x{{end}}`, data, compiles},
		{`{{len .Page.Tags}} {{len .Title}} {{.Page.ReadingMinutes}} {{.Page.IsStory}} {{.NoIndex}}`, data, compiles},
		{`<time datetime="{{iso .Page.Date}}">{{date "2 January 2006" .Page.Date}}</time> {{isoDate .Page.Date}}`, data, compiles},
		{`{{lower .Title}} {{slugify "Top Performers"}} {{plural .Page.ReadingMinutes "minute" "minutes"}} {{if hasPrefix .URL "/posts/"}}p{{end}}`, data, compiles},
		{`<div>{{.Page.Summary}}</div><title>{{.Page.Summary}}</title>`, data, compiles},
		{`<script type="application/ld+json">{{.JSONLD}}</script>`, data, compiles},
		{`{{$x := .Title}}{{$x}}{{$x = "changed"}}{{$x}}{{with .Page}}{{$x}}{{end}}`, data, compiles},
		{`{{define "p"}}<b>{{.Name}}</b>{{template "q" .}}{{end}}{{define "q"}}[{{.URL}}]{{end}}{{range .Page.Tags}}{{template "p" .}}{{end}}{{template "q" .Page}}`, data, compiles},
		{`{{define "q"}}[{{.URL}}]{{end}}{{template "q"}}`, data, declines}, // fields of no data
		{`{{block "main" .}}default {{.Kind}}{{end}}`, data, compiles},
		{`{{- range .Site.Menu}}
<li><a href="{{.URL}}"{{if eq $.URL .URL}} aria-current="page"{{else if hasPrefix $.URL .URL}} aria-current="true"{{end}}>{{.Name}}</a></li>
{{- end}}`, data, compiles},
		{`{{.Page.Params.mood}} {{.Page.Params.count}} {{if .Page.Params.ok}}ok{{end}}`, data, compiles},
		{`{{(index .Page.Tags 0).Name}}`, data, notCompiled},
		{`{{printf "%d" 3}}`, data, notCompiled},
		{`<style>p { color: {{.Title}} }</style>`, data, notCompiled},
		{`<a href="{{.Page.Tags}}">`, data, declines},              // a slice: html/template formats it with fmt
		{`{{.Page.Params.missing}}`, data, declines},               // missing key
		{`{{.Page.Next.Title}}`, data, declines},                   // nil pointer: html/template's error
		{`{{.Page.Date}}`, data, declines},                         // a struct with String
		{`{{.}}`, stringerName("x"), declines},                     // a Stringer
		{`{{.Shout}}`, withMethod{"hi"}, declines},                 // a method
		{`{{.Inner}}`, outer{Own: "o"}, declines},                  // nil embedded pointer
		{`{{.Inner}}`, outer{embedded: &embedded{"in"}}, compiles}, // embedded field
		{`{{.Page.Title | lower}}`, data, compiles},
		{`{{date .Kind .Page.Date}} {{plural 1 "a" "b"}}`, data, compiles},
		{`{{lower .Page.Summary}}`, data, declines}, // template.HTML is not a string argument
		{`{{range 3}}{{.}}{{end}}`, data, declines},
		{`<p title="{{.Page.Summary}}">`, data, declines}, // typed HTML in an attribute: stripped by html/template
		{`<a href="{{.Page.URL | lower}}" onclick="x">`, data, compiles},
	} {
		slow, fast, slowErr, fastErr := renderBoth(t, tc.text, tc.data)
		switch {
		case errors.Is(fastErr, errNotCompiled):
			if tc.want != notCompiled {
				t.Errorf("%q: not compiled (%v), want it compiled", tc.text, fastErr)
			}
		case errors.Is(fastErr, errDecline):
			if tc.want != declines {
				t.Errorf("%q: declined, want it rendered", tc.text)
			}
		case fastErr != nil:
			t.Errorf("%q: fast executor failed: %v", tc.text, fastErr)
		default:
			if tc.want != compiles {
				t.Errorf("%q: rendered by the fast executor, want it left to html/template", tc.text)
			}
			if slowErr != nil {
				t.Errorf("%q: html/template failed (%v) where the fast executor rendered %q", tc.text, slowErr, fast)
			} else if fast != slow {
				t.Errorf("%q:\n fast %q\n html/template %q", tc.text, fast, slow)
			}
		}
	}
}

// escaperContexts are the places a value goes in the built-in layouts.
var escaperContexts = []string{
	`<p>{{.}}</p>`,
	`<a title="{{.}}">`,
	`<a href="{{.}}">`,
	`<a href="/search?q={{.}}&amp;x=1">`,
	`<title>{{.}}</title>`,
	`<textarea>{{.}}</textarea>`,
	`<meta content='{{.}}'>`,
}

// FuzzFastEscapers: for any text, in every context and as a plain string,
// typed HTML or typed URL, the fast escapers write what html/template's
// do, or decline.
func FuzzFastEscapers(f *testing.F) {
	type compiled struct {
		tmpl *template.Template
		prog *fastTemplate
	}
	var contexts []compiled
	for _, ctx := range escaperContexts {
		tmpl := template.Must(template.New("t").Parse(ctx))
		if err := tmpl.Execute(io.Discard, ""); err != nil {
			f.Fatal(err)
		}
		prog, err := compileFast(func(string) *parse.Tree { return tmpl.Tree }, nil, "t")
		if err != nil {
			f.Fatalf("%s: %v", ctx, err)
		}
		contexts = append(contexts, compiled{tmpl, prog})
	}
	for _, seed := range []string{"", "plain", `<b>"q" & 'a' + b</b>`, "\x00", "javascript:alert(1)", "HTTPS://x.org/a b?c=%zz%41&d=€", "mailto:a@b", "/rel/pa%2Fth", "\xff\xfe", "a%4", "data:text/html,x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var slow, fast bytes.Buffer
		for i, ctx := range contexts {
			for _, v := range []any{s, template.HTML(s), template.URL(s)} {
				slow.Reset()
				fast.Reset()
				slowErr := ctx.tmpl.Execute(&slow, v)
				fastErr := ctx.prog.execute(&fast, v)
				if errors.Is(fastErr, errDecline) {
					continue
				}
				if fastErr != nil {
					t.Fatalf("%s with %T %q: %v", escaperContexts[i], v, s, fastErr)
				}
				if slowErr == nil && fast.String() != slow.String() {
					t.Fatalf("%s with %T %q:\n fast %q\n html/template %q", escaperContexts[i], v, s, fast.String(), slow.String())
				}
			}
		}
	})
}

// TestFastExecutorRendersBuiltInLayouts: the built-in layouts run on the
// fast path for every page of a generated site, and the site is the same
// file for file as html/template makes it.
func TestFastExecutorRendersBuiltInLayouts(t *testing.T) {
	site := t.TempDir()
	if err := sitegen.Write(site, sitegen.Options{Pages: 120, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	declined := map[string]int{}
	declineHook = func(reason string) { declined[reason]++ }
	defer func() { declineHook = nil }()

	build := func(fast bool) (map[string][]byte, *Layouts) {
		t.Helper()
		disableFastTemplates = !fast
		defer func() { disableFastTemplates = false }()
		out := publish.NewMemory(nil)
		b, err := newBuilder(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: out})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.run(""); err != nil {
			t.Fatal(err)
		}
		return memoryFiles(out), b.layouts
	}
	slow, _ := build(false)
	fast, layouts := build(true)
	if len(declined) > 0 {
		t.Errorf("the fast executor declined built-in layouts: %v", declined)
	}
	for _, kind := range []string{"home", "section", "single", "tag"} {
		slot := layouts.fast[fastKey{kind, baseLayout}]
		if slot.prog == nil {
			t.Errorf("%s pages: the fast executor did not compile the built-in layout: %v", kind, slot.compErr)
		}
	}
	if slot := layouts.fast[fastKey{"home", summaryPartial}]; slot.prog == nil {
		t.Errorf("cards: the fast executor did not compile %s: %v", summaryPartial, slot.compErr)
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
	build := func(site string, fast bool) (map[string][]byte, error) {
		disableFastTemplates = !fast
		defer func() { disableFastTemplates = false }()
		out := publish.NewMemory(nil)
		log.Reset()
		_, err := Build(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: out, Log: &log})
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
	var declined atomic.Int64 // pages render in parallel
	declineHook = func(string) { declined.Add(1) }
	defer func() { declineHook = nil }()
	slow, err := build(site, false)
	if err != nil {
		t.Fatal(err)
	}
	declined.Store(0)
	fast, err := build(site, true)
	if err != nil {
		t.Fatal(err)
	}
	if declined.Load() == 0 {
		t.Error("the fast executor declined no page; the test needs it to decline some")
	}
	compareTrees(t, fast, slow)
	// build --verbose tells the author which layout is left to html/template, and why.
	if !strings.Contains(log.String(), "layouts: base.html for section pages runs on html/template") || !strings.Contains(log.String(), "printf") {
		t.Errorf("the build log does not say that section pages run on html/template because of printf:\n%s", log.String())
	}
	if !strings.Contains(log.String(), fmt.Sprintf("(%d declined by the fast executor)", declined.Load())) {
		t.Errorf("the build log does not count the %d declined pages:\n%s", declined.Load(), log.String())
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
		} else if !bytes.Equal(g, w) && name != ".rainmaker-build-id" {
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
