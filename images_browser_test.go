package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// TestImagesInBrowser loads the sample blog's photo posts on a phone and
// checks what the image pipeline promises a reader: the page does not
// move while photos arrive, the browser picks the srcset entry made for
// its screen and downloads no other, and the video embed has a title.
func TestImagesInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "-o", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	// Photos arrive after the page has been laid out, as on a phone's
	// network, so that a missing size would show as a shift.
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".webp") || strings.HasSuffix(r.URL.Path, ".jpg") {
			time.Sleep(300 * time.Millisecond)
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	for _, tc := range []struct {
		page  string
		scale float64
		want  string // the width every photo is fetched at
	}{
		// 390 px less the page's padding is 350 CSS px: 480w at 1x, 960w at 2x.
		{"/posts/time-allocation-for-sales-managers/", 1, "-480w.webp"},
		{"/posts/measuring-coaching-impact/", 1, "-480w.webp"},
		{"/posts/time-allocation-for-sales-managers/", 2, "-960w.webp"},
	} {
		name := fmt.Sprintf("%s at %gx", tc.page, tc.scale)
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(tc.scale)),
			chromedp.Navigate(srv.URL+tc.page),
			chromedp.WaitVisible(chromedp.CSS("h1")),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Record layout shifts from the start, then bring every lazy image
		// into view and wait until each one has arrived.
		evaluate[bool](t, ctx, `(() => { window.__shift = 0;
			new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
				.observe({type: "layout-shift", buffered: true}); return true; })()`)
		for _, y := range []string{"document.body.scrollHeight", "0"} {
			evaluate[bool](t, ctx, `(window.scrollTo(0, `+y+`), true)`)
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.images].every(i => i.complete && i.naturalWidth > 0)`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				t.Fatalf("%s: the images did not load: %v", name, err)
			}
		}
		shift := evaluate[float64](t, ctx, `window.__shift`)
		if shift > 0.001 {
			t.Errorf("%s: the layout shifted by %.4f while images loaded, want 0", name, shift)
		}
		// Each photo's chosen entry is the smallest that fills its box on
		// this screen; the article's photos are the given width.
		chosen := evaluate[[]string](t, ctx, `[...document.querySelectorAll("picture img")].map(i => {
			const need = i.getBoundingClientRect().width * devicePixelRatio;
			const set = [...i.parentElement.querySelector("source").srcset.split(",")].map(e => e.trim().split(" "))
				.map(([u, w]) => [new URL(u, location.href).href, parseInt(w)]).sort((a, b) => a[1] - b[1]);
			const want = (set.find(([, w]) => w >= need) || set[set.length - 1])[0];
			return [i.closest(".author-box") ? "author" : "article", i.currentSrc, want].join(" ");
		})`)
		articlePhotos := 0
		for _, c := range chosen {
			f := strings.Fields(c)
			if f[1] != f[2] {
				t.Errorf("%s: the browser chose %s, want %s", name, f[1], f[2])
			}
			if f[0] == "article" {
				articlePhotos++
				if !strings.HasSuffix(f[1], tc.want) {
					t.Errorf("%s: the article's photo is %s, want the %s entry", name, f[1], tc.want)
				}
			}
		}
		if articlePhotos == 0 {
			t.Fatalf("%s: no photo in the article", name)
		}
		wanted := map[string]bool{}
		for _, c := range chosen {
			wanted[strings.Fields(c)[2]] = true
		}
		// Nothing but the chosen entries is downloaded: no bigger variant,
		// no fallback JPEG beside the WebP.
		fetched := evaluate[[]string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name)
			.filter(n => /\.(jpe?g|png|webp|gif)$/.test(n) && !n.endsWith("social-card.png"))`)
		for _, url := range fetched {
			if !wanted[url] {
				t.Errorf("%s: downloaded %s beyond what the chosen srcset entry needs", name, url)
			}
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/posts/coaching-conversations-that-work/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	embeds := evaluate[[]string](t, ctx, `[...document.querySelectorAll("iframe")].map(f => f.src + "|" + f.title + "|" + f.loading)`)
	if len(embeds) != 1 || !strings.HasPrefix(embeds[0], "https://www.youtube-nocookie.com/embed/") ||
		strings.Contains(embeds[0], "||") || !strings.HasSuffix(embeds[0], "|lazy") {
		t.Errorf("video embeds %v, want one lazy youtube-nocookie frame with a title", embeds)
	}
}
