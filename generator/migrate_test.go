package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const migrateConfig = "title = \"T\"\nbase_url = \"https://e.org/\"\n"

// buildFiles writes a site from a map of its files and builds it.
func buildFiles(t *testing.T, files map[string]string, mutate func(*Options)) (string, *Result, error) {
	t.Helper()
	src := t.TempDir()
	for name, text := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buildSite(t, src, mutate)
}

func post(title, date, extra string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\nBody of " + title + ".\n"
}

func mustRead(t *testing.T, out, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("%s was not built: %v", rel, err)
	}
	return string(data)
}

func wantError(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("the build succeeded, want an error with %q", wants)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error\n%v\ndoes not contain %q", err, w)
		}
	}
}

// TestTermIdentity: C, C# and C++ get pages of their own; spellings of one
// term share one; two different words on one URL are an error naming both
// spellings and files.
func TestTermIdentity(t *testing.T) {
	out, _, err := buildFiles(t, map[string]string{
		"site.toml":            migrateConfig,
		"content/posts/a.md":   post("A", "2024-01-01", "tags: [C, C#, C++, F#, .NET]\n"),
		"content/posts/b.md":   post("B", "2024-01-02", "tags: [c, Go, café]\n"),
		"content/posts/c.md":   post("C", "2024-01-03", "tags: [go, \"cafe\u0301\", GO]\n"),
		"content/stories/s.md": post("S", "2024-01-04", "tags: [Top Performers, top-performers]\n"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for slug, count := range map[string]string{"c": "2 articles", "c-sharp": "1 article", "c-plus-plus": "1 article",
		"f-sharp": "1 article", "dotnet": "1 article", "go": "2 articles", "café": "2 articles", "top-performers": "1 story"} {
		page := mustRead(t, out, "tags/"+slug+"/index.html")
		if !strings.Contains(page, count) {
			t.Errorf("tags/%s: want %q", slug, count)
		}
	}
	_, _, err = buildFiles(t, map[string]string{
		"site.toml":          migrateConfig,
		"content/posts/a.md": post("A", "2024-01-01", "tags: [C#]\n"),
		"content/posts/b.md": post("B", "2024-01-02", "tags: [C sharp]\n"),
	}, nil)
	wantError(t, err, `content/posts/a.md:4: tags: "C#" and "C sharp" (in content/posts/b.md) would share the page /tags/c-sharp/; they are different words`)
}

// TestAliasesRedirect: each old path gets a redirect page and a line of
// _redirects; a bad or taken path is an error naming the file and line.
func TestAliasesRedirect(t *testing.T) {
	out, _, err := buildFiles(t, map[string]string{
		"site.toml":          migrateConfig + "[permalinks]\nposts = \"/:year/:slug/\"\n",
		"content/posts/a.md": post("A & B", "2024-01-01", "aliases: [/old/a/, /2019/01/a.html]\nredirect_from: /legacy/a\n"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	redirect := mustRead(t, out, "old/a/index.html")
	for _, want := range []string{`<meta http-equiv="refresh" content="0; url=/2024/a/">`, `<link rel="canonical" href="https://e.org/2024/a/">`,
		`<meta name="robots" content="noindex">`, `<a href="/2024/a/">A &amp; B</a>`} {
		if !strings.Contains(redirect, want) {
			t.Errorf("redirect page lacks %q:\n%s", want, redirect)
		}
	}
	mustRead(t, out, "2019/01/a.html")
	mustRead(t, out, "legacy/a/index.html")
	if got, want := mustRead(t, out, "_redirects"), "/2019/01/a.html /2024/a/ 301\n/legacy/a/ /2024/a/ 301\n/old/a/ /2024/a/ 301\n"; got != want {
		t.Errorf("_redirects =\n%s\nwant\n%s", got, want)
	}
	if sitemap := mustRead(t, out, "sitemap.xml"); strings.Contains(sitemap, "/old/a/") || !strings.Contains(sitemap, "https://e.org/2024/a/") {
		t.Errorf("the sitemap lists old URLs or not the new one:\n%s", sitemap)
	}

	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"escape", map[string]string{"content/posts/a.md": post("A", "2024-01-01", "aliases: [/../../etc/x]\n")}, []string{"content/posts/a.md:4: aliases: \"/../../etc/x\""}},
		{"feed", map[string]string{"content/posts/a.md": post("A", "2024-01-01", "aliases: [/feed.xml]\n")}, []string{"content/posts/a.md:4: aliases: \"/feed.xml\""}},
		{"a page's URL", map[string]string{"content/posts/a.md": post("A", "2024-01-01", ""), "content/posts/b.md": post("B", "2024-01-01", "aliases: [/posts/a/]\n")},
			[]string{`content/posts/b.md:4: aliases: "/posts/a/" is the URL of content/posts/a.md`}},
		{"two pages", map[string]string{"content/posts/a.md": post("A", "2024-01-01", "aliases: [/old/]\n"), "content/posts/b.md": post("B", "2024-01-01", "\nredirect_from: [/old]\n")},
			[]string{`content/posts/b.md:5: aliases: "/old" is already an alias of content/posts/a.md`}},
		{"a list", map[string]string{"content/posts/a.md": post("A", "2024-01-01", "aliases: [/tags/x/]\n")}, []string{`"/tags/x/" is where the site's tags pages is`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["site.toml"] = migrateConfig
			_, _, err := buildFiles(t, tt.files, nil)
			wantError(t, err, tt.want...)
		})
	}
}

// TestCategoriesAndStandalonePages: a second taxonomy has its pages,
// feeds and index; a standalone page is in the sitemap and the menu, not
// in lists or feeds.
func TestCategoriesAndStandalonePages(t *testing.T) {
	out, res, err := buildFiles(t, map[string]string{
		"site.toml":          migrateConfig + "[[menu]]\nname = \"About us\"\nurl = \"/about/\"\n[[menu]]\nname = \"Shop\"\nurl = \"https://shop.example.org/\"\n",
		"content/posts/a.md": post("A", "2024-01-01", "categories: [Field Coaching]\n"),
		"content/posts/b.md": post("B", "2024-01-02", "category: field coaching\ntags: [x]\n"),
		"content/about.md":   "---\ntitle: About\ntags: [x]\n---\nWho we are.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 3 {
		t.Errorf("%d pages, want 3", res.Pages)
	}
	list := mustRead(t, out, "categories/field-coaching/index.html")
	if !strings.Contains(list, "Category “Field Coaching”") || !strings.Contains(list, "2 articles.") {
		t.Errorf("category page:\n%s", list)
	}
	if feed := mustRead(t, out, "categories/field-coaching/feed.xml"); strings.Count(feed, "<entry>") != 2 {
		t.Errorf("category feed:\n%s", feed)
	}
	if index := mustRead(t, out, "categories/index.html"); !strings.Contains(index, `<a href="/categories/field-coaching/">Field Coaching</a>`) {
		t.Errorf("categories index:\n%s", index)
	}
	single := mustRead(t, out, "posts/a/index.html")
	if !strings.Contains(single, `Categories: <a href="/categories/field-coaching/">Field Coaching</a>`) {
		t.Errorf("the post does not link its category")
	}
	about := mustRead(t, out, "about/index.html")
	if !strings.Contains(about, "Who we are.") || !strings.Contains(about, `<a href="/about/" aria-current="page">About us</a>`) ||
		!strings.Contains(about, `<a href="https://shop.example.org/">Shop</a>`) || strings.Contains(about, ">Articles<") {
		t.Errorf("about page or its menu:\n%s", about)
	}
	for _, rel := range []string{"index.html", "feed.xml", "tags/x/index.html", "tags/x/feed.xml"} {
		if strings.Contains(mustRead(t, out, rel), "Who we are") || strings.Contains(mustRead(t, out, rel), "/about/\">About<") {
			t.Errorf("%s shows the standalone page", rel)
		}
	}
	if !strings.Contains(mustRead(t, out, "sitemap.xml"), "<loc>https://e.org/about/</loc>") {
		t.Errorf("the sitemap lacks the about page")
	}
}

// TestPermalinksEverywhere: every link to a post follows its pattern.
func TestPermalinksEverywhere(t *testing.T) {
	out, _, err := buildFiles(t, map[string]string{
		"site.toml":          migrateConfig + "[permalinks]\nposts = \"/:year/:month/:slug/\"\n",
		"content/posts/a.md": post("A", "2021-05-03", "tags: [x]\n"),
		"content/posts/b.md": post("B", "2021-06-04", "tags: [x]\n"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustRead(t, out, "2021/05/a/index.html")
	for rel, want := range map[string]string{
		"index.html":           `href="/2021/05/a/"`,
		"posts/index.html":     `href="/2021/05/a/"`,
		"tags/x/index.html":    `href="/2021/06/b/"`,
		"feed.xml":             `href="https://e.org/2021/05/a/"`,
		"sitemap.xml":          `<loc>https://e.org/2021/06/b/</loc>`,
		"2021/06/b/index.html": `href="/2021/05/a/"`, // related and previous
	} {
		if !strings.Contains(mustRead(t, out, rel), want) {
			t.Errorf("%s lacks %s", rel, want)
		}
	}
}

// TestResourcesArePublished: files beside a post are no longer an error:
// a bundle's go beside its page, other files keep their place.
func TestResourcesArePublished(t *testing.T) {
	out, _, err := buildFiles(t, map[string]string{
		"site.toml":                  migrateConfig + "[permalinks]\nposts = \"/:year/:slug/\"\n",
		"content/posts/b/index.md":   post("B", "2022-01-01", "") + "\n![Chart](chart.svg)\n",
		"content/posts/b/chart.svg":  "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"content/posts/b/img/x.png":  "png",
		"content/posts/images/y.png": "png",
		"content/posts/d/index.md":   post("D", "2022-01-01", "draft: true\n"),
		"content/posts/d/secret.png": "png",
		"content/posts/notes.txt":    "notes",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"2022/b/chart.svg", "2022/b/img/x.png", "posts/images/y.png", "posts/notes.txt"} {
		mustRead(t, out, rel)
	}
	if _, err := os.Stat(filepath.Join(out, "2022/d/secret.png")); err == nil {
		t.Error("a draft's files were published")
	}
	if page := mustRead(t, out, "2022/b/index.html"); !strings.Contains(page, `<img src="/2022/b/chart.svg" alt="Chart">`) {
		t.Errorf("bundle image link:\n%s", page)
	}
}

// TestBuildSaysWhatItLeftOut and what it warns about.
func TestBuildSaysWhatItLeftOut(t *testing.T) {
	files := map[string]string{
		"site.toml":               migrateConfig,
		"content/posts/a.md":      post("A", "2024-01-01", "draft: true\n"),
		"content/posts/b.md":      post("B", "2024-01-01", "published: false\n"),
		"content/posts/c.md":      post("C", "2099-01-01", ""),
		"content/posts/d.md":      post("D", "2024-01-01", "tittle: x\n") + "\n<p onclick=\"x()\">hi</p>\n",
		"content/posts/_index.md": "+++\ntitle = \"Blog\"\n+++\n",
	}
	_, res, err := buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2 drafts and 1 future-dated page not built; --drafts and --future build them"; res.LeftOut != want {
		t.Errorf("left out: %q, want %q", res.LeftOut, want)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, strings.TrimPrefix(w.Error(), filepath.ToSlash(filepath.Dir(filepath.Dir(w.(*FileError).Path)))))
	}
	joined := errors.Join(res.Warnings...).Error()
	for _, want := range []string{
		"content/posts/_index.md: a section's index file (Hugo, Zola) is not built",
		`content/posts/d.md:4: unknown field "tittle" kept in params; did you mean "title"?`,
		"content/posts/d.md:6: raw HTML: removed onclick attribute on <p>",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	if len(res.Warnings) != 3 {
		t.Errorf("%d warnings, want 3: %v", len(res.Warnings), got)
	}
	files["site.toml"] = migrateConfig + "strict_front_matter = true\n"
	delete(files, "content/posts/d.md")
	files["content/posts/e.md"] = post("E", "2024-01-01", "") + "\n<script>x()</script>\n"
	_, _, err = buildFiles(t, files, nil)
	wantError(t, err, "content/posts/e.md:5: raw HTML: removed <script>", "strict_front_matter is on")
}

// TestRawHTMLPolicies: sanitized by default, kept with unsafe_html, always
// escaped in readers' stories.
func TestRawHTMLPolicies(t *testing.T) {
	body := "\n<figure><img src=\"/a.jpg\" alt=\"A\"><figcaption>Cap</figcaption></figure>\n\n<script>alert(1)</script>\n"
	files := map[string]string{
		"site.toml":            migrateConfig,
		"content/posts/a.md":   post("A", "2024-01-01", "") + body,
		"content/stories/s.md": post("S", "2024-01-01", "submission: abc123\n") + body,
	}
	out, _, err := buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := mustRead(t, out, "posts/a/index.html")
	if !strings.Contains(page, `<figure><img src="/a.jpg" alt="A"><figcaption>Cap</figcaption></figure>`) || strings.Contains(page, "alert(1)") {
		t.Errorf("sanitized page:\n%s", page)
	}
	story := mustRead(t, out, "stories/s/index.html")
	if strings.Contains(story, "<figure>") || !strings.Contains(story, "&lt;figure&gt;") {
		t.Errorf("a reader's story keeps raw HTML:\n%s", story)
	}
	files["site.toml"] = migrateConfig + "unsafe_html = true\n"
	out, _, err = buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if page := mustRead(t, out, "posts/a/index.html"); !strings.Contains(page, "<script>alert(1)</script>") {
		t.Errorf("unsafe_html does not keep raw HTML")
	}
	if story := mustRead(t, out, "stories/s/index.html"); strings.Contains(story, "<script>alert(1)") {
		t.Errorf("unsafe_html lets a reader's script through")
	}
}

// TestMigratedPagesSurviveTheCache: a second, incremental build reads the
// new fields from the cache and gives the same site and warnings.
func TestMigratedPagesSurviveTheCache(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("testdata/realblogs")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	opts := Options{Source: src, Output: out, Theme: defaultTheme(), Now: fixedNow}
	first, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	second, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Incremental || second.Files > 0 {
		t.Errorf("second build: incremental %v, %d files written, want none", second.Incremental, second.Files)
	}
	if errors.Join(first.Warnings...).Error() != errors.Join(second.Warnings...).Error() || first.LeftOut != second.LeftOut {
		t.Errorf("warnings differ:\n%v\n%v", first.Warnings, second.Warnings)
	}
	after := readTree(t, out)
	for name, data := range before {
		if string(after[name]) != string(data) {
			t.Errorf("%s changed", name)
		}
	}
}
