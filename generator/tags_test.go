package generator

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/config"
)

func TestTagSlugs(t *testing.T) {
	tests := []struct{ tag, slug string }{
		{"Coaching", "coaching"},
		{"coaching", "coaching"},
		{" coaching ", "coaching"},
		{"Top Performers", "top-performers"},
		{"top_performers", "top-performers"},
		{"Führung", "führung"},
		{"FÜHRUNG", "führung"},
		{"営業", "営業"},
		{"C#", "c"},
		{"../x", "x"},
		{"../../etc", "etc"},
		{"%2e%2e", "2e-2e"},
		{"a/../../b", "a-b"},
		{"..\\..\\win", "win"},
		{"x\x00y", "x-y"},
		{"/", ""},
		{"..", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.tag), func(t *testing.T) {
			got := Slugify(tt.tag)
			if got != tt.slug {
				t.Errorf("Slugify(%q) = %q, want %q", tt.tag, got, tt.slug)
			}
			if strings.ContainsAny(got, "/\\.%") {
				t.Errorf("slug %q could leave its folder", got)
			}
		})
	}
}

// TestHostileTagsAndSlugsStayInside builds a site whose tags and slugs try
// every path trick, and checks that nothing is written outside the output
// folder and that every tag still gets a page.
func TestHostileTagsAndSlugsStayInside(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	writeFile(t, filepath.Join(site, "site.toml"), "title = \"H\"\nbase_url = \"https://e.org/\"\n")
	hostile := []string{"../escape", "../../etc/passwd", "%2e%2e%2fup", "a/../../b", "..\\\\win", "/abs", "CON", "x:y", "Ünïcödé Tag", "営業"}
	for i, h := range hostile {
		writeFile(t, filepath.Join(site, "content/posts", fmt.Sprintf("p%d.md", i)),
			fmt.Sprintf("---\ntitle: P%d\ndate: 2026-01-01\nslug: %q\ntags: [%q, \"ok\"]\n---\nBody\n", i, h, h))
	}
	before := listFiles(t, root)
	out := filepath.Join(root, "out", "public")
	if _, err := Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	for _, p := range listFiles(t, root) {
		if !slices.Contains(before, p) && !strings.HasPrefix(p, "out/public/") && p != "out" && p != "out/public" && !strings.HasPrefix(p, "site/"+cacheDirName) {
			t.Errorf("written outside the output folder: %s", p)
		}
	}
	for _, h := range hostile {
		if _, err := os.Stat(filepath.Join(out, "tags", Slugify(h), "index.html")); err != nil {
			t.Errorf("tag %q: %v", h, err)
		}
	}
}

func listFiles(t *testing.T, root string) []string {
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	return out
}

