package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// TestSampleBlogInBrowser opens the built sample blog in headless Chromium
// at phone and desktop widths, in light and dark mode, and checks what a
// reader would see: styles applied, nothing wider than the screen, the
// title on screen. Screenshots go to $RAINMAKER_SCREENSHOTS when set.
func TestSampleBlogInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "-o", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	shots := os.Getenv("RAINMAKER_SCREENSHOTS")
	pages := []string{"/", "/posts/time-allocation-for-sales-managers/", "/stories/from-burnout-to-best-quarter/", "/posts/", "/tags/", "/tags/coaching/", "/submit/", "/submit/thanks/", "/nope.html"}
	widths := []int64{390, 1280}
	backgrounds := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range widths {
			for _, page := range pages {
				name := fmt.Sprintf("%s %dpx %s", scheme, width, page)
				url := srv.URL + page
				if page == "/nope.html" {
					url = srv.URL + "/404.html"
				}
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(width, 900),
					browsertest.EmulateColorScheme(scheme),
					chromedp.Navigate(url),
					chromedp.WaitVisible(chromedp.CSS("h1")),
				)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				overflow := evaluate[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`)
				titleVisible := evaluate[bool](t, ctx, `(() => { const r = document.querySelector("h1").getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; })()`)
				fontFamily := evaluate[string](t, ctx, `getComputedStyle(document.body).fontFamily`)
				background := evaluate[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", name, err)
				}
				if overflow {
					t.Errorf("%s: the page is wider than the screen", name)
				}
				if !titleVisible {
					t.Errorf("%s: the h1 is not fully on screen", name)
				}
				if fontFamily == "" || fontFamily == `"Times New Roman"` || fontFamily == "serif" {
					t.Errorf("%s: the stylesheet was not applied (font %q)", name, fontFamily)
				}
				backgrounds[scheme] = background
				// Every footer link has a visible accessible name, and an
				// icon, where there is one, is drawn at icon size.
				footer := evaluate[[]string](t, ctx, `[...document.querySelectorAll(".site-footer a")].map(a => {
					const svg = a.querySelector("svg"); const r = svg && svg.getBoundingClientRect();
					return a.innerText.trim() + "|" + (svg ? Math.round(r.width) + "x" + Math.round(r.height) : "text");
				})`)
				wantFooter := []string{"Share your results|text", "All tags|text", "Atom feed|20x20", "LinkedIn|20x20", "Mastodon|20x20", "YouTube|20x20", "Email|20x20"}
				if fmt.Sprint(footer) != fmt.Sprint(wantFooter) {
					t.Errorf("%s: footer links %v, want %v", name, footer, wantFooter)
				}
				if shots != "" {
					file := filepath.Join(shots, fmt.Sprintf("%s-%d-%s.png", scheme, width, filepath.Base(filepath.Clean("/x"+page))))
					if err := os.WriteFile(file, png, 0o644); err != nil {
						t.Error(err)
					}
				}
			}
		}
	}
	if backgrounds["light"] == backgrounds["dark"] {
		t.Errorf("dark mode does not change the background (%s)", backgrounds["light"])
	}
}

// evaluate runs JavaScript in the page and returns its value.
func evaluate[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}
