package main

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// copySampleSite copies the shipped sample blog's content, static files and config,
// with baseURL as its base_url when given.
func copySampleSite(t *testing.T, baseURL string) string {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	for _, dir := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(site, dir), os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile("site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if baseURL != "" {
		cfg = regexp.MustCompile(`(?m)^base_url = .*$`).ReplaceAll(cfg, []byte(`base_url = "`+baseURL+`"`))
	}
	os.WriteFile(filepath.Join(site, "site.toml"), cfg, 0o644)
	return site
}

// TestSubmitStoryEndToEnd: a reader fills in the form in Chromium and
// lands on the thanks page; the story is in the inbox; an author approves
// it and builds; the story is on the site.
func TestSubmitStoryEndToEnd(t *testing.T) {
	ctx := browsertest.New(t)
	// One origin serves the built site and the endpoint, as a reverse
	// proxy would in production.
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	site := copySampleSite(t, srv.URL+"/")
	inbox := filepath.Join(site, "inbox")
	build := func() {
		t.Helper()
		if code, _, stderr := runCLI("build", "-s", site); code != 0 {
			t.Fatalf("build: %s", stderr)
		}
	}
	build()
	rf := receiveFlags{inbox: inbox, rateLimit: 5}
	endpoint, recv, err := rf.handler(site, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(recv.Path, endpoint)
	mux.Handle(recv.Path+"/", endpoint) // its thanks page and withdraw links
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join(site, "public"))))
	handler = mux

	story := "My manager moved a third of her coaching time to her strongest people, me among them. " +
		"We met every other week to talk about growth, not the pipeline. I led two enterprise negotiations end to end " +
		"and mentored our newest rep through her first ten deals."
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(srv.URL+"/submit/"),
		chromedp.WaitVisible(chromedp.CSS("form.story-form")),
		chromedp.SendKeys(chromedp.CSS("#field-name"), "Jordan P."),
		chromedp.SendKeys(chromedp.CSS("#field-email"), "jordan@example.org"),
		chromedp.SendKeys(chromedp.CSS("#field-role"), "Enterprise AE"),
		chromedp.SendKeys(chromedp.CSS("#field-title"), "Coached at the top, and it paid off"),
		chromedp.SetValue(chromedp.CSS("#field-story"), story),
		chromedp.SendKeys(chromedp.CSS("#field-result"), "Two enterprise deals closed"),
	)
	if err != nil {
		t.Fatal(err)
	}
	check(t, ctx, `input[name="tags"][value="top-performers"]`)
	check(t, ctx, "#field-consent")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.story-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	var location, heading string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		location, _ = chromedp.Run(ctx, chromedp.Location())
		if strings.Contains(location, "/api/stories/thanks/") {
			break
		}
	}
	heading, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if !strings.Contains(location, "/api/stories/thanks/") || heading != "Thank you" {
		t.Fatalf("after submitting: at %s, heading %q", location, heading)
	}

	list, err := (&submission.Inbox{Dir: inbox}).List()
	if err != nil || len(list) != 1 {
		t.Fatalf("inbox = %v, %v", list, err)
	}
	got := list[0]
	if got.Title != "Coached at the top, and it paid off" || got.Email != "jordan@example.org" || got.Story != story ||
		strings.Join(got.Tags, ",") != "Top Performers" || !got.Consent {
		t.Errorf("stored %+v", got)
	}

	code, stdout, stderr := runCLI("inbox", "-s", site, "list")
	if code != 0 || !strings.HasPrefix(stdout, got.ID+"  Coached at the top") {
		t.Errorf("inbox list: %d %q %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI("inbox", "-s", site, "approve", got.ID); code != 0 {
		t.Fatalf("approve: %s", stderr)
	}
	build()
	page, err := os.ReadFile(filepath.Join(site, "public", "stories", "coached-at-the-top-and-it-paid-off", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "jordan@example.org") {
		t.Error("the published story shows the submitter's email")
	}
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/stories/coached-at-the-top-and-it-paid-off/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	heading, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	result, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".result")))
	if heading != "Coached at the top, and it paid off" || !strings.Contains(result, "Two enterprise deals closed") {
		t.Errorf("published story: heading %q, result %q", heading, result)
	}
}

// check ticks a checkbox with the mouse, as a reader does; a click that
// lands while the page is still moving is tried again.
func check(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	for range 3 {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
			t.Fatal(err)
		}
		checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+strconv.Quote(selector)+`).checked`))
		if err != nil {
			t.Fatal(err)
		}
		if checked {
			return
		}
	}
	t.Fatalf("%s could not be ticked", selector)
}

// TestFormShowsErrorsInBrowser: a submission the browser lets through but
// the server refuses comes back as the form, values kept, errors linked.
func TestFormShowsErrorsInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	site := copySampleSite(t, srv.URL+"/")
	if code, _, stderr := runCLI("build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	rf := receiveFlags{inbox: filepath.Join(site, "inbox"), rateLimit: 5}
	endpoint, recv, err := rf.handler(site, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(recv.Path, endpoint)
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join(site, "public"))))
	handler = mux
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/submit/"),
		chromedp.WaitVisible(chromedp.CSS("form.story-form")),
		// Browsers check lengths only for what users type, so a script
		// stands in for a browser without validation.
		chromedp.Evaluate[chromedp.Void](`document.querySelector("form.story-form").noValidate = true`),
		chromedp.SendKeys(chromedp.CSS("#field-name"), "Sam"),
		chromedp.SendKeys(chromedp.CSS("#field-email"), "sam@example.org"),
		chromedp.SendKeys(chromedp.CSS("#field-title"), "Hi"),
		chromedp.SetValue(chromedp.CSS("#field-story"), "Too short."),
		chromedp.Click(chromedp.CSS(`form.story-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#form-errors")),
	)
	if err != nil {
		t.Fatal(err)
	}
	summary, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#form-errors")))
	for _, want := range []string{"Title of your story: must be at least 5 characters", "Your story: must be at least 200 characters", "must be ticked"} {
		if !strings.Contains(summary, want) {
			t.Errorf("error summary lacks %q:\n%s", want, summary)
		}
	}
	name, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#field-name").value`))
	invalid, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#field-title").getAttribute("aria-invalid")`))
	if name != "Sam" || invalid != "true" {
		t.Errorf("name kept %q, title aria-invalid %q", name, invalid)
	}
	// The page says it is an error, shows the invalid inputs red (the
	// input rule once outweighed the error rule), and takes the focus to
	// the summary, without scripts of its own.
	title, _ := chromedp.Run(ctx, chromedp.Title())
	border, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#field-title")).borderTopColor`))
	valid, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#field-name")).borderTopColor`))
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if !strings.HasPrefix(title, "Error: ") || border == valid || (border != "rgb(179, 38, 30)" && border != "rgb(255, 180, 171)") || focused != "form-errors" {
		t.Errorf("title %q, invalid border %s (valid %s), focus on %q", title, border, valid, focused)
	}
	// The address bar shows the endpoint; opening it shows the form, not JSON.
	location, _ := chromedp.Run(ctx, chromedp.Location())
	if err := chromedp.Do(ctx, chromedp.Navigate(location), chromedp.WaitVisible(chromedp.CSS("form.story-form"))); err != nil {
		t.Fatalf("opening %s: %v", location, err)
	}
	if now, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(now, "/submit/") {
		t.Errorf("opening the endpoint led to %s", now)
	}
}
