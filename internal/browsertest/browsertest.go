// Package browsertest starts headless Chromium for tests that must see a
// page as a reader's browser does.
//
// Where no browser is installed the tests skip with the reason, unless
// RAINMAKER_REQUIRE_BROWSER is set (CI sets it), which makes that a failure.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// RequireEnv names the variable that turns a missing browser into a failure.
const RequireEnv = "RAINMAKER_REQUIRE_BROWSER"

// findChromium returns the browser to use: $RAINMAKER_CHROME, else the
// first Chromium or Chrome on PATH.
func findChromium() string {
	if p := os.Getenv("RAINMAKER_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New returns a context of a fresh headless browser tab that lives until
// the test ends, or skips the test when there is no browser.
func New(t testing.TB) context.Context {
	t.Helper()
	if testing.Short() && os.Getenv(RequireEnv) == "" {
		t.Skip("browser test skipped in -short mode")
	}
	path := findChromium()
	if path == "" {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("no Chromium found and %s is set; install it (apt-get install chromium) or set RAINMAKER_CHROME", RequireEnv)
		}
		t.Skip("no Chromium found on PATH (apt-get install chromium); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	// The first action starts the browser; it must not carry the timeout,
	// which would stop the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("start %s: %v", path, err)
	}
	// The site scrolls smoothly unless the reader asks for less motion, and
	// a click aimed while the page still scrolls (after typing into a
	// field lower down) lands beside its target: ask for less motion.
	if err := chromedp.Do(ctx, emulateMedia()); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("emulate reduced motion: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}

// EmulateColorScheme makes the page see prefers-color-scheme as scheme
// ("light" or "dark").
func EmulateColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return emulateMedia(&emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
}

// emulateMedia sets the media features pages see, with reduced motion
// always among them (each call replaces the previous set).
func emulateMedia(features ...*emulation.MediaFeature) chromedp.Action[chromedp.Void] {
	features = append(features, &emulation.MediaFeature{Name: "prefers-reduced-motion", Value: "reduce"})
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features})
		return chromedp.Void{}, err
	}
}
