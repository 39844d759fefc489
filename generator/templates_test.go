package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wallSite has three stories, one featured, and an article that shares a
// tag with them: the article must not count on the wall.
var wallSite = map[string]string{
	"site.toml":            migrateConfig,
	"content/posts/p.md":   post("Post", "2024-01-05", "tags: [Coaching]\n"),
	"content/stories/a.md": post("Story A", "2024-01-01", "tags: [Coaching, Sales]\nname: Ann\nresult: Doubled her pipeline\nfeatured: true\n"),
	"content/stories/b.md": post("Story B", "2024-01-02", "tags: [Coaching]\nname: Bo\nrole: Team lead\nresult: Kept his team\n"),
	"content/stories/c.md": post("Story C", "2024-01-03", "tags: [Leadership]\nname: Cy\nresult: Promoted\n"),
}

var (
	filterLink = regexp.MustCompile(`<li><a href="([^"]+)"( aria-current="page")?>([^<]+) <span class="count">(\d+)</span></a></li>`)
	wallEntry  = regexp.MustCompile(`<h2 class="result-line">([^<]+)</h2>`)
)

// The wall of results is /stories/ and one page per tag of its stories,
// each with every filter, the one shown marked, featured stories first.
func TestStoryWallFilters(t *testing.T) {
	out, _, err := buildFiles(t, wallSite, nil)
	if err != nil {
		t.Fatal(err)
	}
	allFilters := "/stories/ All stories 3|/stories/tag/coaching/ Coaching 2|/stories/tag/leadership/ Leadership 1|/stories/tag/sales/ Sales 1"
	tests := []struct {
		page, current string
		results       []string // in order
	}{
		{"stories/index.html", "/stories/", []string{"Doubled her pipeline", "Promoted", "Kept his team"}},
		{"stories/tag/coaching/index.html", "/stories/tag/coaching/", []string{"Doubled her pipeline", "Kept his team"}},
		{"stories/tag/leadership/index.html", "/stories/tag/leadership/", []string{"Promoted"}},
		{"stories/tag/sales/index.html", "/stories/tag/sales/", []string{"Doubled her pipeline"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			page := mustRead(t, out, tt.page)
			var filters, current []string
			for _, m := range filterLink.FindAllStringSubmatch(page, -1) {
				filters = append(filters, m[1]+" "+m[3]+" "+m[4])
				if m[2] != "" {
					current = append(current, m[1])
				}
			}
			if got := strings.Join(filters, "|"); got != allFilters {
				t.Errorf("filters:\n  %s\nwant\n  %s", got, allFilters)
			}
			if len(current) != 1 || current[0] != tt.current {
				t.Errorf("current filter %v, want %s", current, tt.current)
			}
			var results []string
			for _, m := range wallEntry.FindAllStringSubmatch(page, -1) {
				results = append(results, m[1])
			}
			if strings.Join(results, "|") != strings.Join(tt.results, "|") {
				t.Errorf("results %q, want %q", results, tt.results)
			}
		})
	}
	if page := mustRead(t, out, "stories/index.html"); !strings.Contains(page, "Read Ann’s story") || strings.Count(page, `class="featured-label"`) != 1 {
		t.Errorf("the wall lacks the link to Ann's story or has not one featured label:\n%s", page)
	}
	if home := mustRead(t, out, "index.html"); strings.Index(home, "Story A") > strings.Index(home, "Post") {
		t.Error("the featured story is not pinned at the top of the home page")
	}
	sitemap := mustRead(t, out, "sitemap.xml")
	if !strings.Contains(sitemap, "https://e.org/stories/tag/coaching/") {
		t.Error("the sitemap lacks the wall's tag pages")
	}
	if _, err := os.Stat(filepath.Join(out, "posts/tag")); err == nil {
		t.Error("articles got filter pages")
	}
}

// A German site prints the German table on its home page and articles.
func TestGermanSiteSpeaksGerman(t *testing.T) {
	files := map[string]string{
		"site.toml":            migrateConfig + "language = \"de\"\nper_page = 1\n",
		"content/posts/p.md":   post("Beitrag", "2024-01-05", "tags: [Führung]\n"),
		"content/stories/s.md": post("Geschichte", "2024-01-01", "tags: [Führung]\nname: Anna\nresult: Befördert\n"),
	}
	out, _, err := buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for page, wants := range map[string][]string{
		"index.html":              {`<html lang="de">`, "1 Min. Lesezeit", "Seite 1 von 2", "Älter →", "Zum Inhalt springen", "Erfolgsgeschichten", "5.1.2024"},
		"posts/p/index.html":      {"Diesen Artikel teilen", "1 Min. Lesezeit", `<a href="/posts/">Artikel</a>`, "Schlagwörter"},
		"stories/index.html":      {"Die Geschichte von Anna lesen", "Alle Geschichten", "Nach Schlagwort filtern"},
		"tags/index.html":         {"1 Artikel, 1 Geschichte", `<meta name="description" content="Alle Themen von`},
		"tags/führung/index.html": {`<meta name="description" content="Artikel und Geschichten über Führung von`},
		"posts/index.html":        {`<meta name="description" content="Artikel von`},
		"submit/index.html":       {`<meta name="description" content="Erzählen Sie uns`},
		"404.html":                {"Seite nicht gefunden"},
	} {
		got := mustRead(t, out, page)
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
		for _, english := range []string{"min read", "Share this", "Older", "Skip to content", " from ", "Every topic", "Articles and stories"} {
			if strings.Contains(got, english) {
				t.Errorf("%s still says %q", page, english)
			}
		}
	}
}

// A [strings] override replaces the built-in text wherever it is printed.
func TestStringsOverrideShows(t *testing.T) {
	files := map[string]string{
		"site.toml":          migrateConfig + "[strings]\nmin_read = \"{n}-minute read\"\nshare_article = \"Pass it on\"\n",
		"content/posts/p.md": post("Post", "2024-01-05", ""),
	}
	out, _, err := buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string]string{"index.html": "1-minute read", "posts/p/index.html": "Pass it on"} {
		if got := mustRead(t, out, page); !strings.Contains(got, want) || strings.Contains(got, "min read") {
			t.Errorf("%s lacks %q, or keeps the built-in text", page, want)
		}
	}
}