func TestPrevNextAndRelatedOnPages(t *testing.T) {
	out, _, err := buildSite(t, "testdata/site", nil)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "posts/toml-post/index.html"))
	s := string(page)
	for _, want := range []string{
		`<a href="/blog/posts/yaml-post/" rel="prev"><span class="label">← Older</span> A YAML post with &lt;angle&gt; &amp; ampersand</a>`,
		`<a href="/blog/posts/json-custom-slug/" rel="next" class="next"><span class="label">Newer →</span> A JSON post</a>`,
		`<h2 id="related-title">Related</h2>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("toml-post lacks %s", want)
		}
	}
	related := regexp.MustCompile(`(?s)<aside class="related".*?</aside>`).FindString(s)
	// The TOML post is tagged coaching; the story and the YAML post share it.
	if !strings.Contains(related, "/blog/stories/a-story/") || !strings.Contains(related, "/blog/posts/yaml-post/") || strings.Contains(related, "toml-post") {
		t.Errorf("related = %s", related)
	}
}

func TestHeadCarriesCardsAndStructuredData(t *testing.T) {
	out, _, err := buildSite(t, "testdata/site", nil)
	if err != nil {
		t.Fatal(err)
	}
	ldPattern := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)
	for path, wantType := range map[string]string{"posts/toml-post/index.html": "BlogPosting", "stories/a-story/index.html": "BlogPosting", "index.html": "Blog"} {
		page, _ := os.ReadFile(filepath.Join(out, path))
		m := ldPattern.FindSubmatch(page)
		if m == nil {
			t.Errorf("%s: no JSON-LD", path)
			continue
		}
		var ld map[string]any
		if err := json.Unmarshal(m[1], &ld); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v\n%s", path, err, m[1])
			continue
		}
		if ld["@type"] != wantType || ld["@context"] != "https://schema.org" {
			t.Errorf("%s: JSON-LD = %v", path, ld)
		}
		for _, want := range []string{`<link rel="canonical" href="https://example.org/blog/`, `<meta property="og:url" content="https://example.org/blog/`,
			`<meta name="twitter:card" content="summary">`, `<meta property="og:title" content="`, `<meta name="description" content="`,
			`<link rel="alternate" type="application/atom+xml" title="Fixture Coaching" href="/blog/feed.xml">`} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "posts/toml-post/index.html"))
	for _, want := range []string{`"headline":"A TOML post"`, `"dateModified":"2026-02-03T00:00:00Z"`, `"author":{"@type":"Person","name":"Guest Writer"}`,
		`<meta property="og:type" content="article">`, `<meta property="og:description" content="Summary from front matter.">`,
		`https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fexample.org%2Fblog%2Fposts%2Ftoml-post%2F`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("toml-post lacks %s", want)
		}
	}
}

func TestSocialFooter(t *testing.T) {
	tests := []struct {
		link SocialLink
		icon string
	}{
		{SocialLink{Name: "LinkedIn", URL: "https://www.linkedin.com/in/x"}, "linkedin"},
		{SocialLink{Name: "Me", URL: "https://linkedin.com/in/x"}, "linkedin"},
		{SocialLink{Name: "Twitter", URL: "https://twitter.com/x"}, "x"},
		{SocialLink{Name: "Posts", URL: "https://x.com/x"}, "x"},
		{SocialLink{Name: "Facebook", URL: "https://fb.com/x"}, "facebook"},
		{SocialLink{Name: "Toots", URL: "https://hachyderm.io/@x"}, "mastodon"},
		{SocialLink{Name: "Videos", URL: "https://youtu.be/x"}, "youtube"},
		{SocialLink{Name: "Instagram", URL: "https://instagram.com/x"}, "instagram"},
		{SocialLink{Name: "Code", URL: "https://github.com/x"}, "github"},
		{SocialLink{Name: "Feed", URL: "https://e.org/feed.xml"}, "rss"},
		{SocialLink{Name: "Write", URL: "mailto:a@e.org"}, "email"},
		{SocialLink{Name: "Forum", URL: "https://forum.example.org/"}, ""},
		{SocialLink{Name: "Forum", URL: "https://forum.example.org/", Icon: "GitHub"}, "github"},
	}
	for _, tt := range tests {
		if got := config.IconFor(tt.link); got != tt.icon {
			t.Errorf("config.IconFor(%+v) = %q, want %q", tt.link, got, tt.icon)
		}
		if tt.icon != "" && !strings.Contains(string(config.IconSVG(tt.icon)), `aria-hidden="true"`) {
			t.Errorf("icon %s is not hidden from screen readers", tt.icon)
		}
	}
	src := "title = \"T\"\nbase_url = \"https://e.org/\"\n[[social]]\nname = \"Myspace\"\nurl = \"https://myspace.com/x\"\nicon = \"myspace\"\n"
	cfg, err := ParseConfig(strings.NewReader(src), "site.toml")
	if err == nil {
		err = cfg.Validate("site.toml", src)
	}
	if err == nil || !strings.Contains(err.Error(), `site.toml:6: social entry 1 ("Myspace"): unknown icon "myspace"; known icons are email, facebook`) {
		t.Errorf("err = %v", err)
	}
}
