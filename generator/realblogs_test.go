package generator

import (
	"strings"
	"testing"
)

// TestRealBlogs builds testdata/realblogs, posts in the shapes real
// Jekyll, Hugo and Zola blogs have, and compares every page with
// testdata/golden-realblogs ("go test ./generator -run RealBlogs -update"
// accepts a deliberate change).
func TestRealBlogs(t *testing.T) {
	out, res, err := buildSite(t, "testdata/realblogs", nil)
	if err != nil {
		t.Fatalf("a migrated blog does not build:\n%v", err)
	}
	got := readTree(t, out)
	compareGolden(t, got, "testdata/golden-realblogs")
	if res.Pages != 27 {
		t.Errorf("%d pages, want 27 (24 posts and stories, 3 standalone pages)", res.Pages)
	}
	if want := "2 drafts not built; --drafts builds them"; res.LeftOut != want {
		t.Errorf("left out %q, want %q", res.LeftOut, want)
	}
	if len(res.Warnings) != 2 || !strings.HasSuffix(res.Warnings[0].Error(), "content/posts/_index.md: a section's index file (Hugo, Zola) is not built; a section's title and order are Rainmaker's own") ||
		!strings.HasSuffix(res.Warnings[1].Error(), `content/posts/quarterly-business-reviews.md:25: youtube shortcode: "abc" is not a youtube video id`) {
		t.Errorf("warnings: %v", res.Warnings)
	}
	// What each shape maps to, as the pages show it.
	for _, tt := range []struct{ file, want string }{
		{"2019/01/coaching-the-first-90-days/index.html", "<h1>Coaching: the first 90 days</h1>"},       // Jekyll .markdown, file name date
		{"2019/01/coaching-the-first-90-days/index.html", "Jane Doe"},                                   // author
		{"2019/03/weekly-coaching-cadence/index.html", `datetime="2019-03-04T10:30:00&#43;01:00"`},      // the offset date wins over the file name
		{"2019/04/feedback-that-lands/index.html", "<h1>Don&#39;t soften it: feedback that lands</h1>"}, // '' in a quoted title
		{"2019/07/career-ladders-for-sellers/index.html", `<meta property="og:image" content="https://coach.example.org/assets/cover.png">`},
		{"2021/05/listen-before-you-lead/index.html", "Sam Lee"},                                       // author: {name: ...}
		{"2021/05/listen-before-you-lead/index.html", `content="https://coach.example.org/img/a.png"`}, // images: [...]
		{"2021/06/delegation-without-disappearing/index.html", "Ana and Bo"},                           // authors
		{"2022/08/ride-along-notes/index.html", `Categories: <a href="/categories/field-coaching/">Field Coaching</a>`},
		{"2022/08/discovery-field-notes/index.html", `datetime="2022-08-01T00:00:00&#43;02:00"`}, // the date from Zola's path, in Berlin
		{"tags/index.html", `<a href="/tags/1-10/">1.10</a>`},
		{"tags/c-sharp/index.html", "Tagged “C#”"},
		{"tags/dotnet/index.html", "Tagged “.NET”"},
		{"tags/go/index.html", "3 articles."},
		{"tags/café/index.html", "2 articles."},
		{"old/zola/index.html", `url=/2022/08/ride-along-notes/`},
		{"2021/12/hugo-bundle/chart.svg", "<svg"},
		{"about/index.html", `<a href="/about/" aria-current="page">About</a>`},
		{"pages/privacy/index.html", "<h1>"},
	} {
		if page, ok := got[tt.file]; !ok || !strings.Contains(string(page), tt.want) {
			t.Errorf("%s lacks %q", tt.file, tt.want)
		}
	}
}
