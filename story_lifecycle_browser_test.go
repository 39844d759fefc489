package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/admin"
	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
	"github.com/rainmaker-blog/rainmaker/internal/notifytest"
)

// lifecycleSite is a copy of the sample blog served with its receive
// server on one origin, as a reverse proxy would: the built site's files,
// and everything else (the endpoint, /admin/, the withdraw pages) from
// receive, which notifies a webhook and an SMTP server on loopback.
type lifecycleSite struct {
	dir, inbox string
	srv        *httptest.Server
	notified   *notifytest.Receivers
}

func startLifecycleSite(t *testing.T, password string) *lifecycleSite {
	t.Helper()
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	rec, err := notifytest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Close)
	t.Setenv("RAINMAKER_WEBHOOK_SECRET", string(rec.Secret))
	s := &lifecycleSite{dir: copySampleSite(t, srv.URL+"/"), srv: srv, notified: rec}
	s.inbox = filepath.Join(s.dir, "inbox")
	cfg, _ := os.ReadFile(filepath.Join(s.dir, "site.toml"))
	os.WriteFile(filepath.Join(s.dir, "site.toml"), append(cfg, rec.Notify()...), 0o644)
	if code, _, stderr := runCLI("build", "-s", s.dir); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if err := os.MkdirAll(s.inbox, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := admin.SetPassword(admin.DirOf(s.inbox), password); err != nil {
		t.Fatal(err)
	}
	rf := receiveFlags{inbox: s.inbox, rateLimit: 5}
	receive, recv, err := rf.handler(s.dir, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); rf.dispatcher.Run(ctx) }()
	t.Cleanup(func() { stop(); <-done })
	public := filepath.Join(s.dir, "public")
	files := http.FileServer(http.Dir(public))
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))
		if _, err := os.Stat(filepath.Join(public, rel)); err == nil && r.URL.Path != recv.Path && !strings.HasPrefix(r.URL.Path, admin.Prefix) {
			files.ServeHTTP(w, r)
			return
		}
		receive.ServeHTTP(w, r)
	})
	return s
}

