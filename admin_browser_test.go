package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/admin"
	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// TestAdminInTheBrowser: on a 390 px phone, the review link of a
// notification leads to sign-in and then to the story; the author edits
// it, approves it and sees its published URL. axe-core finds nothing on
// any admin page, light or dark.
func TestAdminInTheBrowser(t *testing.T) {
	axe, err := os.ReadFile(toolPath(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	site := copySampleSite(t, srv.URL+"/")
	inbox := &submission.Inbox{Dir: filepath.Join(site, "inbox")}
	if err := inbox.Open(); err != nil {
		t.Fatal(err)
	}
	id, err := inbox.Save(submission.Submission{Name: "Jordan P.", Email: "jordan@example.org", Title: "Coached at the top",
		Story:  strings.Repeat("My manager moved a third of her coaching time to her strongest people. ", 4),
		Result: "Two enterprise deals", Tags: []string{"Top Performers"}, Consent: true}, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	const password = "a phone-typed password"
	if err := admin.SetPassword(admin.DirOf(inbox.Dir), password); err != nil {
		t.Fatal(err)
	}
	rf := receiveFlags{inbox: inbox.Dir}
	handler, _, err = rf.handler(site, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	checkAxe := func(page string) {
		t.Helper()
		for _, scheme := range []string{"light", "dark"} {
			if err := chromedp.Do(ctx, browsertest.EmulateColorScheme(scheme), chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
				.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`
			result, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe: %v", page, err)
			}
			var violations []struct {
				ID, Help string
				Nodes    []string
			}
			json.Unmarshal([]byte(result), &violations)
			for _, v := range violations {
				t.Errorf("%s (%s): %s: %s, at %s", page, scheme, v.ID, v.Help, strings.Join(v.Nodes, "; "))
			}
		}
		if err := chromedp.Do(ctx, browsertest.EmulateColorScheme("light")); err != nil {
			t.Fatal(err)
		}
	}
	review := srv.URL + "/admin/stories/" + id // the notification's link
	err = chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(review), chromedp.WaitVisible(chromedp.CSS("#password")))
	if err != nil {
		t.Fatal(err)
	}
	checkAxe("sign-in")
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#password"), password), chromedp.Click(chromedp.CSS("#sign-in")))
	if err != nil {
		t.Fatal(err)
	}
	waitShown(t, ctx, "#approve")
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != review {
		t.Errorf("after sign-in at %s, not the review link", loc)
	}
	assertFits(t, ctx, "story")
	checkAxe("story")

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/"), chromedp.WaitVisible(chromedp.CSS("#stories"))); err != nil {
		t.Fatal(err)
	}
	assertFits(t, ctx, "list")
	checkAxe("list")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".admin-story-title")), chromedp.WaitVisible(chromedp.CSS("#edit")),
		chromedp.Click(chromedp.CSS("#edit")), chromedp.WaitVisible(chromedp.CSS("#field-title")))
	if err != nil {
		t.Fatal(err)
	}
	assertFits(t, ctx, "edit")
	checkAxe("edit")
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#field-title"), "Coached at the top, and it paid off"),
		chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#notice")))
	if err != nil {
		t.Fatal(err)
	}
	if h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); h1 != "Coached at the top, and it paid off" {
		t.Errorf("after saving, the heading is %q", h1)
	}
	// The preview is the site's own page for the story.
	if err := chromedp.Do(ctx, chromedp.Navigate(review+"/preview"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1"))); h1 != "Coached at the top, and it paid off" {
		t.Errorf("preview heading %q", h1)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(review), chromedp.WaitVisible(chromedp.CSS("#approve")),
		chromedp.Click(chromedp.CSS("#approve")), chromedp.WaitVisible(chromedp.CSS("#published-url")))
	if err != nil {
		t.Fatal(err)
	}
	checkAxe("published")
	url, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#published-url")))
	if url != srv.URL+"/stories/coached-at-the-top-and-it-paid-off/" {
		t.Errorf("published URL %q", url)
	}
	page, err := os.ReadFile(filepath.Join(site, "public", "stories", "coached-at-the-top-and-it-paid-off", "index.html"))
	if err != nil || strings.Contains(string(page), "jordan@example.org") {
		t.Errorf("published page: %v", err)
	}
}

// waitShown waits for an element, and shows the page when it does not come.
func waitShown(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS(selector))); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("%s did not show: at %s: %s", selector, loc, body)
	}
}

// assertFits fails when the page scrolls sideways on the phone.
func assertFits(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	if err != nil || !fits {
		t.Errorf("%s: wider than the 390 px screen (%v)", page, err)
	}
}
