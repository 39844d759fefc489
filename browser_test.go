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
	pages := []string{"/", "/posts/time-allocation-for-sales-managers/", "/stories/from-burnout-to-best-quarter/", "/posts/", "/stories/", "/stories/tag/coaching/",
		"/tags/", "/tags/coaching/", "/submit/", "/submit/thanks/", "/nope.html"}
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
				checkStories(t, ctx, name, page)
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

// checkStories checks what sells on the pages that show stories: featured
// stories pinned first on the home page and the wall of results, each
// entry of the wall with its result, person and link, and the filters.
func checkStories(t *testing.T, ctx context.Context, name, page string) {
	t.Helper()
	switch page {
	case "/":
		first := evaluate[string](t, ctx, `(() => { const c = document.querySelector(".cards .card"); return c.className + "|" + (c.querySelector(".featured-label") || {}).innerText; })()`)
		if first != "card featured|FEATURED" && first != "card featured|Featured" {
			t.Errorf("%s: the first card is %q, want a featured story with its label", name, first)
		}
	case "/stories/", "/stories/tag/coaching/":
		wall := evaluate[[]string](t, ctx, `[...document.querySelectorAll(".results-wall .result-card")].map(c =>
			[c.classList.contains("featured"), !!c.querySelector(".result-line").innerText, !!c.querySelector(".person"), c.querySelector("a[href*='/stories/']").innerText.startsWith("Read ")].join(","))`)
		if len(wall) < 2 || wall[0] != "true,true,true,true" {
			t.Errorf("%s: wall of results %v, want stories, a featured one first, each with result, person and link", name, wall)
		}
		current := evaluate[[]string](t, ctx, `[...document.querySelectorAll(".tag-filter a[aria-current=page]")].map(a => a.getAttribute("href"))`)
		if len(current) != 1 || current[0] != page {
			t.Errorf("%s: the filter marked current is %v, want %s", name, current, page)
		}
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
