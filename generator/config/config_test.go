package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/report"
)

func TestParseConfigReadsEveryKey(t *testing.T) {
	src := `title = "T"
description = "D"
base_url = "https://example.org/blog"
language = "de"
author = "A"
per_page = 3
unsafe_html = true
submit_endpoint = "https://forms.example.org/stories"

[[social]]
name = "LinkedIn"
url = "https://www.linkedin.com/in/x"

[[social]]
name = "Mail"
url = "mailto:a@example.org"
icon = "email"
`
	cfg, err := Parse(strings.NewReader(src), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate("site.toml", src); err != nil {
		t.Fatal(err)
	}
	if cfg.Title != "T" || cfg.Description != "D" || cfg.Language != "de" || cfg.Author != "A" ||
		cfg.PerPage != 3 || !cfg.UnsafeHTML || cfg.SubmitEndpoint != "https://forms.example.org/stories" {
		t.Errorf("config = %+v", cfg)
	}
	if cfg.BaseURL != "https://example.org/blog/" {
		t.Errorf("base_url = %q, want a trailing slash added", cfg.BaseURL)
	}
	if len(cfg.Social) != 2 || cfg.Social[1].Icon != "email" || cfg.Social[0].Name != "LinkedIn" {
		t.Errorf("social = %+v", cfg.Social)
	}
}

func TestParseConfigMigrationKeys(t *testing.T) {
	src := `title = "T"
base_url = "https://e.org/"
timezone = "America/New_York"
strict_front_matter = true
taxonomies = ["tags", "categories", "series"]

[permalinks]
posts = "/:year/:month/:slug/"

[[menu]]
name = "About"
url = "/about/"
`
	cfg, err := Parse(strings.NewReader(src), "site.toml")
	if err == nil {
		err = cfg.Validate("site.toml", src)
	}
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location().String() != "America/New_York" || !cfg.StrictFrontMatter || len(cfg.Taxonomies) != 3 ||
		cfg.permalinks["posts"].String() != "/:year/:month/:slug/" || len(cfg.Menu) != 1 || cfg.Menu[0].URL != "/about/" {
		t.Errorf("config = %+v", cfg)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := Parse(strings.NewReader("title = \"T\"\nbase_url = \"https://e.org/\"\n"), "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PerPage != 10 || cfg.Language != "en" || cfg.SubmitEndpoint != "/api/stories" || cfg.UnsafeHTML ||
		strings.Join(cfg.Taxonomies, ",") != "tags,categories" || cfg.Location() != time.UTC || cfg.StrictFrontMatter {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // each must appear in the error
	}{
		{"unknown key names the nearest", "title = \"T\"\nbase_url = \"https://e.org/\"\nper_pgae = 4\n",
			[]string{"site.toml:3:", `unknown key "per_pgae"`, `did you mean "per_page"?`}},
		{"unknown key with no near one lists keys", "title = \"T\"\nbase_url = \"https://e.org/\"\ncolour_scheme = 1\n",
			[]string{"site.toml:3:", "known keys are title, description"}},
		{"unknown social key", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[social]]\nname = \"X\"\nurl = \"https://x.com/a\"\nlink = \"y\"\n",
			[]string{"site.toml:6:", `unknown key "social.link" in [[social]]`}},
		{"syntax error has its line", "title = \"T\"\nbase_url = \n",
			[]string{"site.toml:2:"}},
		{"wrong type has its line", "title = \"T\"\nbase_url = \"https://e.org/\"\nper_page = \"ten\"\n",
			[]string{"site.toml:3:", "incompatible types"}},
		{"missing title", "base_url = \"https://e.org/\"\n", []string{"title: is required"}},
		{"missing base_url", "title = \"T\"\n", []string{"base_url: is required"}},
		{"relative base_url", "title = \"T\"\nbase_url = \"/blog/\"\n", []string{"site.toml:2: base_url:", "not an absolute"}},
		{"per_page zero", "title = \"T\"\nbase_url = \"https://e.org/\"\nper_page = 0\n", []string{"site.toml:3: per_page: must be at least 1"}},
		{"social url javascript", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[social]]\nname = \"Bad\"\nurl = \"javascript:alert(1)\"\n",
			[]string{"site.toml:5:", `social entry 1 ("Bad")`, "http, https or mailto"}},
		{"social without name", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[social]]\nurl = \"https://x.com/a\"\n",
			[]string{"social entry 1", "name is required"}},
		{"unknown time zone", "title = \"T\"\nbase_url = \"https://e.org/\"\ntimezone = \"Europe/Berlln\"\n",
			[]string{"site.toml:3: timezone:", `"Europe/Berlln" is not a time zone name`, "Europe/Berlin"}},
		{"unknown permalink token", "title = \"T\"\nbase_url = \"https://e.org/\"\n[permalinks]\nposts = \"/:yaer/:slug/\"\n",
			[]string{"site.toml:4: permalinks: posts:", `":yaer"`, `did you mean ":year"`}},
		{"permalink without slug", "title = \"T\"\nbase_url = \"https://e.org/\"\n[permalinks]\nposts = \"/:year/\"\n",
			[]string{"site.toml:4: permalinks: posts:", ":slug"}},
		{"permalinks of no section", "title = \"T\"\nbase_url = \"https://e.org/\"\n[permalinks]\nblog = \"/:slug/\"\n",
			[]string{"site.toml:4: permalinks: unknown section \"blog\""}},
		{"taxonomy taking a folder", "title = \"T\"\nbase_url = \"https://e.org/\"\ntaxonomies = [\"tags\", \"posts\"]\n",
			[]string{"site.toml:3: taxonomies:", `"posts" is already a folder`}},
		{"taxonomy not a slug", "title = \"T\"\nbase_url = \"https://e.org/\"\ntaxonomies = [\"Tags\"]\n",
			[]string{"site.toml:3: taxonomies:", "plain lower-case name"}},
		{"menu without url", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[menu]]\nname = \"About\"\n",
			[]string{"menu entry 1 (\"About\")", "must be a site path"}},
		{"unknown menu key", "title = \"T\"\nbase_url = \"https://e.org/\"\n[[menu]]\nname = \"About\"\nurl = \"/about/\"\nweight = 1\n",
			[]string{"site.toml:6:", `unknown key "menu.weight" in [[menu]]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse(strings.NewReader(tt.src), "site.toml")
			if err == nil {
				err = cfg.Validate("site.toml", tt.src)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			var fe *report.FileError
			if !errors.As(err, &fe) || fe.Path != "site.toml" {
				t.Errorf("error %v is not a FileError for site.toml", err)
			}
		})
	}
}
