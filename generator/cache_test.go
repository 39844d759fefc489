package generator

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/source"
)

func build(t *testing.T, site, out string, mutate func(*Options)) *Result {
	t.Helper()
	opts := Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow}
	if mutate != nil {
		mutate(&opts)
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// sameTree compares two built sites, the build id aside.
func sameTree(t *testing.T, gotDir, wantDir string) {
	t.Helper()
	got, want := readTree(t, gotDir), readTree(t, wantDir)
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from a clean build:\n%s", name, firstDiff(string(data), string(got[name])))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is left over: a clean build does not make it", name)
		}
	}
}

func TestUnchangedRebuildWritesNothing(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	first := build(t, site, out, nil)
	if first.Incremental {
		t.Error("the first build cannot be incremental")
	}
	second := build(t, site, out, nil)
	if !second.Incremental || second.Files != 0 || second.Pages != first.Pages {
		t.Errorf("second build: %+v, want incremental with nothing written", second)
	}
	clean := build(t, site, out, func(o *Options) { o.Clean = true })
	if clean.Incremental || clean.Files != first.Files {
		t.Errorf("--clean: %+v, want a whole build", clean)
	}
}

// A build without a cache (the first, or --clean) still records each
// source's size and time, so that the next build re-reads only what
// changed instead of every file.
func TestCleanBuildRecordsSourceStamps(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	build(t, site, out, func(o *Options) { o.Clean = true })
	abs, _ := filepath.Abs(out)
	data, err := os.ReadFile(cacheFile(site, abs))
	if err != nil {
		t.Fatal(err)
	}
	c, err := decodeCache(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Pages) == 0 {
		t.Fatal("no pages in the cache")
	}
	for path, rec := range c.Pages {
		info, err := os.Stat(filepath.Join(site, path))
		if err != nil {
			t.Fatal(err)
		}
		if rec.Size != info.Size() || rec.ModTime != info.ModTime().UnixNano() {
			t.Errorf("%s: cache has size %d time %d, file has %d %d", path, rec.Size, rec.ModTime, info.Size(), info.ModTime().UnixNano())
		}
		if p := c.reuse(source.New(site), path); p == nil {
			t.Errorf("%s: the next build would read it again", path)
		}
	}
}

