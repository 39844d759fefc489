package layouts

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"strings"
	"testing"
	"text/template/parse"
	"time"
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
	data := &PageData{Kind: "single", Site: &SiteView{Title: "Site & Co", Root: "/blog/", Menu: []Link{{"Articles", "/posts/"}, {"Stories", "/stories/"}},
		Brand: BrandView{CSS: ":root{--accent:#0b6651;--font:Charter, \"Bitstream Charter\", serif}"},
		T:     map[string]string{"min_read": "{n} min <read>", "page_of": "Page {n} of {total}", "one": "{n} story", "other": "{n} stories"}},
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
		{`<style>p { color: {{.Title}} }</style>`, data, declines}, // a plain string in CSS: html/template filters it
		{`<style>{{.Site.Brand.CSS}}</style>{{with .Site.Brand.CSS}}<style>{{.}}</style>{{end}}`, data, compiles},
		{`<a href="{{.Page.Tags}}">`, data, declines},              // a slice: html/template formats it with fmt
		{`{{.Page.Params.missing}}`, data, declines},               // missing key
		{`{{.Page.Next.Title}}`, data, declines},                   // nil pointer: html/template's error
		{`{{.Page.Date}}`, data, declines},                         // a struct with String
		{`{{.}}`, stringerName("x"), declines},                     // a Stringer
		{`{{.Shout}}`, withMethod{"hi"}, declines},                 // a method
		{`{{.Inner}}`, outer{Own: "o"}, declines},                  // nil embedded pointer
		{`{{.Inner}}`, outer{embedded: &embedded{"in"}}, compiles}, // embedded field
		{`{{.Page.Title | lower}}`, data, compiles},
		{`{{fill .Site.T.min_read "n" .Page.ReadingMinutes}} {{fill .Site.T.page_of "n" 2 "total" .Title}}`, data, compiles},
		{`{{fill (plural .Page.ReadingMinutes .Site.T.one .Site.T.other) "n" .Page.ReadingMinutes}}`, data, compiles},
		{`<a title="{{fill .Site.T.min_read "n" .Page.ReadingMinutes}}">`, data, compiles},
		{`{{fill .Site.T.min_read "n" .Page.Date}}`, data, declines}, // html/template formats a time with fmt
		{`{{fill .Site.T.min_read "n"}}`, data, notCompiled},
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

// escaperContexts are the places a value goes in the built-in
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
