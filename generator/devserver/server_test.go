package devserver_test

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/devserver"
)

// harness is a dev server on a copy of the fixture site, watching it.
type harness struct {
	t       *testing.T
	site    string
	srv     *devserver.Server
	http    *httptest.Server
	base    string
	watcher *devserver.Watcher
	builds  <-chan devserver.Built
	touched []string // site paths written since the last change
}

func theme() fs.FS { return os.DirFS("../..") }

func start(t *testing.T) *harness {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS("../testdata/site")); err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, site: site}
	var handler http.Handler = http.NotFoundHandler()
	h.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(h.http.Close)
	h.base = h.http.URL + "/"
	dev := generator.NewDevSite(generator.Options{Source: site, Theme: theme(), BaseURL: h.base})
	h.srv = devserver.New(dev, io.Discard)
	t.Cleanup(h.srv.Close) // runs before h.http.Close, which waits for event streams
	handler = h.srv
	w, err := devserver.NewWatcher(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	h.srv.Build("first build")
	h.watcher, h.builds = w, h.srv.Builds()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go h.srv.Watch(ctx, w)
	return h
}

// change runs fn and waits until the watcher's rebuild after it is done.
// change makes an edit and waits for the builds that the watcher's
// events of it set off: until every path the edit touched has been seen.
// A watcher that stops fails the test at once.
func (h *harness) change(what string, fn func()) []devserver.Built {
	h.t.Helper()
	h.touched = nil
	fn()
	var builds []devserver.Built
	timeout := time.After(10 * time.Second)
	for !h.seen(builds) {
		select {
		case b, ok := <-h.builds:
			if !ok {
				h.t.Fatalf("%s: the watcher stopped", what)
			}
			builds = append(builds, b)
		case <-timeout:
			h.t.Fatalf("%s: no build saw %v (builds: %+v)", what, h.touched, builds)
		}
	}
	return builds
}