// TestStoryFromFormToPublishedPage is the whole journey of a reader's
// story in Chromium with page scripts off: sent from the form with a
// photo; the author told once by webhook and once by email; signed in to
// /admin/ on a 390 px phone, edited and approved; the site rebuilt with
// the story and its photo; then withdrawn with the private link from the
// thanks page, after which neither the story nor the address is on disk.
func TestStoryFromFormToPublishedPage(t *testing.T) {
	ctx := browsertest.New(t)
	const password = "correct horse battery staple"
	s := startLifecycleSite(t, password)
	photo := filepath.Join(t.TempDir(), "me.jpg")
	os.WriteFile(photo, photoJPEG(t, 1200, 900), 0o644)
	const email = "noor.lifecycle@example.org"
	err := chromedp.Do(ctx,
		noScripts(),
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.srv.URL+"/submit/"),
		chromedp.WaitVisible(chromedp.CSS("form.story-form")),
		chromedp.SendKeys(chromedp.CSS("#field-name"), "Noor A."),
		chromedp.SendKeys(chromedp.CSS("#field-email"), email),
		chromedp.SendKeys(chromedp.CSS("#field-title"), "Fewer calls, bigger deals"),
		chromedp.SendKeys(chromedp.CSS("#field-result"), "Average deal size up 40%"),
		chromedp.SendKeys(chromedp.CSS("#field-story"), "My coach had me drop the twenty smallest accounts and spend the time "+
			"on discovery with the five largest. Two quarters later my average deal was forty percent bigger, "+
			"and I was home for dinner more often than not."),
		chromedp.SetUploadFiles(chromedp.CSS("#field-photo"), []string{photo}),
	)
	if err != nil {
		t.Fatal(err)
	}
	check(t, ctx, "#field-consent")
	screenshot(t, ctx, "form")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.story-form button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	waitHeading(t, ctx, "Thank you")
	screenshot(t, ctx, "thanks")
	served := map[string]string{} // the pages receive renders, for html-validate
	keepSource(t, ctx, served, "thanks")
	withdraw, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".withdraw-offer a") || {}).href || ""`))
	if !strings.Contains(withdraw, "/withdraw/") {
		t.Fatalf("the thanks page has no withdraw link (%q)", withdraw)
	}

	list, err := (&submission.Inbox{Dir: s.inbox}).List()
	if err != nil || len(list) != 1 || list[0].PhotoFile == "" {
		t.Fatalf("inbox after sending: %+v, %v", list, err)
	}
	id := list[0].ID
	if _, err := s.notified.Wait(map[string]string{id: list[0].Title}, 30*time.Second); err != nil {
		t.Fatalf("notifications: %v", err)
	}

	// The author follows the review link on a phone, signs in, edits, approves.
	review := s.srv.URL + "/admin/stories/" + id
	err = chromedp.Do(ctx, chromedp.Navigate(review), chromedp.WaitVisible(chromedp.CSS("#password")),
		chromedp.SendKeys(chromedp.CSS("#password"), password), chromedp.Click(chromedp.CSS("#sign-in")))
	if err != nil {
		t.Fatal(err)
	}
	waitShown(t, ctx, "#edit")
	screenshot(t, ctx, "admin-story")
	keepSource(t, ctx, served, "admin-story")
	if page, _ := os.ReadFile(served["admin-story"]); !strings.Contains(string(page), `id="approve"`) {
		t.Error("the source kept of the admin story page is not that page")
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#edit")), chromedp.WaitVisible(chromedp.CSS("#field-title")),
		chromedp.SetValue(chromedp.CSS("#field-title"), "Fewer calls, far bigger deals"),
		chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#notice")))
	if err != nil {
		t.Fatal(err)
	}
	assertFits(t, ctx, "admin story")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#approve"))); err != nil {
		t.Fatal(err)
	}
	waitShown(t, ctx, "#published-url")
	screenshot(t, ctx, "admin-published")
	published, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#published-url")))
	if published != s.srv.URL+"/stories/fewer-calls-far-bigger-deals/" {
		t.Fatalf("published at %q", published)
	}

	// The rebuilt site shows the story with its photo.
	if err := chromedp.Do(ctx, chromedp.Navigate(published), chromedp.WaitVisible(chromedp.CSS("picture img"))); err != nil {
		t.Fatal(err)
	}
	waitHeading(t, ctx, "Fewer calls, far bigger deals")
	var loaded bool
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !loaded; time.Sleep(50 * time.Millisecond) {
		loaded, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector("picture img"); return i.complete && i.naturalWidth > 0 })()`))
	}
	if !loaded {
		t.Error("the story's photo did not load")
	}
	screenshot(t, ctx, "published")
	if hooks, mails := s.notified.Counts(id); hooks != 1 || mails != 1 {
		t.Errorf("after approval: %d webhook requests and %d emails, want 1 and 1", hooks, mails)
	}
	if files := filesHolding(t, filepath.Join(s.dir, "public"), email); len(files) > 0 {
		t.Errorf("the published site holds the submitter's email: %v", files)
	}

	// The storyteller changes their mind and uses the private link.
	err = chromedp.Do(ctx, chromedp.Navigate(withdraw), chromedp.WaitVisible(chromedp.CSS("form.withdraw-form button")))
	if err != nil {
		t.Fatal(err)
	}
	waitHeading(t, ctx, "Withdraw your story?")
	screenshot(t, ctx, "withdraw")
	keepSource(t, ctx, served, "withdraw")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form.withdraw-form button"))); err != nil {
		t.Fatal(err)
	}
	waitHeading(t, ctx, "Your story is withdrawn")
	screenshot(t, ctx, "withdrawn")
	for _, gone := range []string{"public/stories/fewer-calls-far-bigger-deals", "content/stories/fewer-calls-far-bigger-deals"} {
		if _, err := os.Stat(filepath.Join(s.dir, gone)); err == nil {
			t.Errorf("%s is still there after withdrawing", gone)
		}
	}
	if files := filesHolding(t, s.dir, email); len(files) > 0 {
		t.Errorf("after withdrawing, the email is still on disk in %v", files)
	}
	if files := filesHolding(t, s.dir, "Fewer calls, far bigger deals"); len(files) > 0 {
		t.Errorf("after withdrawing, the story is still on disk in %v", files)
	}
	validateHTML(t, served)
}

// keepSource saves the HTML the server sends for the page on screen (not
// the browser's DOM), fetched again with the browser's cookies, for
// html-validate at the end of the test.
func keepSource(t *testing.T, ctx context.Context, pages map[string]string, name string) {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	cookies, err := chromedp.Run(ctx, func(ctx context.Context, target *chromedp.Target) ([]*network.Cookie, error) {
		res, err := cdp.Call(ctx, target, network.GetCookies, network.GetCookiesParams{})
		return res.Cookies, err
	})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, loc, nil)
	req.Header.Set("Accept", "text/html")
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	html, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("source of %s: %s", name, resp.Status)
	}
	path := filepath.Join(t.TempDir(), name+".html")
	if err := os.WriteFile(path, html, 0o644); err != nil {
		t.Fatal(err)
	}
	pages[name] = path
}

// screenshot saves the page as it is at 390 and 1280 px, light and dark,
// into $RAINMAKER_SCREENSHOTS when set, then puts the phone back.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("RAINMAKER_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, width := range []int64{390, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844), browsertest.EmulateColorScheme(scheme)); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("story-%s-%d-%s.png", name, width, scheme)), png, 0o644)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), browsertest.EmulateColorScheme("light")); err != nil {
		t.Fatal(err)
	}
}

// waitHeading waits until the page's h1 says want.
func waitHeading(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	var h1 string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if h1, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); h1 == want {
			return
		}
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	t.Fatalf("at %s the heading is %q, want %q: %s", loc, h1, want, body)
}

// filesHolding lists the files under dir whose bytes contain text.
func filesHolding(t *testing.T, dir, text string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if data, err := os.ReadFile(p); err == nil && strings.Contains(string(data), text) {
			found = append(found, p)
		}
		return nil
	})
	return found
}
