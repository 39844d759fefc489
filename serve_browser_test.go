package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/devserver"
	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// TestServeReloadsTheBrowser opens a page of "rainmaker serve" in
// Chromium, edits its Markdown, and expects the tab to show the new text
// within a second, without anyone touching the browser.
func TestServeReloadsTheBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := copySampleSite(t, "")
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	dev := devserver.New(generator.NewDevSite(generator.Options{Source: site, Theme: themeFS(), BaseURL: srv.URL + "/"}), io.Discard)
	defer dev.Close() // before srv.Close, which waits for the tab's event stream
	handler = dev
	w, err := devserver.NewWatcher(site)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	dev.Build("first build")
	wctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go dev.Watch(wctx, w)

	page := srv.URL + "/posts/retaining-top-talent/"
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	// Wait until the tab listens for rebuilds.
	for deadline := time.Now().Add(5 * time.Second); dev.Clients() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page never opened the event stream")
		}
	}
	src := filepath.Join(site, "content", "posts", "retaining-top-talent.md")
	data, _ := os.ReadFile(src)
	edited := strings.Replace(string(data), "Your best salesperson is the one", "Freshly edited: your best salesperson is the one", 1)
	saved := time.Now()
	if err := os.WriteFile(src, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".content p") ? document.querySelector(".content p").textContent : ""`))
		if strings.HasPrefix(text, "Freshly edited") {
			t.Logf("the tab showed the edit %v after the save", time.Since(saved).Round(time.Millisecond))
			break
		}
		if time.Since(saved) > time.Second {
			t.Fatalf("after a second the tab still shows %q", text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