// seen reports whether builds were set off by every touched path, or by
// a folder holding it.
func (h *harness) seen(builds []devserver.Built) bool {
	for _, t := range h.touched {
		found := false
		for _, b := range builds {
			for _, p := range b.Paths {
				found = found || p == t || strings.HasPrefix(t, p+"/")
			}
		}
		if !found {
			return false
		}
	}
	return len(builds) > 0
}

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(h.http.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (h *harness) expect(path string, status int, contains ...string) {
	h.t.Helper()
	code, body := h.get(path)
	if code != status {
		h.t.Errorf("GET %s: %d, want %d", path, code, status)
	}
	for _, c := range contains {
		if !strings.Contains(body, c) {
			h.t.Errorf("GET %s lacks %q", path, c)
		}
	}
}

func (h *harness) expectNot(path string, absent ...string) {
	h.t.Helper()
	_, body := h.get(path)
	for _, a := range absent {
		if strings.Contains(body, a) {
			h.t.Errorf("GET %s still has %q", path, a)
		}
	}
}

func (h *harness) remove(rel string) {
	h.t.Helper()
	h.touched = append(h.touched, rel)
	if err := os.Remove(filepath.Join(h.site, rel)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) rename(from, to string) {
	h.t.Helper()
	h.touched = append(h.touched, from, to)
	if err := os.Rename(filepath.Join(h.site, from), filepath.Join(h.site, to)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) write(rel, text string) {
	h.t.Helper()
	h.touched = append(h.touched, rel)
	p := filepath.Join(h.site, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// TestServeFollowsEdits drives the watcher with real files: each kind of
// change an author makes, checked over HTTP, and at the end the served
// site equals a clean build byte for byte.
func TestServeFollowsEdits(t *testing.T) {
	h := start(t)
	h.expect("/posts/yaml-post/", 200, "A YAML post with", devserver.EventsPath)
	h.expect("/posts/yaml-post", 301)

	h.change("create a post", func() {
		h.write("content/posts/fresh.md", "---\ntitle: Fresh from the editor\ndate: 2026-10-20\ntags: [coaching]\n---\nFirst draft of the fresh post.\n")
	})
	h.expect("/posts/fresh/", 200, "First draft of the fresh post.")
	h.expect("/", 200, "Fresh from the editor")
	h.expect("/tags/coaching/", 200, "Fresh from the editor")

	h.change("edit it", func() {
		h.write("content/posts/fresh.md", "---\ntitle: Fresh and edited\ndate: 2026-10-20\ntags: [coaching]\n---\nSecond draft.\n")
	})
	h.expect("/posts/fresh/", 200, "Second draft.", "Fresh and edited")
	h.expect("/tags/coaching/", 200, "Fresh and edited")
	h.expectNot("/", "Fresh from the editor")

	h.change("rename it", func() {
		h.rename("content/posts/fresh.md", "content/posts/renamed.md")
	})
	h.expect("/posts/renamed/", 200, "Second draft.")
	h.expect("/posts/fresh/", 404)
	h.expectNot("/feed.xml", "/posts/fresh/")

	h.change("delete it", func() { h.remove("content/posts/renamed.md") })
	h.expect("/posts/renamed/", 404)
	h.expectNot("/", "Fresh and edited")
	h.expectNot("/tags/coaching/", "Fresh and edited")
	h.expectNot("/feed.xml", "renamed")

	h.change("new folder with a post", func() {
		h.write("content/posts/2027/deep/nested.md", "---\ntitle: Deeply nested\ndate: 2026-10-21\n---\nFrom a new folder.\n")
	})
	h.expect("/posts/nested/", 200, "From a new folder.")
	h.change("edit inside the new folder", func() {
		h.write("content/posts/2027/deep/nested.md", "---\ntitle: Deeply nested\ndate: 2026-10-21\n---\nEdited in the new folder.\n")
	})
	h.expect("/posts/nested/", 200, "Edited in the new folder.")

	h.change("edit a layout", func() {
		data, _ := os.ReadFile("../../layouts/single.html")
		h.write("layouts/single.html", strings.Replace(string(data), "</article>", "<p>minutes of reading</p></article>", 1))
	})
	h.expect("/posts/nested/", 200, "minutes of reading")

	h.change("edit static", func() { h.write("static/img/pixel.txt", "a new pixel") })
	h.expect("/img/pixel.txt", 200, "a new pixel")

	h.change("break front matter", func() {
		h.write("content/posts/yaml-post.md", "---\ntitle: Broken\ndate: not a date\n---\nBroken body.\n")
	})
	h.expect("/posts/yaml-post/", 200, "A YAML post with", `id="rainmaker-error"`, "yaml-post.md:3: date: cannot parse")
	h.change("fix it", func() {
		h.write("content/posts/yaml-post.md", "---\ntitle: Fixed post\ndate: 2026-01-10\n---\nFixed body.\n")
	})
	h.expect("/posts/yaml-post/", 200, "Fixed body.")
	h.expectNot("/posts/yaml-post/", `id="rainmaker-error"`)

	h.change("edit the body of a post in feeds, lists and related links", func() {
		data, _ := os.ReadFile(filepath.Join(h.site, "content/posts/toml-post.md"))
		h.write("content/posts/toml-post.md", strings.Replace(string(data), "Body of the TOML post.", "Body of the TOML post, edited in place.", 1))
	})
	h.expect("/posts/toml-post/", 200, "edited in place")
	h.expect("/feed.xml", 200, "edited in place")

	h.change("edit site.toml", func() {
		data, _ := os.ReadFile(filepath.Join(h.site, "site.toml"))
		h.write("site.toml", strings.Replace(string(data), `title = "Fixture Coaching"`, `title = "Renamed in serve"`, 1))
	})
	h.expect("/posts/nested/", 200, "Renamed in serve")

	// The result equals a clean build.
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(generator.Options{Source: h.site, Output: out, Theme: theme(), BaseURL: h.base, Clean: true}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		want[rel] = true
		data, _ := os.ReadFile(p)
		code, body := h.getRaw(rel)
		if code != 200 || body != string(data) {
			t.Errorf("%s differs from a clean build (status %d)", rel, code)
		}
		return nil
	})
	for rel := range h.srv.Files() {
		if !want[rel] {
			t.Errorf("%s is served but a clean build does not make it", rel)
		}
	}
}

// getRaw returns a served file as built, without the reload script.
func (h *harness) getRaw(rel string) (int, string) {
	data, ok := h.srv.Files()[rel]
	if !ok {
		return 404, ""
	}
	return 200, string(data)
}

func TestBurstIsOneRebuild(t *testing.T) {
	h := start(t)
	builds := h.change("200 files at once", func() {
		for i := range 200 {
			h.write(filepath.Join("content/posts/burst", "burst-"+itoa(i)+".md"),
				"---\ntitle: Burst "+itoa(i)+"\ndate: 2026-05-01\n---\nBody.\n")
		}
	})
	if n := len(builds); n > 2 {
		t.Errorf("%d rebuilds for one burst, want 1 (2 at most, when the machine stalls the writer)", n)
	}
	h.expect("/posts/burst-199/", 200, "Burst 199")
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestEditorLeftoversDoNotRebuild(t *testing.T) {
	h := start(t)
	for _, name := range []string{".yaml-post.md.swp", "yaml-post.md~", "#yaml-post.md#", "4913", ".#lock"} {
		h.write("content/posts/"+name, "junk")
	}
	// A real edit after them: the builds up to it must not name them.
	builds := h.change("a real edit", func() {
		h.touched = nil
		h.write("content/posts/real.md", "---\ntitle: Real\ndate: 2026-05-01\n---\nBody.\n")
	})
	for _, b := range builds {
		for _, p := range b.Paths {
			if p != "content/posts/real.md" {
				t.Errorf("a build for an editor's temporary file: %v", b.Paths)
			}
		}
	}
}

// A watcher that stops is told: the server says so, and Builds is closed,
// so that nothing waits for builds that will never come.
func TestStoppedWatcherIsReported(t *testing.T) {
	h := start(t)
	h.watcher.Close()
	select {
	case _, ok := <-h.builds:
		if ok {
			t.Fatal("a build after the watcher stopped")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Builds was not closed when the watcher stopped")
	}
}

// TestOneReloadEventPerRebuild reads the event stream as a browser does.
func TestOneReloadEventPerRebuild(t *testing.T) {
	h := start(t)
	resp, err := http.Get(h.http.URL + devserver.EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	events := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
		close(events)
	}()
	if e := <-events; e != "hello" {
		t.Fatalf("first event %q", e)
	}
	for i := range 3 {
		h.change("edit", func() {
			h.write("content/posts/sse.md", "---\ntitle: SSE "+itoa(i)+"\ndate: 2026-05-01\n---\nBody "+itoa(i)+".\n")
		})
	}
	h.change("break", func() { h.write("content/posts/sse.md", "no front matter") })
	h.change("fix", func() { h.remove("content/posts/sse.md") })
	var got []string
	for len(got) < 5 {
		select {
		case e := <-events:
			got = append(got, e)
		case <-time.After(3 * time.Second):
			t.Fatalf("events so far: %v", got)
		}
	}
	want := "reload reload reload build-error reload"
	if strings.Join(got, " ") != want {
		t.Errorf("events = %v, want %s", got, want)
	}
	select {
	case e := <-events:
		t.Errorf("an extra event: %s", e)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestStylesheetOnlyChangeSwapsStyles(t *testing.T) {
	h := start(t)
	resp, err := http.Get(h.http.URL + devserver.EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				data <- d
			}
		}
	}()
	<-data // hello
	h.change("a stylesheet", func() { h.write("static/css/main.css", "body { color: red }\n") })
	select {
	case d := <-data:
		if !strings.Contains(d, `"cssOnly":true`) {
			t.Errorf("reload event %s, want cssOnly", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no reload event")
	}
}

// TestBrokenAtStart: a site that does not build when serve starts shows
// why, and the page reloads once the error is fixed.
func TestBrokenAtStart(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS("../testdata/site")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(site, "content/posts/yaml-post.md"), []byte("no front matter\n"), 0o644)
	dev := generator.NewDevSite(generator.Options{Source: site, Theme: theme(), BaseURL: "http://127.0.0.1/"})
	srv := devserver.New(dev, io.Discard)
	defer srv.Close()
	srv.Build("first build")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	body := w.Body.String()
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(body, "yaml-post.md:1: front matter: none found") || !strings.Contains(body, devserver.EventsPath) {
		t.Errorf("status %d:\n%s", w.Code, body)
	}
}
