package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// fixedNow is the build time of tests: after every fixture post but one.
var fixedNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// defaultTheme is the repository's own layouts/ and static/, which the
// binary embeds.
func defaultTheme() fs.FS { return theme() }

// theme is what main.go embeds of the repository: the sample blog's own
// static files (its photos) are not the theme's.
var theme = sync.OnceValue(func() fs.FS {
	files := fstest.MapFS{}
	root := os.DirFS("..")
	for _, dir := range []string{"layouts", "static/css", "static/favicon.svg", "archetypes"} {
		_ = fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				data, _ := fs.ReadFile(root, p)
				files[p] = &fstest.MapFile{Data: data}
			}
			return err
		})
	}
	return &files // a pointer: the build compares file systems
})

// buildSite builds a copy of src into a fresh folder and returns that
// folder. The copy keeps the build's cache out of the source tree.
func buildSite(t *testing.T, src string, mutate func(*Options)) (string, *Result, error) {
	t.Helper()
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := os.CopyFS(site, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	opts := Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow}
	if mutate != nil {
		mutate(&opts)
	}
	res, err := Build(opts)
	return opts.Output, res, err
}

// readTree returns every file below dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGoldenSite builds the fixture site whole and compares every page
// with testdata/golden. Run "go test ./generator -run Golden -update" to
// accept a deliberate change, then review the diff.
func TestGoldenSite(t *testing.T) {
	out, res, err := buildSite(t, "testdata/site", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	compareGolden(t, got, "testdata/golden")
	if res.Pages != 6 {
		t.Errorf("published %d pages, want 6 (no draft, no future post)", res.Pages)
	}
	if res.Files != int64(len(got)) {
		t.Errorf("result counts %d files, %d were written", res.Files, len(got))
	}
}

// compareGolden compares a built site with a golden folder, which -update
// rewrites; the theme's own static files are compared with the theme.
func compareGolden(t *testing.T, got map[string][]byte, golden string) {
	t.Helper()
	if *update {
		os.RemoveAll(golden)
		for name, data := range got {
			if builtInFile(name, data) {
				continue // the theme's own files; compared below
			}
			p := filepath.Join(golden, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := readTree(t, golden)
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from the golden file:\n%s", name, firstDiff(string(data), string(got[name])))
		}
	}
	for name, data := range got {
		if _, ok := want[name]; ok {
			continue
		}
		if !builtInFile(name, data) {
			t.Errorf("%s was built but is neither golden nor a theme static file", name)
		}
	}
}

// builtInFile says whether a built file is the theme's own static file or
// the content blocks' stylesheet, as they are: golden folders hold neither.
func builtInFile(name string, data []byte) bool {
	if name == "css/blocks.css" {
		return string(data) == markdown.BlocksCSS
	}
	theme, err := fs.ReadFile(defaultTheme(), "static/"+name)
	return err == nil && bytes.Equal(theme, data)
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, w, g)
		}
	}
	return "(same lines; a difference in line endings?)"
}

