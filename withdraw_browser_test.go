package main

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// TestWithdrawStoryEndToEnd: a reader sends a story from a 390 px phone
// and keeps the link of the thanks page; the story is approved and
// published; the reader withdraws it with the link, one button, no
// scripts; the site is rebuilt without it and the reader's address is
// nowhere on disk. Every page of the link has no axe violation.
func TestWithdrawStoryEndToEnd(t *testing.T) {
	axe, err := os.ReadFile(toolPath(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	site := copySampleSite(t, srv.URL+"/")
	if code, _, stderr := runCLI("build", "-s", site); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	rf := receiveFlags{inbox: filepath.Join(site, "inbox"), rateLimit: 5}
	endpoint, recv, err := rf.handler(site, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(recv.Path, endpoint)
	mux.Handle(recv.Path+"/", endpoint)
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join(site, "public"))))
	handler = mux

	const email = "Morgan.Lee@example.org"
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(srv.URL+"/submit/"),
		chromedp.WaitVisible(chromedp.CSS("form.story-form")),
		chromedp.SendKeys(chromedp.CSS("#field-name"), "Morgan L."),
		chromedp.SendKeys(chromedp.CSS("#field-email"), email),
		chromedp.SendKeys(chromedp.CSS("#field-title"), "A story I want back"),
		chromedp.SetValue(chromedp.CSS("#field-story"), strings.Repeat("Coaching changed how I run my week and my team. ", 6)),
	)
	if err != nil {
		t.Fatal(err)
	}
	check(t, ctx, "#field-consent")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.story-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".withdraw-offer"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, axe, "thanks page")
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".withdraw-offer a").href`))
	if err != nil || !strings.Contains(link, "/api/stories/withdraw/") {
		t.Fatalf("withdraw link %q: %v", link, err)
	}
	code, stdout, stderr := runCLI("inbox", "list", "-s", site)
	id, _, _ := strings.Cut(stdout, "  ")
	if code != 0 || !strings.Contains(stdout, "A story I want back") {
		t.Fatalf("inbox list: %s %s", stdout, stderr)
	}
	if code, _, stderr := runCLI("inbox", "approve", id, "-s", site); code != 0 {
		t.Fatalf("approve: %s", stderr)
	}
	if code, _, stderr := runCLI("build", "-s", site); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	page := filepath.Join(site, "public", "stories", "a-story-i-want-back", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatal(err)
	}

	err = chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("form.withdraw-form")))
	if err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, axe, "confirm page")
	if _, err := os.Stat(page); err != nil {
		t.Fatal("opening the link withdrew the story")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form.withdraw-form button")), chromedp.WaitVisible(chromedp.CSS("main ul"))); err != nil {
		t.Fatal(err)
	}
	heading, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if heading != "Your story is withdrawn" || !strings.Contains(text, "It is no longer part of the site.") || !strings.Contains(text, "the record of the approved story") {
		t.Errorf("after withdrawing: %q\n%s", heading, text)
	}
	checkAxe(t, ctx, axe, "withdrawn page")
	if _, err := os.Stat(page); !os.IsNotExist(err) {
		t.Error("the rebuilt site still has the story's page")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("[role=alert]"))); err != nil {
		t.Fatal(err)
	}
	title, _ := chromedp.Run(ctx, chromedp.Title())
	if !strings.HasPrefix(title, "Error: ") {
		t.Errorf("a used link: title %q", title)
	}
	checkAxe(t, ctx, axe, "used link page")
	walkFor(t, site, email)
}

// checkAxe fails on any WCAG 2.1 A or AA violation of the open page.
func checkAxe(t *testing.T, ctx context.Context, axe []byte, name string) {
	t.Helper()
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
		t.Fatalf("%s: load axe: %v", name, err)
	}
	result, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", name, err)
	}
	var violations []struct {
		ID, Help string
		Nodes    []string
	}
	json.Unmarshal([]byte(result), &violations)
	for _, v := range violations {
		t.Errorf("%s: %s: %s, at %s", name, v.ID, v.Help, strings.Join(v.Nodes, "; "))
	}
}

// walkFor fails if any file under dir holds text, in any case.
func walkFor(t *testing.T, dir, text string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if data, err := os.ReadFile(path); err == nil && strings.Contains(strings.ToLower(string(data)), strings.ToLower(text)) {
			t.Errorf("%s still holds %q", path, text)
		}
		return nil
	})
}
