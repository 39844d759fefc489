package images

import (
	"strings"
	"testing"
)

// planned is a Result as Process would return it, without encoding.
func planned(t *testing.T, name string, f Format, w, h int) *Result {
	t.Helper()
	p := newTestProcessor(t, DefaultSettings(), t.TempDir())
	r := &Result{Name: name, Format: f, Width: w, Height: h}
	r.Variants = p.plan(r)
	return r
}

func TestPictureWidths(t *testing.T) {
	for _, tc := range []struct {
		width, height int
		srcset, img   string
	}{
		{300, 200, `/p/photo-300w.jpg 300w`, `src="/p/photo-300w.jpg"`},
		{1000, 750, `/p/photo-480w.jpg 480w, /p/photo-960w.jpg 960w, /p/photo-1000w.jpg 1000w`,
			`src="/p/photo-1000w.jpg" srcset="/p/photo-480w.jpg 480w, /p/photo-960w.jpg 960w, /p/photo-1000w.jpg 1000w" sizes="100vw" width="1000" height="750"`},
		{4000, 3000, `/p/photo-480w.jpg 480w, /p/photo-960w.jpg 960w, /p/photo-1600w.jpg 1600w`,
			`width="1600" height="1200"`},
	} {
		r := planned(t, "posts/p/photo.jpg", JPEG, tc.width, tc.height)
		got := Picture(r, PictureOptions{Prefix: "/p/", Alt: "A view"})
		webp := strings.ReplaceAll(tc.srcset, ".jpg", ".webp")
		for _, want := range []string{
			`<picture><source type="image/webp" srcset="` + webp + `" sizes="100vw">`,
			`srcset="` + tc.srcset + `"`, tc.img,
			`alt="A view" loading="lazy" decoding="async"></picture>`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%d px wide:\n%s\nlacks\n%s", tc.width, got, want)
			}
		}
	}
}

func TestPictureAttributes(t *testing.T) {
	r := planned(t, "my photo,1.png", PNG, 500, 100)
	got := Picture(r, PictureOptions{Prefix: "/blog/posts/x", Alt: `Tom & "Jerry" <3`, Sizes: "(min-width: 40rem) 40rem, 100vw", First: true})
	for _, want := range []string{
		`src="/blog/posts/x/my%20photo%2C1-500w.png"`,
		`alt="Tom &amp; &#34;Jerry&#34; &lt;3"`,
		`sizes="(min-width: 40rem) 40rem, 100vw"`,
		`fetchpriority="high" decoding="async">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("%s\nlacks %s", got, want)
		}
	}
	if strings.Contains(got, "lazy") {
		t.Errorf("the first image must not be lazy: %s", got)
	}
}

func TestPicturePassthroughAndWebPOnly(t *testing.T) {
	svg := &Result{Name: "static/logo.svg", Format: SVG, Width: 120, Height: 40, Passthrough: true}
	want := `<img src="/images/logo.svg" width="120" height="40" alt="" loading="lazy" decoding="async">`
	if got := Picture(svg, PictureOptions{Prefix: "/images/"}); got != want {
		t.Errorf("SVG:\n%s\nwant\n%s", got, want)
	}
	w := planned(t, "a.webp", WebP, 600, 300)
	got := Picture(w, PictureOptions{Prefix: "/"})
	if strings.Contains(got, "<picture>") || !strings.Contains(got, `srcset="/a-480w.webp 480w, /a-600w.webp 600w"`) {
		t.Errorf("a WebP source needs no <picture>: %s", got)
	}
}