func TestBuildPublishesDraftsAndFutureOnRequest(t *testing.T) {
	out, res, err := buildSite(t, "testdata/site", func(o *Options) { o.Drafts, o.Future = true, true })
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 8 {
		t.Errorf("pages = %d, want 8", res.Pages)
	}
	for _, p := range []string{"posts/draft/index.html", "posts/future/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

func TestBaseURLFlagOverridesConfig(t *testing.T) {
	out, _, err := buildSite(t, "testdata/site", func(o *Options) { o.BaseURL = "https://coach.example.com/" })
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "posts/toml-post/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`<link rel="canonical" href="https://coach.example.com/posts/toml-post/">`)) ||
		!bytes.Contains(page, []byte(`href="/css/main.css"`)) {
		t.Errorf("page does not use the flag's base URL:\n%s", page)
	}
}

// copySite copies the fixture site into a temporary folder to change it.
func copySite(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dst, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// treeHash fingerprints every file, name, mode and modification time below
// dir, to prove a failed build left it byte for byte as it was.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
		return nil
	})
	sort.Strings(names)
	for _, p := range names {
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %v %d %d\n", p, info.Mode(), info.Size(), info.ModTime().UnixNano())
		if info.Mode().IsRegular() {
			data, _ := os.ReadFile(p)
			h.Write(data)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestBadInputLeavesPublicUntouched breaks a good site in each way an
// author can, and checks that the build names the file and line and that
// the previous public/ is exactly as it was, with no staging folder left.
func TestBadInputLeavesPublicUntouched(t *testing.T) {
	tests := []struct {
		name  string
		file  string // relative to the site; "" means none
		text  string
		place string // expected "path:line:" prefix of one error
		want  string
	}{
		{"missing front matter", "content/posts/bad.md", "# No front matter\n", "content/posts/bad.md:1:", "none found"},
		{"unclosed front matter", "content/posts/bad.md", "\n---\ntitle: X\ndate: 2026-01-01\nBody\n", "content/posts/bad.md:2:", "never closed"},
		{"malformed yaml", "content/posts/bad.md", "---\ntitle: X\ndate: 2026-01-01\ntags: [a\n---\n", "content/posts/bad.md:4:", "YAML"},
		{"malformed toml", "content/posts/bad.md", "+++\ntitle = \"X\"\ndate = 2026-01-01\nauthor = \n+++\n", "content/posts/bad.md:4:", "TOML"},
		{"malformed json", "content/posts/bad.md", "{\n\"title\": \"X\",\n\"date\": 2026-01-01\n}\n\n", "content/posts/bad.md:3:", "JSON"},
		{"missing title", "content/stories/bad.md", "---\ndate: 2026-01-01\n---\n", "content/stories/bad.md:1:", "title: missing"},
		{"bad date", "content/posts/bad.md", "---\ntitle: X\ndate: next tuesday\n---\n", "content/posts/bad.md:3:", `cannot parse "next tuesday"`},
		{"tags wrong type", "content/posts/bad.md", "---\ntitle: X\ndate: 2026-01-01\ntags: {a: 1}\n---\n", "content/posts/bad.md:4:", "tags: want a list"},
		{"duplicate URL", "content/posts/z-copy.md", "---\ntitle: X\ndate: 2026-01-01\nslug: yaml-post\n---\n", "content/posts/z-copy.md:4:", "URL /posts/yaml-post/ is already the URL of content/posts/yaml-post.md"},
		{"not UTF-8", "content/posts/bad.md", "---\ntitle: X\ndate: 2026-01-01\n---\n\xc3\x28\n", "content/posts/bad.md:5:", "not UTF-8"},
		{"alias over a page", "content/posts/bad.md", "---\ntitle: X\ndate: 2026-01-01\naliases: [/posts/bad/, /tags/]\n---\n", "content/posts/bad.md:4:", `"/tags/" is`},
		{"broken layout", "layouts/single.html", "{{define \"main\"}}\n{{.Page.Nope}}\n{{end}}\n", "layouts/single.html:2:", "Nope"},
		{"unknown config key", "site.toml", "title = \"T\"\nbase_url = \"https://e.org/\"\ntitel = \"x\"\n", "site.toml:3:", `did you mean "title"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := copySite(t)
			out := filepath.Join(site, "public")
			if _, err := Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow}); err != nil {
				t.Fatalf("the good site does not build: %v", err)
			}
			before := treeHash(t, out)
			writeFile(t, filepath.Join(site, tt.file), tt.text)
			_, err := Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			prefix := filepath.ToSlash(site) + "/" + tt.place
			found := false
			for _, line := range strings.Split(err.Error(), "\n") {
				if strings.HasPrefix(line, prefix) && strings.Contains(line, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error line starts with %q and contains %q:\n%v", prefix, tt.want, err)
			}
			if after := treeHash(t, out); after != before {
				t.Error("the failed build changed public/")
			}
			entries, _ := os.ReadDir(site)
			for _, e := range entries {
				if strings.Contains(e.Name(), "staging") {
					t.Errorf("a staging folder was left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestErrorsOfManyFilesAreReportedTogether(t *testing.T) {
	site := copySite(t)
	writeFile(t, filepath.Join(site, "content/posts/a-bad.md"), "no front matter")
	writeFile(t, filepath.Join(site, "content/posts/b-bad.md"), "---\ntitle: B\ndate: never\n---\n")
	writeFile(t, filepath.Join(site, "content/stories/c-bad.md"), "---\ndate: 2026-01-01\n---\n")
	_, _, err := buildSite(t, site, nil)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("want 3 errors in one list, got %v", err)
	}
	for i, want := range []string{"a-bad.md:1:", "b-bad.md:3:", "c-bad.md:1:"} {
		if !strings.Contains(list[i].Error(), want) {
			t.Errorf("error %d = %q, want it to name %s (sorted by file)", i, list[i], want)
		}
	}
}

func TestBuildReplacesPreviousOutputWhole(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	writeFile(t, filepath.Join(out, "stale.html"), "old")
	if _, err := Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a file of the previous build survived; output should be the new site exactly")
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
	// Beside it is only the standby folder the next build is made in.
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") && e.Name() != ".public.standby" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A killed build leaves its staging folder, a partial site, beside the
// output. The next build that publishes removes it once it is old enough
// not to be a running build's, whether that build swaps a new folder in
// or updates the output in place; other outputs' folders stay.
func TestBuildRemovesStagingOfKilledBuilds(t *testing.T) {
	for _, clean := range []bool{true, false} {
		t.Run(fmt.Sprintf("clean=%v", clean), func(t *testing.T) {
			site := copySite(t)
			out := filepath.Join(site, "public")
			build(t, site, out, nil)
			folder := func(name string, age time.Duration) string {
				dir := filepath.Join(site, name)
				writeFile(t, filepath.Join(dir, "posts", "x", "index.html"), "partial")
				stamp := time.Now().Add(-age)
				if err := os.Chtimes(dir, stamp, stamp); err != nil {
					t.Fatal(err)
				}
				return dir
			}
			killed := folder(".public.staging-111", 2*time.Hour)
			killedAside := folder(".public.staging-222.old", 3*time.Hour)
			running := folder(".public.staging-333", time.Minute)
			otherOutput := folder(".preview.staging-444", 2*time.Hour)
			res := build(t, site, out, func(o *Options) { o.Clean = clean })
			if res.Incremental == clean {
				t.Fatalf("incremental %v, want %v", res.Incremental, !clean)
			}
			for _, dir := range []string{killed, killedAside} {
				if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s is left behind (%v)", filepath.Base(dir), err)
				}
			}
			for _, dir := range []string{running, otherOutput} {
				if _, err := os.Stat(filepath.Join(dir, "posts", "x", "index.html")); err != nil {
					t.Errorf("%s was removed: %v", filepath.Base(dir), err)
				}
			}
		})
	}
}

func TestOutputMayNotReplaceSources(t *testing.T) {
	site := copySite(t)
	for _, out := range []string{site, filepath.Dir(site), filepath.Join(site, "content"), filepath.Join(site, "static", "x")} {
		_, err := Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow})
		if err == nil || !strings.Contains(err.Error(), "output folder") {
			t.Errorf("output %s: err = %v, want a refusal", out, err)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "site.toml")); err != nil {
		t.Fatal("the site was damaged:", err)
	}
}

func TestMissingConfig(t *testing.T) {
	_, _, err := buildSite(t, t.TempDir(), nil)
	if err == nil || !strings.Contains(err.Error(), "site.toml: not found") {
		t.Errorf("err = %v", err)
	}
}

func TestSiteWithOnlyConfigBuilds(t *testing.T) {
	site := t.TempDir()
	writeFile(t, filepath.Join(site, "site.toml"), "title = \"Empty\"\nbase_url = \"https://e.org/\"\n")
	out, res, err := buildSite(t, site, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 0 {
		t.Errorf("pages = %d", res.Pages)
	}
	for _, p := range []string{"index.html", "posts/index.html", "stories/index.html", "404.html", "css/main.css"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

// TestSubmittedStoriesRenderSafe: a story from a reader is never trusted,
// even on a site that trusts its authors' raw HTML.
func TestSubmittedStoriesRenderSafe(t *testing.T) {
	site := copySite(t)
	cfg, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	writeFile(t, filepath.Join(site, "site.toml"), strings.Replace(string(cfg), "per_page = 2", "per_page = 2\nunsafe_html = true", 1))
	body := "Hello <script>alert(1)</script> <b>bold</b> [click](javascript:alert(2)) <javascript:alert(3)>\n"
	writeFile(t, filepath.Join(site, "content/stories/reader.md"), "---\ntitle: From a reader\ndate: 2026-05-01\nname: R.\nsubmission: 20261127T093000Z-3f9a1c2b\n---\n"+body)
	writeFile(t, filepath.Join(site, "content/posts/author.md"), "---\ntitle: From the author\ndate: 2026-05-01\n---\n"+body)
	out, _, err := buildSite(t, site, nil)
	if err != nil {
		t.Fatal(err)
	}
	reader, _ := os.ReadFile(filepath.Join(out, "stories/reader/index.html"))
	for _, bad := range []string{"<script>alert(1)", "<b>bold</b>", `href="javascript:`} {
		if strings.Contains(string(reader), bad) {
			t.Errorf("the submitted story kept %q", bad)
		}
	}
	if !strings.Contains(string(reader), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the submitted story's HTML is not shown escaped")
	}
	feed, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	entry := string(feed[bytes.Index(feed, []byte("<title>From a reader</title>")):])
	entry = entry[:strings.Index(entry, "</entry>")]
	if strings.Contains(entry, "&lt;script&gt;alert(1)") || strings.Contains(entry, "href=&#34;javascript") {
		t.Errorf("the feed carries the submitted story's raw HTML:\n%s", entry)
	}
	author, _ := os.ReadFile(filepath.Join(out, "posts/author/index.html"))
	if !strings.Contains(string(author), "<b>bold</b>") {
		t.Error("unsafe_html = true should keep the author's own raw HTML")
	}
}

func TestBuildTellsHowManyFilesItScanned(t *testing.T) {
	var scanned []int
	_, res, err := buildSite(t, "testdata/site", func(o *Options) {
		o.Drafts, o.Future = true, true
		o.Scanned = func(files int) { scanned = append(scanned, files) }
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(scanned) != 1 || scanned[0] != res.Pages {
		t.Errorf("Scanned called with %v, want once with the %d pages", scanned, res.Pages)
	}
}

// The home page shows the newest page's card.
func TestHomeShowsTheNewestCard(t *testing.T) {
	site := t.TempDir()
	if err := sitegen.Write(site, sitegen.Options{Pages: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	out := publish.NewMemory(nil)
	b, err := newBuilder(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: out})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.run(""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.Files()["index.html"].Data), string(b.assembled.Pages[0].Card)) {
		t.Error("the home page does not show the newest page's card")
	}
}

// memoryFiles is a site built to memory, by path.
func memoryFiles(m *publish.Memory) map[string][]byte {
	files := map[string][]byte{}
	for rel, f := range m.Files() {
		files[rel] = f.Data
	}
	return files
}
