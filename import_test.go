package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
)

// An imported blog builds with no error, and its old URLs answer: the
// posts at the same address (a [permalinks] rule), the rest with
// redirect pages and _redirects rules.
func TestImportThenBuild(t *testing.T) {
	const testdata = "generator/importer/testdata/"
	cases := []struct {
		name      string
		args      []string
		same      []string          // old URLs served by the page itself
		redirects map[string]string // old URL file → where it sends readers
	}{
		{"wordpress", []string{"wordpress", testdata + "wordpress/export.xml", "--uploads", testdata + "wordpress/uploads", "--stories-from", "testimonial"},
			[]string{"2023/04/coaching-your-closers/index.html", "2023/05/forecast-calls-that-coach/index.html", "about/index.html"},
			map[string]string{"about/team/index.html": "/team/", "testimonial/from-burnout-to-my-best-quarter/index.html": "/stories/from-burnout-to-my-best-quarter/"}},
		{"ghost", []string{"ghost", testdata + "ghost/export.json", "--images", testdata + "ghost/images"},
			[]string{"coaching-the-forecast-call/index.html", "about/index.html"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := t.TempDir()
			var stdout, stderr bytes.Buffer
			if code := run(append([]string{"import", "-s", site}, c.args...), &stdout, &stderr); code != 0 {
				t.Fatalf("import: exit %d\n%s%s", code, stdout.String(), stderr.String())
			}
			res, err := generator.Build(generator.Options{Source: site, Theme: themeFS(), Now: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			if res.Pages == 0 {
				t.Fatal("built no pages")
			}
			public := filepath.Join(site, "public")
			for _, f := range c.same {
				if _, err := os.Stat(filepath.Join(public, f)); err != nil {
					t.Errorf("old URL %s: %v", f, err)
				}
			}
			rules, _ := os.ReadFile(filepath.Join(public, "_redirects"))
			for f, target := range c.redirects {
				b, err := os.ReadFile(filepath.Join(public, f))
				if err != nil {
					t.Errorf("old URL %s has no redirect page: %v", f, err)
					continue
				}
				if !strings.Contains(string(b), `http-equiv="refresh"`) || !strings.Contains(string(b), target) {
					t.Errorf("%s does not redirect to %s:\n%s", f, target, b)
				}
				if !strings.Contains(string(rules), target) {
					t.Errorf("_redirects has no rule to %s:\n%s", target, rules)
				}
			}
		})
	}
}

func TestImportHelpOnStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", "--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout.String(), "rainmaker import wordpress EXPORT.xml") || !strings.Contains(stdout.String(), "-dry-run") || stderr.Len() != 0 {
		t.Errorf("help on stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

func TestImportExitStatus(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", "ghost", "generator/importer/testdata/wordpress/export.xml", "-s", t.TempDir()}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "rainmaker import wordpress") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if code := run([]string{"import", "joomla", "x"}, &stdout, &stderr); code != 2 {
		t.Errorf("unknown format: exit %d", code)
	}
}
