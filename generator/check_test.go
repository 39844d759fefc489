package generator

import (
	"fmt"
	"strings"
	"testing"
)

// TestCheckFindsEveryProblem runs the checker on a fixture seeded with one
// of each problem and expects each at its file and line.
func TestCheckFindsEveryProblem(t *testing.T) {
	problems, err := Check(Options{Source: "testdata/checksite", Theme: defaultTheme(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		place, severity, message string
	}{
		{"content/posts/links.md:8", "error", "link /posts/nope/ points nowhere"},
		{"content/posts/links.md:10", "error", `the page has no element with id "missing"`},
		{"content/posts/links.md:14", "error", "image /img/pic.png has no alt text"},
		{"content/posts/links.md:16", "error", "image /img/missing.png points nowhere: no such file in static/"},
		{"content/posts/links.md:18", "error", `link #nowhere: the page has no element with id "nowhere"`},
		{"content/posts/links.md:4", "warning", `the tag "lonely-tag" is used by this page only`},
		{"content/posts/other.md:2", "error", `the title "Same Title" is also the title of content/posts/dup.md`},
		{"content/posts/long.md:7", "warning", "the first paragraph (443 characters) becomes the summary"},
		{"content/posts/bad-html.md:10", "error", "<span> is not closed before </div>"},
		{"content/posts/bad-html.md:10", "error", "</span> closes no open element"},
		{"content/posts/bad-html.md:12", "error", `id "twice" is used twice`},
	}
	got := map[string]bool{}
	for _, p := range problems {
		got[p.String()] = true
	}
	for _, w := range want {
		found := false
		for _, p := range problems {
			if fmt.Sprintf("testdata/checksite/%s", w.place) == fmt.Sprintf("%s:%d", p.File, p.Line) && p.Severity == w.severity && strings.Contains(p.Message, w.message) {
				found = true
			}
		}
		if !found {
			t.Errorf("not reported: %s: %s: %s", w.place, w.severity, w.message)
		}
	}
	if len(problems) != len(want) {
		for _, p := range problems {
			t.Log(p)
		}
		t.Errorf("%d problems, want exactly %d (no false alarms: the good links, the relative link, mail and external links are fine)", len(problems), len(want))
	}
}

func TestCheckOnACleanSite(t *testing.T) {
	problems, err := Check(Options{Source: "..", Theme: defaultTheme()})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("the sample blog should check clean: %s", p)
	}
}

func TestCheckReportsBuildErrors(t *testing.T) {
	site := copySite(t)
	writeFile(t, site+"/content/posts/bad.md", "---\ntitle: X\ndate: never\n---\n")
	problems, err := Check(Options{Source: site, Theme: defaultTheme(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Line != 3 || !strings.HasSuffix(problems[0].File, "content/posts/bad.md") || problems[0].Severity != "error" {
		t.Errorf("problems = %v", problems)
	}
}
