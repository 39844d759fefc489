package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"
)

func TestDependsOnSiteOnly(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		others string // more {{define}}s
		want   bool
	}{
		{"site field", `{{.Site.Title}}`, "", true},
		{"page field", `{{.Title}}`, "", false},
		{"with and range over the site", `{{with .Site.Social}}{{range .}}<a href="{{.URL}}">{{.Name}}</a>{{end}}{{end}}`, "", true},
		{"range with $ of the page", `{{range .Site.Menu}}{{if eq $.URL .URL}}x{{end}}{{end}}`, "", false},
		{"$ to the site", `{{$.Site.Year}}`, "", true},
		{"variable from the site", `{{$s := .Site}}{{$s.Title}}`, "", true},
		{"variable from the page", `{{$t := .Title}}{{$t}}`, "", false},
		{"range variables", `{{range $i, $l := .Site.Social}}{{$i}}{{$l.Name}}{{end}}`, "", true},
		{"condition on the page", `{{if .Page}}x{{end}}`, "", false},
		{"else keeps the page", `{{with .Site.Author}}{{.}}{{else}}{{.Title}}{{end}}`, "", false},
		{"else on the site", `{{with .Site.Author}}{{.}}{{else}}{{.Site.Title}}{{end}}`, "", true},
		{"pipeline from the site", `{{.Site.Title | lower}}`, "", true},
		{"function of the page", `{{lower .Title}}`, "", false},
		{"function of dot", `{{printf "%v" .}}`, "", false},
		{"dot printed", `{{.}}`, "", false},
		{"chain", `{{(.Site).Title}}`, "", true},
		{"template without data", `{{template "icon"}}`, `{{define "icon"}}<svg></svg>{{end}}`, true},
		{"page handed on, site used", `{{template "inner" .}}`, `{{define "inner"}}{{.Site.Title}}{{end}}`, true},
		{"page handed on, page used", `{{template "inner" .}}`, `{{define "inner"}}{{.Kind}}{{end}}`, false},
		{"site handed on", `{{template "inner" .Site}}`, `{{define "inner"}}{{.Title}}{{end}}`, true},
		{"recursion", `{{template "self" .}}`, `{{define "self"}}{{if false}}{{template "self" .}}{{end}}{{.Site.Title}}{{end}}`, true},
		{"missing template", `{{template "nowhere" .}}`, "", false},
	}
	funcs := template.FuncMap{"lower": strings.ToLower, "eq": func(a, b any) bool { return a == b }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := template.Must(template.New("partial").Funcs(funcs).Parse(tt.text + tt.others))
			lookup := func(name string) *parse.Tree {
				if t := set.Lookup(name); t != nil {
					return t.Tree
				}
				return nil
			}
			if got := dependsOnSiteOnly(lookup, "partial"); got != tt.want {
				t.Errorf("dependsOnSiteOnly(%s) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// The default footer is rendered once per build and page kind; a footer
// that uses the page is rendered for each page, with that page's data.
func TestPartialCached(t *testing.T) {
	b, err := newBuilder(Options{Source: "testdata/site", Theme: defaultTheme(), Now: fixedNow, output: newMemoryOutput()})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.buildInMemory(); err != nil {
		t.Fatal(err)
	}
	if len(b.layouts.partials.rendered) == 0 || !b.layouts.partials.siteOnly["partials/footer.html"] {
		t.Fatalf("the default footer was not cached: %v", b.layouts.partials.siteOnly)
	}
	if _, ok := b.layouts.partials.rendered["single\x00partials/footer.html"]; !ok {
		t.Errorf("no cached footer for single pages: %v", b.layouts.partials.rendered)
	}

	site := copySite(t)
	writeFile(t, filepath.Join(site, "layouts/partials/footer.html"), `<footer>{{.Title}} · {{.Site.Title}}</footer>`)
	out, _, err := buildSite(t, site, nil)
	if err != nil {
		t.Fatal(err)
	}
	for page, title := range map[string]string{"posts/yaml-post/index.html": "A YAML post with &lt;angle&gt; &amp; ampersand", "posts/toml-post/index.html": "A TOML post"} {
		html, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(html, []byte("<footer>"+title+" · ")) {
			t.Errorf("%s: footer does not show its own title %q:\n%s", page, title, html[bytes.LastIndex(html, []byte("<footer")):])
		}
	}
}