// TestIncrementalEqualsClean edits, adds, renames and removes content and
// static files, builds incrementally after each step, and checks each
// result byte for byte against a clean build.
func TestIncrementalEqualsClean(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	build(t, site, out, nil)
	steps := []struct {
		name   string
		change func()
	}{
		{"edit a body", func() {
			appendTo(t, filepath.Join(site, "content/posts/yaml-post.md"), "\nA new closing line.\n")
		}},
		{"retitle a post (neighbours, lists, related, feeds change)", func() {
			replaceIn(t, filepath.Join(site, "content/posts/toml-post.md"), `title = "A TOML post"`, `title = "A renamed TOML post"`)
		}},
		{"add a post with a new tag", func() {
			writeFile(t, filepath.Join(site, "content/posts/new-one.md"), "---\ntitle: Brand new\ndate: 2026-10-01\ntags: [Fresh, coaching]\n---\nNew text.\n")
		}},
		{"rename a post", func() {
			os.Rename(filepath.Join(site, "content/posts/new-one.md"), filepath.Join(site, "content/posts/renamed-one.md"))
		}},
		{"delete a post and its only tag", func() {
			os.Remove(filepath.Join(site, "content/posts/2026/nested-führung.md"))
		}},
		{"touch without change", func() {
			p := filepath.Join(site, "content/stories/a-story.md")
			os.Chtimes(p, time.Now(), time.Now())
		}},
		{"add and change static files", func() {
			writeFile(t, filepath.Join(site, "static/img/new.txt"), "new")
			writeFile(t, filepath.Join(site, "static/img/pixel.txt"), "changed")
		}},
		{"remove a static file", func() {
			os.Remove(filepath.Join(site, "static/img/new.txt"))
		}},
		{"override a layout", func() {
			data, _ := os.ReadFile("../layouts/single.html")
			writeFile(t, filepath.Join(site, "layouts/single.html"), strings.Replace(string(data), "</article>", "<p>minutes to read</p></article>", 1))
		}},
		{"override the card partial", func() {
			data, _ := os.ReadFile("../layouts/partials/summary.html")
			writeFile(t, filepath.Join(site, "layouts/partials/summary.html"), strings.Replace(string(data), "</article>", "<p>min</p></article>", 1))
		}},
		{"publish a draft", func() {
			replaceIn(t, filepath.Join(site, "content/posts/draft.md"), "draft: true", "draft: false")
		}},
	}
	for _, step := range steps {
		step.change()
		res := build(t, site, out, nil)
		if !res.Incremental {
			t.Errorf("%s: the build was not incremental", step.name)
		}
		cleanOut := filepath.Join(t.TempDir(), "public")
		build(t, site, cleanOut, func(o *Options) { o.Clean = true })
		sameTree(t, out, cleanOut)
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
}

func TestConfigChangeRebuildsAll(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	build(t, site, out, nil)
	replaceIn(t, filepath.Join(site, "site.toml"), `title = "Fixture Coaching"`, `title = "Renamed Site"`)
	res := build(t, site, out, nil)
	if res.Incremental {
		t.Error("a config change must rebuild everything")
	}
	page, _ := os.ReadFile(filepath.Join(out, "posts/yaml-post/index.html"))
	if !strings.Contains(string(page), "Renamed Site") {
		t.Error("the new title is not on the pages")
	}
}

func TestOutputChangedBehindTheCacheRebuildsAll(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	first := build(t, site, out, nil)
	os.RemoveAll(out)
	res := build(t, site, out, nil)
	if res.Carried != 0 || res.Files != first.Files {
		t.Errorf("a deleted output folder must be rebuilt whole: %d of %d files written, %d carried", res.Files, first.Files, res.Carried)
	}
	if _, err := os.Stat(filepath.Join(out, "posts/yaml-post/index.html")); err != nil {
		t.Error(err)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(data)+text)
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	writeFile(t, path, strings.Replace(string(data), old, new, 1))
}

func TestCacheCodecRoundTrip(t *testing.T) {
	c := newBuildCache("inputs", "/out")
	date := time.Date(2026, 3, 1, 10, 0, 0, 5, time.FixedZone("", 3600))
	c.Pages["content/posts/a.md"] = &pageRecord{
		Size: 10, ModTime: 20, Hash: [32]byte{1, 2, 3},
		Meta: content.Meta{SourcePath: "content/posts/a.md", Title: "Führung",
			Date: date, Lastmod: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Tags: []string{"a", "b"}, Draft: true,
			Params: map[string]any{"n": 3, "list": []any{"x", 1.5}}, BodyOffset: 7, BodyLine: 3, SlugLine: 2},
		Rendered: true, SummaryHTML: "<p>s</p>", WordCount: 42,
		Card: "<article>…</article>", FeedContent: "<p>full</p>", HasFeed: true,
	}
	c.Pages["content/posts/b.md"] = &pageRecord{Meta: content.Meta{SourcePath: "content/posts/b.md"}}
	card := "<article><h2>C</h2><p>the summary</p></article>"
	c.Pages["content/posts/c.md"] = &pageRecord{Meta: content.Meta{SourcePath: "content/posts/c.md"}, Rendered: true, Card: card, SummaryHTML: card[19:37]}
	c.Outputs.Live = publish.Manifest{"posts/a/index.html": {Key: outputKey{9}, Stamp: publish.Stamp{Size: 5, ModTime: 6}}, "feed.xml": {}}
	var buf bytes.Buffer
	if err := c.encode(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	got, err := decodeCache(data)
	if err != nil {
		t.Fatal(err)
	}
	a := got.Pages["content/posts/a.md"]
	if a.Title != "Führung" || !a.Date.Equal(date) || a.Date.Format(time.RFC3339Nano) != date.Format(time.RFC3339Nano) ||
		!a.Lastmod.Equal(c.Pages["content/posts/a.md"].Lastmod) || strings.Join(a.Tags, ",") != "a,b" || !a.Draft ||
		a.Params["n"] != 3 || a.WordCount != 42 || a.Card != "<article>…</article>" || !a.HasFeed || a.Hash != [32]byte{1, 2, 3} ||
		a.BodyOffset != 7 || a.BodyLine != 3 || a.SlugLine != 2 || a.Size != 10 || a.ModTime != 20 {
		t.Errorf("page = %+v", a)
	}
	if b := got.Pages["content/posts/b.md"]; b == nil || !b.Date.IsZero() || b.Tags != nil || b.Params != nil {
		t.Errorf("empty page = %+v", b)
	}
	// A summary sliced from the card is saved as its place in the card,
	// and read back as a slice of it again.
	if cp := got.Pages["content/posts/c.md"]; cp == nil || cp.SummaryHTML != "<p>the summary</p>" || cp.Card != card {
		t.Errorf("page with its summary in its card = %+v", cp)
	} else if at, ok := substringAt(cp.SummaryHTML, cp.Card); !ok || at != 19 {
		t.Errorf("summary read back at %d in the card (%v), want a slice at 19", at, ok)
	}
	if n := strings.Count(string(data), "<p>the summary</p>"); n != 1 {
		t.Errorf("the summary is in the cache %d times, want once (in the card)", n)
	}
	if !maps.Equal(got.Outputs.Live, c.Outputs.Live) {
		t.Errorf("manifest %v, want %v", got.Outputs.Live, c.Outputs.Live)
	}
	for cut := 0; cut < len(data); cut += 7 {
		if _, err := decodeCache(data[:cut]); err == nil {
			t.Fatalf("a cache cut at %d bytes decoded without error", cut)
		}
	}
}

// A damaged count (here two billion pages in a few bytes) is refused
// before anything is allocated for it: it once made the decoder size a
// map for all of them, gigabytes and a minute and a half.
func TestCacheWithImpossibleCountIsRefused(t *testing.T) {
	c := newBuildCache("inputs", "/out")
	var buf bytes.Buffer
	if err := c.encode(&buf); err != nil {
		t.Fatal(err)
	}
	head := buf.Bytes()[:bytes.Index(buf.Bytes(), []byte("/out"))+len("/out")]
	data := append(append([]byte(nil), head...), 0x80, 0x80, 0x80, 0x80, 0x08) // uvarint 2^31
	data = append(data, make([]byte, 200)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := decodeCache(data)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a cache claiming 2^31 pages in 200 bytes decoded")
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("decoding it allocated %d bytes", grew)
	}
}

// A build keeps its rendered pages, not copies of them, and makes their
// records when the cache is saved; a page rendered again replaces the
// record the cache held for its source.
func TestRenderedPagesAreSavedAsRecords(t *testing.T) {
	c := newBuildCache("inputs", "/out")
	const path = "content/posts/a.md"
	c.Pages[path] = &pageRecord{Meta: content.Meta{SourcePath: path, Title: "Before the edit"}}
	p := &Page{
		Meta:        content.Meta{SourcePath: path, Title: "After the edit", Tags: []string{"x"}, URL: "/posts/a/", BodyLine: 6},
		SummaryHTML: "<p>s</p>", WordCount: 5, Card: "<article>card</article>", FeedContent: "<p>feed</p>",
		SourceSize: 3, SourceModTime: 4, SourceHash: [32]byte{5},
		Rendered: true, HasFeed: true, CardHash: [32]byte{7},
	}
	c.setRendered([]*Page{p})
	if rec := c.record(path); rec == nil || rec.Title != "After the edit" || !rec.Rendered {
		t.Fatalf("record = %+v, want the rendered page's", rec)
	}
	var buf bytes.Buffer
	if err := c.encode(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := decodeCache(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) != 1 {
		t.Fatalf("saved %d records, want 1", len(got.Pages))
	}
	rec := got.Pages[path]
	if rec.Title != "After the edit" || !rec.Rendered || rec.CardHash != [32]byte{7} || rec.Card != "<article>card</article>" ||
		rec.SummaryHTML != "<p>s</p>" || rec.WordCount != 5 || !rec.HasFeed || rec.FeedContent != "<p>feed</p>" ||
		rec.Size != 3 || rec.ModTime != 4 || rec.Hash != [32]byte{5} || rec.BodyLine != 6 || rec.URL != "/posts/a/" ||
		strings.Join(rec.Tags, ",") != "x" {
		t.Errorf("saved record = %+v", rec)
	}
}

func TestDevSiteEditRendersOnlyWhatChanged(t *testing.T) {
	site := copySite(t)
	d := NewDevSite(Options{Source: site, Theme: defaultTheme(), Now: fixedNow})
	if _, err := d.Rebuild(); err != nil {
		t.Fatal(err)
	}
	replaceIn(t, filepath.Join(site, "content/posts/toml-post.md"), "Body of the TOML post.", "Body, edited.")
	res, err := d.Rebuild("content/posts/toml-post.md")
	if err != nil {
		t.Fatal(err)
	}
	if res.Full || !slices.Contains(res.Changed, "posts/toml-post/index.html") || !slices.Contains(res.Changed, "feed.xml") ||
		slices.Contains(res.Changed, "posts/yaml-post/index.html") {
		t.Errorf("body edit: %+v", res)
	}
	replaceIn(t, filepath.Join(site, "content/posts/toml-post.md"), `title = "A TOML post"`, `title = "Retitled"`)
	res, err = d.Rebuild("content/posts/toml-post.md")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Changed, "feed.xml") || !slices.Contains(res.Changed, "posts/toml-post/index.html") {
		t.Errorf("a new title shows on the lists: %+v", res)
	}
	out := filepath.Join(t.TempDir(), "public")
	build(t, site, out, nil)
	for rel, data := range d.Snapshot().Files() {
		disk, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil || !bytes.Equal(disk, data) {
			t.Errorf("%s differs from a clean build", rel)
		}
	}
}

// Building into many output folders keeps the caches of the few newest
// that still exist, not one per folder ever built.
func TestBuildPrunesCachesOfOtherOutputs(t *testing.T) {
	site := copySite(t)
	outs := t.TempDir()
	var folders []string
	for i := range maxOtherCaches + 3 {
		out := filepath.Join(outs, fmt.Sprint("out", i))
		build(t, site, out, nil)
		folders = append(folders, out)
		// Order the caches by time without waiting between builds.
		stamp := fixedNow.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(cacheFile(site, out), stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	// The newest folder but one is gone: its cache goes too.
	gone := folders[len(folders)-2]
	if err := os.RemoveAll(gone); err != nil {
		t.Fatal(err)
	}
	last := filepath.Join(outs, "last")
	build(t, site, last, nil)

	want := []string{cacheFile(site, last)}
	for _, out := range folders[len(folders)-maxOtherCaches-1:] {
		if out != gone {
			want = append(want, cacheFile(site, out))
		}
	}
	got, err := filepath.Glob(filepath.Join(site, cacheDirName, cacheFilePrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("caches kept:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPruneCachesRemovesWhatNoBuildCanUse(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	now := time.Now()
	write := func(name string, data []byte, age time.Duration) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return path
	}
	encoded := func(output string) []byte {
		var buf bytes.Buffer
		if err := newBuildCache("inputs", output).encode(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	current := write(cacheFilePrefix+"current.gob", []byte("not even a cache: never touched"), 0)
	live := write(cacheFilePrefix+"live.gob", encoded(out), time.Minute)
	write(cacheFilePrefix+"gone.gob", encoded(filepath.Join(out, "removed")), time.Minute)
	write(cacheFilePrefix+"corrupt.gob", []byte("\x05junk"), time.Minute)
	write(cacheFilePrefix+"truncated.gob", encoded(out)[:20], time.Minute)
	write(".tmp-killed", []byte("half a cache"), 2*time.Hour)
	saving := write(".tmp-saving", []byte("half a cache"), time.Second)
	other := write("notes.txt", []byte("not ours"), 2*time.Hour)

	pruneCaches(dir, current, now)

	got, err := filepath.Glob(filepath.Join(dir, "*")) // dot files too
	if err != nil {
		t.Fatal(err)
	}
	want := []string{current, live, saving, other}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("left:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A build that fails while the lists render, when the cache is partly
// written, keeps the previous build's cache and leaves no temporary file.
func TestBuildFailingInListsKeepsThePreviousCache(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	build(t, site, out, nil)
	cache := cacheFile(site, out)
	before, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(site, "layouts", "home.html"), "{{define \"main\"}}\n{{index .List.Pages 99}}\n{{end}}\n")
	_, err = Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow, Clean: true})
	if err == nil || !strings.Contains(err.Error(), "home.html:2:") {
		t.Fatalf("error %v, want one at home.html:2", err)
	}
	after, err := os.ReadFile(cache)
	if err != nil || !bytes.Equal(after, before) {
		t.Errorf("the failed build changed the cache (%v)", err)
	}
	entries, err := os.ReadDir(filepath.Dir(cache))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), cacheTempPrefix) {
			t.Errorf("a temporary cache was left behind: %s", e.Name())
		}
	}
}
