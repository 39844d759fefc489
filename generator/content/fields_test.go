package content

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// parseWith reads one content file with the rules of a site.toml.
func parseWith(t *testing.T, siteTOML, name, src string) (*Meta, report.List) {
	t.Helper()
	cfg, err := config.Parse(strings.NewReader("title = \"T\"\nbase_url = \"https://e.org/\"\n"+siteTOML), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate("site.toml", siteTOML); err != nil {
		t.Fatal(err)
	}
	m, errs := Parse(name, []byte(src), NewRules(&cfg))
	return &m, errs
}

// TestFieldMappings: the fields Jekyll, Hugo and Zola write for the same
// things are read as Rainmaker's own, and kept in params as well.
func TestFieldMappings(t *testing.T) {
	type want struct {
		field, value string
	}
	get := func(p *Meta, field string) string {
		switch field {
		case "title":
			return p.Title
		case "summary":
			return p.Summary
		case "description":
			return p.Description
		case "author":
			return p.Author
		case "image":
			return p.Image
		case "lastmod":
			return p.Lastmod.UTC().Format(time.RFC3339)
		case "date":
			return p.Date.UTC().Format(time.RFC3339)
		case "draft":
			return map[bool]string{true: "true", false: "false"}[p.Draft]
		case "tags":
			return strings.Join(p.Tags, "|")
		case "categories":
			return strings.Join(p.Terms["categories"], "|")
		case "aliases":
			return strings.Join(p.Aliases, "|")
		case "slug":
			return p.Slug
		case "url":
			return p.URL
		}
		return "?"
	}
	tests := []struct {
		name, src string
		want      want
	}{
		{"Title in capitals", "---\nTitle: Big\ndate: 2024-01-01\n---\n", want{"title", "Big"}},
		{"TITLE in JSON", "{\n\"TITLE\": \"Big\", \"Date\": \"2024-01-01\"\n}\n\n", want{"title", "Big"}},
		{"excerpt as summary", "---\ntitle: X\ndate: 2024-01-01\nexcerpt: Short one.\n---\n", want{"summary", "Short one."}},
		{"summary wins over excerpt", "---\ntitle: X\ndate: 2024-01-01\nexcerpt: No.\nsummary: Yes.\n---\n", want{"summary", "Yes."}},
		{"description as summary", "---\ntitle: X\ndate: 2024-01-01\ndescription: For search.\n---\n", want{"summary", "For search."}},
		{"description kept", "---\ntitle: X\ndate: 2024-01-01\ndescription: For search.\n---\n", want{"description", "For search."}},
		{"author as text", "---\ntitle: X\ndate: 2024-01-01\nauthor: Jane Doe\n---\n", want{"author", "Jane Doe"}},
		{"author as a table", "---\ntitle: X\ndate: 2024-01-01\nauthor: {name: Sam Lee, email: s@e.org}\n---\n", want{"author", "Sam Lee"}},
		{"authors as a list", "+++\ntitle = \"X\"\ndate = 2024-01-01\nauthors = [\"Ana\", \"Bo\", \"Cy\"]\n+++\n", want{"author", "Ana, Bo and Cy"}},
		{"published false is a draft", "---\ntitle: X\ndate: 2024-01-01\npublished: false\n---\n", want{"draft", "true"}},
		{"published true", "---\ntitle: X\ndate: 2024-01-01\npublished: true\n---\n", want{"draft", "false"}},
		{"draft yes", "---\ntitle: X\ndate: 2024-01-01\ndraft: yes\n---\n", want{"draft", "true"}},
		{"updated as lastmod", "+++\ntitle = \"X\"\ndate = 2024-01-01\nupdated = 2024-02-01\n+++\n", want{"lastmod", "2024-02-01T00:00:00Z"}},
		{"modified as lastmod", "---\ntitle: X\ndate: 2024-01-01\nmodified: 2024-03-01\n---\n", want{"lastmod", "2024-03-01T00:00:00Z"}},
		{"last_modified_at as lastmod", "---\ntitle: X\ndate: 2024-01-01\nlast_modified_at: 2024-04-01\n---\n", want{"lastmod", "2024-04-01T00:00:00Z"}},
		{"lastMod in camel case", "---\ntitle: X\ndate: 2024-01-01\nlastMod: 2024-05-01\n---\n", want{"lastmod", "2024-05-01T00:00:00Z"}},
		{"image", "---\ntitle: X\ndate: 2024-01-01\nimage: /a.png\n---\n", want{"image", "/a.png"}},
		{"cover as a table", "---\ntitle: X\ndate: 2024-01-01\ncover: {image: /c.jpg, alt: Cover}\n---\n", want{"image", "/c.jpg"}},
		{"featured_image", "---\ntitle: X\ndate: 2024-01-01\nfeatured_image: /f.jpg\n---\n", want{"image", "/f.jpg"}},
		{"image table with src", "---\ntitle: X\ndate: 2024-01-01\nimage:\n  src: /s.jpg\n---\n", want{"image", "/s.jpg"}},
		{"images list", "---\ntitle: X\ndate: 2024-01-01\nimages: [/one.png, /two.png]\n---\n", want{"image", "/one.png"}},
		{"categories", "---\ntitle: X\ndate: 2024-01-01\ncategories: [Coaching, Sales]\n---\n", want{"categories", "Coaching|Sales"}},
		{"category as text", "---\ntitle: X\ndate: 2024-01-01\ncategory: Sales\n---\n", want{"categories", "Sales"}},
		{"zola taxonomies", "+++\ntitle = \"X\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"a\", \"b\"]\ncategories = [\"c\"]\n+++\n", want{"tags", "a|b"}},
		{"zola taxonomies categories", "+++\ntitle = \"X\"\ndate = 2024-01-01\n[taxonomies]\ncategories = [\"c\"]\n+++\n", want{"categories", "c"}},
		{"aliases", "---\ntitle: X\ndate: 2024-01-01\naliases: [/old/, /older.html]\n---\n", want{"aliases", "/old/|/older.html"}},
		{"redirect_from as text", "---\ntitle: X\ndate: 2024-01-01\nredirect_from: /legacy/\n---\n", want{"aliases", "/legacy/"}},
		{"publishDate as date", "---\ntitle: X\npublishDate: 2024-06-01\n---\n", want{"date", "2024-06-01T00:00:00Z"}},
		{"jekyll file name", "---\ntitle: X\n---\n", want{"date", "2019-03-04T00:00:00Z"}},
		{"jekyll file name slug", "---\ntitle: X\n---\n", want{"slug", "my-post"}},
		{"front matter date wins over the file name", "---\ntitle: X\ndate: 2019-03-05 10:30:00 +0100\n---\n", want{"date", "2019-03-05T09:30:00Z"}},
		{"zola path date", "+++\ntitle = \"X\"\npath = \"2015/05/15/some-post\"\n+++\n", want{"date", "2015-05-15T00:00:00Z"}},
		{"jekyll permalink date", "---\ntitle: X\npermalink: /2016/07/01/x.html\n---\n", want{"date", "2016-07-01T00:00:00Z"}},
		{"yaml 1.1 words stay text", "---\ntitle: X\ndate: 2024-01-01\ntags: [yes, no, on, off, 1.10, 2024, true, ~x]\n---\n", want{"tags", "yes|no|on|off|1.10|2024|true|~x"}},
		{"a number title stays as typed", "---\ntitle: 1.10\ndate: 2024-01-01\n---\n", want{"title", "1.10"}},
		{"one post, three languages", "---\ntitle: X\ndate: 2024-01-01\ntags: [C, C#, C++]\n---\n", want{"tags", "C|C#|C++"}},
		{"spellings of one tag merge", "---\ntitle: X\ndate: 2024-01-01\ntags: [Go, go, GO, café, \"cafe\u0301\"]\n---\n", want{"tags", "Go|café"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "content/posts/x.md"
			if strings.HasPrefix(tt.name, "jekyll file name") || strings.HasPrefix(tt.name, "front matter date wins") {
				name = "content/posts/2019-03-04-my-post.markdown"
			}
			p, errs := parseOne(t, name, tt.src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := get(p, tt.want.field); got != tt.want.value {
				t.Errorf("%s = %q, want %q", tt.want.field, got, tt.want.value)
			}
			if len(p.Notes) > 0 {
				t.Errorf("warnings: %v", p.Notes)
			}
		})
	}
}

// TestUnknownFieldsGoToParams: nothing an author wrote is dropped; keys are
// lower-cased, nested tables and lists kept; params and extra merge in.
func TestUnknownFieldsGoToParams(t *testing.T) {
	p, errs := parseOne(t, "content/posts/x.md", `+++
title = "X"
date = 2024-01-01
layout = "post"
Weight = 3
mood = "calm"
excerpt = "Short."
[params]
Subtitle = "Sub"
links = [{ name = "a", URL = "b" }]
[extra]
comments = false
[extra.social]
mastodon = "@x"
+++
`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := map[string]any{
		"layout": "post", "weight": int64(3), "mood": "calm", "excerpt": "Short.",
		"subtitle": "Sub", "links": []any{map[string]any{"name": "a", "url": "b"}},
		"comments": false, "social": map[string]any{"mastodon": "@x"},
	}
	if !reflect.DeepEqual(p.Params, want) {
		t.Errorf("params =\n%#v\nwant\n%#v", p.Params, want)
	}
	if p.Summary != "Short." || len(p.Notes) > 0 {
		t.Errorf("summary %q, notes %v", p.Summary, p.Notes)
	}
}

func TestFeaturedAndTOCFields(t *testing.T) {
	tests := []struct {
		front    string
		featured bool
		toc      TOCMode
		wantErr  string
	}{
		{"", false, TOCAuto, ""},
		{"featured: true\n", true, TOCAuto, ""},
		{"featured: yes\ntoc: true\n", true, TOCOn, ""},
		{"toc: false\n", false, TOCOff, ""},
		{"featured: sometimes\n", false, TOCAuto, "content/stories/x.md:4: featured: want true or false"},
	}
	for _, tt := range tests {
		p, errs := parseOne(t, "content/stories/x.md", "---\ntitle: X\ndate: 2024-01-01\n"+tt.front+"---\n")
		if tt.wantErr != "" {
			if len(errs) == 0 || !strings.Contains(errs.Error(), tt.wantErr) {
				t.Errorf("%q: errors %v, want %q", tt.front, errs, tt.wantErr)
			}
			continue
		}
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if p.Featured != tt.featured || p.TOC != tt.toc || p.Params["featured"] != nil || p.Params["toc"] != nil {
			t.Errorf("%q: featured %v toc %v params %v", tt.front, p.Featured, p.TOC, p.Params)
		}
	}
}

// TestTypoIsAWarningOrStrictError: a field a letter or two from a known
// one is kept, with a hint; strict_front_matter makes it an error.
func TestTypoIsAWarningOrStrictError(t *testing.T) {
	src := "---\ntitle: X\ndate: 2024-01-01\ntag: [a]\ntittle: Y\nmath: true\nlayout: post\n---\n"
	p, errs := parseOne(t, "content/posts/x.md", src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []Note{
		{Line: 4, Msg: `unknown field "tag" kept in params; did you mean "tags"?`},
		{Line: 5, Msg: `unknown field "tittle" kept in params; did you mean "title"?`},
	}
	if !reflect.DeepEqual(p.Notes, want) {
		t.Errorf("notes = %v, want %v (math and layout are no typos)", p.Notes, want)
	}
	if p.Params["tag"] == nil || p.Params["tittle"] != "Y" {
		t.Errorf("params = %v", p.Params)
	}
	_, errs = parseWith(t, "strict_front_matter = true\n", "content/posts/x.md", src)
	if len(errs) != 2 || !strings.Contains(errs[0].Error(), `content/posts/x.md:4: unknown field "tag"; did you mean "tags"? (strict_front_matter is on`) {
		t.Errorf("strict errors = %v", errs)
	}
}

// TestFieldErrorsNameTheirLine: a bad value inside a table or mapping, a
// repeated key, a date in no known place.
func TestFieldErrorsNameTheirLine(t *testing.T) {
	tests := []struct {
		name, file, src string
		line            int
		want            string
	}{
		{"toml table value", "content/posts/x.md", "+++\ntitle = \"X\"\ndate = 2024-01-01\n\n[taxonomies]\ncategories = [\"a\"]\ntags = 5\n+++\n", 7, "taxonomies.tags: want a list or a single name, got the number 5"},
		{"yaml nested value", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\ntaxonomies:\n  categories: [a]\n  tags: {x: 1}\n---\n", 6, "taxonomies.tags: want a list"},
		{"yaml repeated key", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\ntags: [a]\ntitle: Y\n---\n", 5, `"title" is set twice; keep one (it was first set on line 2)`},
		{"yaml repeated nested key", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\nparams:\n  a: 1\n  a: 2\n---\n", 6, `"a" is set twice; keep one (it was first set on line 5)`},
		{"json repeated key", "content/posts/x.md", "{\n\"title\": \"X\",\n\"date\": \"2024-01-01\",\n\"title\": \"Y\"\n}\n\n", 4, `"title" is set twice; keep one (it was first set on line 2)`},
		{"toml repeated key", "content/posts/x.md", "+++\ntitle = \"X\"\ndate = 2024-01-01\ntitle = \"Y\"\n+++\n", 4, "title"},
		{"keys in two cases", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\nTitle: Y\n---\n", 4, `"Title" and "title" (line 2) are one field`},
		{"no date anywhere", "content/posts/my-post.md", "---\ntitle: X\n---\n", 1, "date: missing; add a line like \"date: 2024-05-01\" to the front matter, or name the file like 2024-05-01-my-post.md"},
		{"impossible file name date", "content/posts/2024-13-45-my-post.md", "---\ntitle: X\n---\n", 0, "the file name's date 2024-13-45 is not a real date"},
		{"author a number list", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\nauthor: [[1]]\n---\n", 4, "author: want a name"},
		{"image table without src", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\ncover: {alt: x}\n---\n", 4, `cover: a table for the image needs a "src"`},
		{"alias not text", "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\naliases: [{a: b}]\n---\n", 4, "aliases: want old paths"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseOne(t, tt.file, tt.src)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			var fe *report.FileError
			if !errors.As(errs[0], &fe) {
				t.Fatalf("%v is not a FileError", errs[0])
			}
			if fe.Path != tt.file || fe.Line != tt.line {
				t.Errorf("place = %s:%d, want %s:%d (%v)", fe.Path, fe.Line, tt.file, tt.line, fe)
			}
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", errs.Error(), tt.want)
			}
		})
	}
}

// TestStandalonePagesNeedNoDate: a page outside the sections is built at
// its path, and a date is optional.
func TestStandalonePages(t *testing.T) {
	for file, want := range map[string]string{
		"content/about.md":                    "/about/",
		"content/contact.markdown":            "/contact/",
		"content/pages/privacy.md":            "/pages/privacy/",
		"content/legal/Terms Of Use/index.md": "/legal/terms-of-use/",
	} {
		p, errs := parseOne(t, file, "---\ntitle: X\n---\n")
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if p.URL != want || p.Section != config.SectionPages || !p.Date.IsZero() {
			t.Errorf("%s: URL %q section %q date %v, want %q", file, p.URL, p.Section, p.Date, want)
		}
	}
}

// TestTimezoneAndPermalinks: dates without an offset are in the site's
// zone, and a section's pattern sets its URLs.
func TestTimezoneAndPermalinks(t *testing.T) {
	siteTOML := "timezone = \"Europe/Berlin\"\n[permalinks]\nposts = \"/:year/:month/:day/:slug/\"\npages = \"/:slug/\"\n"
	p, errs := parseWith(t, siteTOML, "content/posts/2021-05-01-late-night.md", "---\ntitle: X\ndate: 2021-05-01 00:30:00\n---\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if want := time.Date(2021, 4, 30, 22, 30, 0, 0, time.UTC); !p.Date.Equal(want) {
		t.Errorf("date %v, want %v (00:30 in Berlin)", p.Date, want)
	}
	if p.URL != "/2021/05/01/late-night/" {
		t.Errorf("URL %q: the day is the site's, not UTC's", p.URL)
	}
	p, errs = parseWith(t, siteTOML, "content/posts/2021-05-01-x.md", "---\ntitle: X\n---\n")
	if len(errs) > 0 || p.Date.Location().String() != "Europe/Berlin" || p.URL != "/2021/05/01/x/" {
		t.Errorf("file name date: %v %v %q", errs, p.Date, p.URL)
	}
	p, errs = parseWith(t, siteTOML, "content/pages/privacy.md", "---\ntitle: X\n---\n")
	if len(errs) > 0 || p.URL != "/privacy/" {
		t.Errorf("a standalone page's pattern: %v %q", errs, p.URL)
	}
	p, errs = parseWith(t, siteTOML, "content/stories/s.md", "---\ntitle: X\ndate: 2021-05-01\n---\n")
	if len(errs) > 0 || p.URL != "/stories/s/" {
		t.Errorf("a section without a pattern: %v %q", errs, p.URL)
	}
}
