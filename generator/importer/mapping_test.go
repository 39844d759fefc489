package importer_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
)

type want struct {
	title, date, author, summary, image, url string
	draft                                    bool
	tags, categories, aliases                []string
}

// meta reads an imported file as the build does.
func meta(t *testing.T, site, rel string) content.Meta {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(site, rel))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := content.Parse(rel, src, nil)
	if len(errs) > 0 {
		t.Fatalf("%s does not build: %v", rel, errs)
	}
	return m
}

func check(t *testing.T, site, rel string, w want) {
	t.Run(rel, func(t *testing.T) {
		m := meta(t, site, rel)
		if m.Title != w.title {
			t.Errorf("title %q, want %q", m.Title, w.title)
		}
		if w.date != "" && !m.Date.Equal(mustTime(t, w.date)) {
			t.Errorf("date %v, want %s", m.Date, w.date)
		}
		if m.Draft != w.draft {
			t.Errorf("draft %v, want %v", m.Draft, w.draft)
		}
		if m.Author != w.author || m.Summary != w.summary || m.Image != w.image {
			t.Errorf("author %q summary %q image %q, want %q %q %q", m.Author, m.Summary, m.Image, w.author, w.summary, w.image)
		}
		if !slices.Equal(m.Tags, w.tags) || !slices.Equal(m.Terms["categories"], w.categories) {
			t.Errorf("tags %q categories %q, want %q %q", m.Tags, m.Terms["categories"], w.tags, w.categories)
		}
		if !slices.Equal(m.Aliases, w.aliases) {
			t.Errorf("aliases %q, want %q", m.Aliases, w.aliases)
		}
	})
}

func mustTime(t *testing.T, s string) time.Time {
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestWordPressMapping(t *testing.T) {
	site := t.TempDir()
	importWordPress(t, site, nil)
	// post_date_gmt wins over post_date; the featured image is the
	// attachment of _thumbnail_id, copied beside the post; the excerpt is
	// the summary; "Uncategorized" is left out.
	check(t, site, "content/posts/coaching-your-closers/index.md", want{title: "Coaching Your Closers: A Weekly Rhythm",
		date: "2023-04-12T09:00:00Z", author: "Dana Whitfield", summary: "A weekly coaching rhythm for the people who already win.",
		image: "closers-team.jpg", tags: []string{"Coaching", "Top Performers"}, categories: []string{"Leadership"}})
	check(t, site, "content/posts/forecast-calls-that-coach.md", want{title: "Forecast Calls That Coach",
		date: "2023-05-02T08:30:00Z", author: "Dana Whitfield", tags: []string{"Forecasting"}})
	// A draft without a slug or GMT date: named from its title, dated by
	// post_date in the site's time zone (UTC here).
	check(t, site, "content/posts/notes-on-hiring.md", want{title: "Notes on Hiring", date: "2023-06-01T14:00:00Z",
		author: "Dana Whitfield", draft: true})
	check(t, site, "content/posts/pipeline-reviews-reviewed.md", want{title: "Pipeline Reviews, Reviewed", author: "Dana Whitfield", draft: true})
	check(t, site, "content/posts/team-only-q3-numbers.md", want{title: "Team Only: Q3 Numbers", author: "Dana Whitfield", draft: true})
	// future keeps its date, and is not a draft: the build holds it back
	// until then.
	check(t, site, "content/posts/the-year-end-push.md", want{title: "The Year-End Push", date: "2030-11-20T08:00:00Z",
		author: "Dana Whitfield", tags: []string{"Planning"}})
	// Pages are standalone pages; one whose URL changes keeps its old one.
	check(t, site, "content/about/index.md", want{title: "About", author: "Dana Whitfield"})
	check(t, site, "content/team.md", want{title: "Our Team", author: "Dana Whitfield", aliases: []string{"/about/team/"}})
	// --stories-from testimonial: a story, redirected from its old URL.
	check(t, site, "content/stories/from-burnout-to-my-best-quarter.md", want{title: "From Burnout to My Best Quarter",
		author: "Dana Whitfield", summary: "140% of plan after six months of coaching.",
		aliases: []string{"/testimonial/from-burnout-to-my-best-quarter/"}})
	for _, gone := range []string{"content/posts/old-thoughts.md", "content/posts/old-thoughts-trashed.md", "content/home.md"} {
		if _, err := os.Stat(filepath.Join(site, gone)); err == nil {
			t.Errorf("%s was imported: trash and menu items are not content", gone)
		}
	}
}

func TestGhostMapping(t *testing.T) {
	site := t.TempDir()
	importGhost(t, site, nil)
	// Authors joined in their order, tags in sort_order without the
	// internal #tag, custom_excerpt, feature_image copied.
	check(t, site, "content/posts/coaching-the-forecast-call/index.md", want{title: "Coaching the Forecast Call",
		date: "2023-06-12T09:30:00Z", author: "Dana Whitfield and Sam Ortiz",
		summary: "Forecast calls that develop the rep, not just the number.", image: "forecast-call.jpg",
		tags: []string{"Forecasting", "Coaching"}})
	check(t, site, "content/posts/hiring-closers.md", want{title: "Draft: Hiring Closers", date: "2023-07-01T08:00:00Z",
		author: "Dana Whitfield", draft: true})
	// scheduled keeps published_at; an image on another host stays as it is.
	check(t, site, "content/posts/the-q4-plan.md", want{title: "The Q4 Plan", date: "2030-10-01T08:00:00Z",
		author: "Dana Whitfield", image: "https://images.unsplash.com/photo-123?w=2000"})
	check(t, site, "content/about.md", want{title: "About", author: "Dana Whitfield"})
}

// Where every post's old URL fits one rule, site.toml gets it and the
// posts need no aliases; where they do not, each gets its old URL.
func TestPermalinksOrAliases(t *testing.T) {
	site := t.TempDir()
	rep := importWordPress(t, site, nil)
	if rep.Permalinks != "/:year/:month/:slug/" {
		t.Errorf("Permalinks = %q, want /:year/:month/:slug/", rep.Permalinks)
	}
	toml, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	if !slices.Contains(splitLines(string(toml)), `posts = "/:year/:month/:slug/" # set by rainmaker import: the old blog's URLs`) {
		t.Errorf("site.toml has no [permalinks] rule:\n%s", toml)
	}

	// A site whose site.toml already sets another rule for posts: aliases.
	site = t.TempDir()
	os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n\n[permalinks]\nposts = \"/articles/:slug/\"\n"), 0o644)
	rep = importWordPress(t, site, nil)
	if rep.Permalinks != "" {
		t.Errorf("Permalinks = %q with a rule already set", rep.Permalinks)
	}
	m := meta(t, site, "content/posts/forecast-calls-that-coach.md")
	if !slices.Equal(m.Aliases, []string{"/2023/05/forecast-calls-that-coach/"}) {
		t.Errorf("aliases %q, want the old URL", m.Aliases)
	}
}

func splitLines(s string) []string { return strings.Split(s, "\n") }
