package content

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// parseOne reads one content file given as text, with the default rules.
func parseOne(t *testing.T, name, src string) (*Meta, report.List) {
	t.Helper()
	m, errs := Parse(name, []byte(src), nil)
	return &m, errs
}

func TestFrontMatterFormats(t *testing.T) {
	date := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, src string }{
		{"yaml", "---\ntitle: Hello\ndate: 2024-05-01\ntags: [a, b]\n---\nBody\n"},
		{"yaml named", "---yaml\ntitle: Hello\ndate: 2024-05-01\ntags: [a, b]\n---\nBody\n"},
		{"yaml after blank lines", "\n\n---\ntitle: Hello\ndate: 2024-05-01\ntags: [a, b]\n---\nBody\n"},
		{"toml", "+++\ntitle = \"Hello\"\ndate = 2024-05-01\ntags = [\"a\", \"b\"]\n+++\nBody\n"},
		{"toml string date", "+++\ntitle = \"Hello\"\ndate = \"2024-05-01\"\ntags = [\"a\", \"b\"]\n+++\nBody\n"},
		{"toml named", "---toml\ntitle = \"Hello\"\ndate = 2024-05-01\ntags = [\"a\", \"b\"]\n---\nBody\n"},
		{"json braces", "{\n  \"title\": \"Hello\",\n  \"date\": \"2024-05-01\",\n  \"tags\": [\"a\", \"b\"]\n}\n\nBody\n"},
		{"json semicolons", ";;;\n{\"title\": \"Hello\", \"date\": \"2024-05-01\", \"tags\": [\"a\", \"b\"]}\n;;;\nBody\n"},
		{"json named", "---json\n{\"title\": \"Hello\", \"date\": \"2024-05-01\", \"tags\": [\"a\", \"b\"]}\n---\nBody\n"},
		{"crlf", "---\r\ntitle: Hello\r\ndate: 2024-05-01\r\ntags: [a, b]\r\n---\r\nBody\r\n"},
		{"bom", "\uFEFF---\ntitle: Hello\ndate: 2024-05-01\ntags: [a, b]\n---\nBody\n"},
		{"bom and crlf toml", "\uFEFF+++\r\ntitle = \"Hello\"\r\ndate = 2024-05-01\r\ntags = [\"a\", \"b\"]\r\n+++\r\nBody\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, errs := parseOne(t, "content/posts/hello-world.md", tt.src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if p.Title != "Hello" || !p.Date.Equal(date) || strings.Join(p.Tags, ",") != "a,b" {
				t.Errorf("page = %q %v %v", p.Title, p.Date, p.Tags)
			}
			if p.Slug != "hello-world" || p.URL != "/posts/hello-world/" || p.Section != "posts" {
				t.Errorf("slug %q url %q section %q", p.Slug, p.URL, p.Section)
			}
			src, err := Normalize("x.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if body := string(src[p.BodyOffset:]); strings.TrimSpace(body) != "Body" {
				t.Errorf("body = %q", body)
			}
		})
	}
}

