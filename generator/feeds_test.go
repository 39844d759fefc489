package generator

import (
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func parseFeed(t *testing.T, path string) *gofeed.Feed {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(f)
	if err != nil {
		t.Fatalf("%s does not parse as a feed: %v", path, err)
	}
	if feed.FeedType != "atom" {
		t.Errorf("%s is %s, want atom", path, feed.FeedType)
	}
	return feed
}

func TestSiteFeed(t *testing.T) {
	out, _, err := buildSite(t, "testdata/site", nil)
	if err != nil {
		t.Fatal(err)
	}
	feed := parseFeed(t, filepath.Join(out, "feed.xml"))
	if feed.Title != "Fixture Coaching" || feed.Language != "en" {
		t.Errorf("feed title %q language %q", feed.Title, feed.Language)
	}
	var links []string
	for _, item := range feed.Items {
		links = append(links, item.Link)
	}
	want := []string{
		"https://example.org/blog/posts/crlf/",
		"https://example.org/blog/posts/nested-f%C3%BChrung/",
		"https://example.org/blog/posts/json-custom-slug/",
		"https://example.org/blog/stories/a-story/",
		"https://example.org/blog/posts/toml-post/",
		"https://example.org/blog/posts/yaml-post/",
	}
	if strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("entries, newest first:\n got %v\nwant %v (no draft, no future post)", links, want)
	}
	for _, item := range feed.Items {
		if item.GUID != item.Link {
			t.Errorf("entry id %q is not its permalink %q", item.GUID, item.Link)
		}
		if item.Content == "" || item.PublishedParsed == nil || item.UpdatedParsed == nil {
			t.Errorf("entry %s lacks content or dates", item.Link)
		}
	}
	toml := feed.Items[4]
	if !toml.UpdatedParsed.Equal(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("updated = %v, want lastmod 2026-02-03", toml.UpdatedParsed)
	}
	if !toml.PublishedParsed.Equal(time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("published = %v", toml.PublishedParsed)
	}
	if len(toml.Authors) != 1 || toml.Authors[0].Name != "Guest Writer" {
		t.Errorf("authors = %v", toml.Authors)
	}
	if !feed.UpdatedParsed.Equal(*feed.Items[0].UpdatedParsed) {
		t.Errorf("feed updated %v, want the newest entry's %v", feed.UpdatedParsed, feed.Items[0].UpdatedParsed)
	}
	story := feed.Items[3]
	if len(story.Authors) != 1 || story.Authors[0].Name != "Priya N." {
		t.Errorf("a story's author is its storyteller: %v", story.Authors)
	}
	if strings.Join(story.Categories, ",") != "Coaching,Retention" {
		t.Errorf("categories = %v", story.Categories)
	}
	// Links inside content are absolute: feed readers have no page to
	// resolve them against.
	yaml := feed.Items[5]
	if !strings.Contains(yaml.Content, `href="https://example.org/blog/posts/toml-post/"`) {
		t.Errorf("relative link not made absolute in feed content:\n%s", yaml.Content)
	}
	if strings.Contains(yaml.Content, "javascript:") {
		t.Errorf("dangerous link in feed: %s", yaml.Content)
	}
}

func TestFeedCarriesTheNewestTwenty(t *testing.T) {
	site := t.TempDir()
	writeFile(t, filepath.Join(site, "site.toml"), "title = \"Many\"\nbase_url = \"https://e.org/\"\n")
	for i := 1; i <= 25; i++ {
		writeFile(t, filepath.Join(site, "content/posts", "p"+itoa(i)+".md"),
			"---\ntitle: P"+itoa(i)+"\ndate: 2026-01-"+pad2(i)+"\ntags: [all]\n---\nBody "+itoa(i)+"\n")
	}
	out, _, err := buildSite(t, site, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"feed.xml", "tags/all/feed.xml"} {
		feed := parseFeed(t, filepath.Join(out, path))
		if len(feed.Items) != 20 || feed.Items[0].Title != "P25" || feed.Items[19].Title != "P6" {
			t.Errorf("%s: %d entries from %q, want the 20 newest (P25…P6)", path, len(feed.Items), feed.Items[0].Title)
		}
	}
}

func itoa(i int) string { return strings.TrimLeft(pad2(i), "0") }
func pad2(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestTagFeeds(t *testing.T) {
	out, _, err := buildSite(t, "testdata/site", func(o *Options) { o.Drafts = true })
	if err != nil {
		t.Fatal(err)
	}
	feed := parseFeed(t, filepath.Join(out, "tags/coaching/feed.xml"))
	var titles []string
	for _, item := range feed.Items {
		titles = append(titles, item.Title)
	}
	want := "A reader's story|A TOML post|A YAML post with <angle> & ampersand"
	if strings.Join(titles, "|") != want {
		t.Errorf("coaching feed = %q, want %q", strings.Join(titles, "|"), want)
	}
	if feed.Link != "https://example.org/blog/tags/coaching/" {
		t.Errorf("feed link = %q", feed.Link)
	}
	page, _ := os.ReadFile(filepath.Join(out, "tags/coaching/index.html"))
	if !strings.Contains(string(page), `<link rel="alternate" type="application/atom+xml" title="Fixture Coaching: Coaching" href="/blog/tags/coaching/feed.xml">`) {
		t.Error("the tag page does not announce its feed")
	}
}

func TestSitemapAndRobots(t *testing.T) {
	out, _, err := buildSite(t, "testdata/site", nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range sm.URLs {
		if _, dup := got[u.Loc]; dup {
			t.Errorf("%s listed twice", u.Loc)
		}
		got[u.Loc] = u.Lastmod
	}
	// Every HTML page of the build is in the sitemap, and nothing else.
	for name := range readTree(t, out) {
		if !strings.HasSuffix(name, ".html") || name == "404.html" || name == "submit/thanks/index.html" {
			continue // not pages to be found by search
		}
		loc := "https://example.org/blog/" + (&url.URL{Path: strings.TrimSuffix(name, "index.html")}).EscapedPath()
		if _, ok := got[loc]; !ok {
			t.Errorf("%s is not in the sitemap", loc)
		}
		delete(got, loc)
	}
	for loc := range got {
		t.Errorf("%s is in the sitemap but was not built", loc)
	}
	for _, u := range sm.URLs {
		if strings.Contains(u.Loc, "draft") || strings.Contains(u.Loc, "future") {
			t.Errorf("unpublished page in sitemap: %s", u.Loc)
		}
		if u.Loc == "https://example.org/blog/posts/toml-post/" && u.Lastmod != "2026-02-03T00:00:00Z" {
			t.Errorf("lastmod of the TOML post = %q, want its lastmod", u.Lastmod)
		}
		if _, err := time.Parse(time.RFC3339, u.Lastmod); err != nil && u.Loc != "https://example.org/blog/submit/" {
			t.Errorf("%s: lastmod %q: %v", u.Loc, u.Lastmod, err)
		}
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://example.org/blog/sitemap.xml\n") {
		t.Errorf("robots.txt = %q", robots)
	}
}