func TestFrontMatterFields(t *testing.T) {
	src := `---
title: "Closing Bigger Deals"
date: 2024-05-01 09:30:00 +0200
lastmod: 2024-06-01
tags: Coaching
summary: "Short."
draft: true
slug: "Bigger Deals!"
author: Dana
description: For search engines.
image: /img/x.png
name: Priya N.
role: AE
company: Acme
result: Closed 30% more
params:
  mood: upbeat
  nested: {a: 1}
---
Body`
	p, errs := parseOne(t, "content/stories/x.md", src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := &Meta{Title: "Closing Bigger Deals", Summary: "Short.", Draft: true, Slug: "bigger-deals",
		Author: "Dana", Description: "For search engines.", Image: "/img/x.png",
		Name: "Priya N.", Role: "AE", Company: "Acme", Result: "Closed 30% more"}
	if p.Title != want.Title || p.Summary != want.Summary || p.Draft != want.Draft || p.Slug != want.Slug ||
		p.Author != want.Author || p.Description != want.Description || p.Image != want.Image ||
		p.Name != want.Name || p.Role != want.Role || p.Company != want.Company || p.Result != want.Result {
		t.Errorf("got %+v", p)
	}
	if p.URL != "/stories/bigger-deals/" {
		t.Errorf("URL = %q", p.URL)
	}
	if !p.Date.Equal(time.Date(2024, 5, 1, 7, 30, 0, 0, time.UTC)) || !p.Lastmod.Equal(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date %v lastmod %v", p.Date, p.Lastmod)
	}
	if len(p.Tags) != 1 || p.Tags[0] != "Coaching" {
		t.Errorf("a single string tag: %v", p.Tags)
	}
	if p.Params["mood"] != "upbeat" {
		t.Errorf("params = %v", p.Params)
	}
	if nested, ok := p.Params["nested"].(map[string]any); !ok || nested["a"] != 1 {
		t.Errorf("nested params = %#v", p.Params["nested"])
	}
}

func TestTagsAreDedupedByFoldedForm(t *testing.T) {
	p, errs := parseOne(t, "content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\ntags: [Coaching, coaching, ' coaching ', Top  Performers, top-performers]\n---\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := strings.Join(p.Tags, "|"); got != "Coaching|Top Performers" {
		t.Errorf("tags = %q", got)
	}
}

// TestPagesShareTagStrings guards the memory of large sites: pages that
// spell a tag alike hold one copy of it, and a slug taken from a file name is the name itself, not a
// copy.
func TestPagesShareTagStrings(t *testing.T) {
	a, errs := parseOne(t, "content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [Sales Coaching, 'Top  Performers']\n---\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b, errs := parseOne(t, "content/posts/b-post.md", "---\ntitle: B\ndate: 2024-01-01\ntags: [\"Sales Coaching\", Top Performers]\n---\n")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for i := range a.Tags {
		if a.Tags[i] != b.Tags[i] || unsafe.StringData(a.Tags[i]) != unsafe.StringData(b.Tags[i]) {
			t.Errorf("tag %d: %q and %q are separate copies", i, a.Tags[i], b.Tags[i])
		}
	}
	if b.Slug != "b-post" || !strings.Contains(b.SourcePath, b.Slug) ||
		unsafe.StringData(b.Slug) != unsafe.StringData(b.SourcePath[strings.Index(b.SourcePath, b.Slug):]) {
		t.Errorf("slug %q is a copy of the file name in %q", b.Slug, b.SourcePath)
	}
}

func TestSlugFromFileName(t *testing.T) {
	for file, want := range map[string]string{
		"content/posts/Coaching Your Closers.md":   "/posts/coaching-your-closers/",
		"content/posts/2024/nested-post.md":        "/posts/nested-post/",
		"content/posts/bundle/index.md":            "/posts/bundle/",
		"content/stories/Führung für Verkäufer.md": "/stories/führung-für-verkäufer/",
	} {
		p, errs := parseOne(t, file, "---\ntitle: X\ndate: 2024-01-01\n---\n")
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if p.URL != want {
			t.Errorf("%s: URL %q, want %q", file, p.URL, want)
		}
	}
}

// TestBadFrontMatter checks that every kind of bad input is reported with
// the file, the line the author must look at, and a hint.
func TestBadFrontMatter(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string
	}{
		{"missing", "Just some text\n", 1, `none found; start the file with a line "---"`},
		{"empty file", "", 1, "none found"},
		{"unclosed yaml", "---\ntitle: X\ndate: 2024-01-01\n\nBody\n", 1, `YAML opened here with "---" is never closed; end it with a line "---"`},
		{"unclosed toml", "\n+++\ntitle = \"X\"\n", 2, `TOML opened here with "+++" is never closed`},
		{"unclosed json", "{\n\"title\": \"X\"\n}\nBody\n", 1, `end it with a line "}" followed by an empty line`},
		{"malformed yaml", "---\ntitle: X\ndate: 2024-01-01\ntags: [a, b\n---\n", 4, "front matter: YAML:"},
		{"malformed yaml indent", "---\ntitle: X\n  date: 2024-01-01\n---\n", 3, "front matter: YAML:"},
		{"yaml list", "---\n- a\n- b\n---\n", 2, "must be a mapping of fields"},
		{"malformed toml", "+++\ntitle = \"X\"\ndate = 2024-01-01\ntags = [\"a\"\n+++\n", 4, "front matter: TOML:"},
		{"malformed json", "{\n\"title\": \"X\",\n\"date\": \"2024-01-01\",,\n}\n\n", 3, "front matter: JSON:"},
		{"missing title", "---\ndate: 2024-01-01\n---\n", 1, `title: missing; add a line like "title: My article"`},
		{"empty title", "---\ntitle: \"\"\ndate: 2024-01-01\n---\n", 2, "title: is empty"},
		{"title a list", "---\ndate: 2024-01-01\ntitle: [a]\n---\n", 3, "title: want text, got a list"},
		{"missing date", "---\ntitle: X\n---\n", 1, "date: missing"},
		{"bad date", "---\ntitle: X\ntags: [a]\ndate: tomorrow\n---\n", 4, `date: cannot parse "tomorrow"`},
		{"bad date toml", "+++\ntitle = \"X\"\ndate = \"31/12/2024\"\n+++\n", 3, `date: cannot parse "31/12/2024"`},
		{"bad lastmod", "---\ntitle: X\ndate: 2024-01-01\nlastmod: soon\n---\n", 4, "lastmod: cannot parse"},
		{"tags a mapping", "---\ntitle: X\ndate: 2024-01-01\ntags: {a: b}\n---\n", 4, "tags: want a list or a single name, got a mapping"},
		{"tags with a mapping", "---\ntitle: X\ndate: 2024-01-01\ntags:\n  - ok\n  - {a: b}\n---\n", 4, "tags: item 2 is a mapping"},
		{"tags json list", "{\n\"title\": \"X\",\n\"date\": \"2024-01-01\",\n\"tags\": [\"a\", [7]]\n}\n\n", 4, "tags: item 2 is a list"},
		{"draft not bool", "---\ntitle: X\ndate: 2024-01-01\ndraft: maybe\n---\n", 4, "draft: want true or false"},
		{"slug without letters", "---\ntitle: X\ndate: 2024-01-01\nslug: \"../..\"\n---\n", 4, "slug:"},
		{"not utf-8", "---\ntitle: X\ndate: 2024-01-01\n---\nok\nbad \xff byte\n", 6, "not UTF-8 text (byte 0xff at column 5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseOne(t, "content/posts/x.md", tt.src)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			var fe *report.FileError
			if !errors.As(errs[0], &fe) {
				t.Fatalf("%v is not a FileError", errs[0])
			}
			if fe.Path != "content/posts/x.md" || fe.Line != tt.line {
				t.Errorf("place = %s:%d, want content/posts/x.md:%d (%v)", fe.Path, fe.Line, tt.line, fe)
			}
			if !strings.Contains(errs.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", errs.Error(), tt.want)
			}
			if !strings.HasPrefix(errs[0].Error(), "content/posts/x.md:") {
				t.Errorf("error %q does not start with the file", errs[0])
			}
		})
	}
}

func TestAllFieldErrorsOfAFileAreReported(t *testing.T) {
	_, errs := parseOne(t, "content/posts/x.md", "---\ntitle: [x]\ndate: never\ntags: {a: 3}\n---\n")
	if len(errs) != 3 {
		t.Errorf("got %d errors, want 3 (title, date, tags): %v", len(errs), errs)
	}
}
