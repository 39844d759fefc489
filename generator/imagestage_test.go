package generator

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// testJPEG is a w×h photo-like gradient.
func testJPEG(t *testing.T, w, h int) string {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func imageSite(t *testing.T) map[string]string {
	photo := testJPEG(t, 2000, 1000)
	return map[string]string{
		"site.toml": "title = \"T\"\nbase_url = \"https://e.org/blog/\"\n" +
			"[brand]\nlogo = \"/images/logo.jpg\"\n[brand.about]\nname = \"Ana\"\nphoto = \"/images/logo.jpg\"\n",
		"content/posts/trip/index.md": "---\ntitle: Trip\ndate: 2024-01-02\nimage: photo.jpg\nimage_alt: The valley\n---\n" +
			"![A valley](photo.jpg)\n\nText.\n\n![A logo](/images/logo.jpg)\n\n![Gone](missing.jpg)\n",
		"content/posts/trip/photo.jpg": photo,
		"static/images/logo.jpg":       testJPEG(t, 300, 200),
	}
}

// TestImagesArePublishedAtTheirWidths: every raster image a page uses is
// published at the widths no larger than its own, in WebP and its own
// format, written with srcset, sizes, width and height.
func TestImagesArePublishedAtTheirWidths(t *testing.T) {
	out, res, err := buildFiles(t, imageSite(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"posts/trip/photo.jpg", "images/logo.jpg"} {
		mustRead(t, out, rel) // the original, as it is
	}
	for _, w := range []string{"480", "960", "1600"} {
		for _, ext := range []string{"jpg", "webp"} {
			mustRead(t, out, "posts/trip/photo-"+w+"w."+ext)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "images/logo-480w.jpg")); err == nil {
		t.Error("a 300 px image was enlarged to 480 px")
	}
	mustRead(t, out, "images/logo-300w.webp")
	page := mustRead(t, out, "posts/trip/index.html")
	for _, want := range []string{
		`<source type="image/webp" srcset="/blog/posts/trip/photo-480w.webp 480w, /blog/posts/trip/photo-960w.webp 960w, /blog/posts/trip/photo-1600w.webp 1600w"`,
		`width="1600" height="800" alt="A valley"`,
		`srcset="/blog/images/logo-300w.jpg 300w"`,
		`<meta property="og:image" content="https://e.org/blog/posts/trip/photo-1600w.jpg">`,
		`<img src="/blog/posts/trip/missing.jpg" alt="Gone">`,
		// The logo keeps its proportions at the header's 40 px; the
		// author's photo comes from its variants, sized for its 88 px.
		`<img class="site-logo" src="/blog/images/logo.jpg" alt="T" width="60" height="40">`,
		`<img src="/blog/images/logo-300w.jpg" srcset="/blog/images/logo-300w.jpg 300w" sizes="88px" width="300" height="200" alt="Ana" loading="lazy"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// The hero image loads at once, first; the body's, below it, lazily.
	hero := regexp.MustCompile(`<img [^>]*alt="The valley"[^>]*>`).FindString(page)
	if !strings.Contains(hero, `fetchpriority="high"`) {
		t.Errorf("the first image of the page %q does not load at once", hero)
	}
	imgs := regexp.MustCompile(`<img [^>]*alt="A (valley|logo)"[^>]*>`).FindAllString(page, -1)
	if len(imgs) != 2 || !strings.Contains(imgs[0], `loading="lazy"`) || !strings.Contains(imgs[1], `loading="lazy"`) {
		t.Errorf("loading: %q", imgs)
	}
	if res.ImagesEncoded != 2 {
		t.Errorf("%d images encoded, want 2", res.ImagesEncoded)
	}
	var warned bool
	for _, w := range res.Warnings {
		warned = warned || strings.HasSuffix(w.Error(), "content/posts/trip/index.md:13: image missing.jpg: no such file; put it beside the page (a page bundle: a folder with index.md) or in static/")
	}
	if !warned {
		t.Errorf("no warning for the missing image: %v", res.Warnings)
	}
}

// TestTextEditEncodesNoImage: a rebuild after a text edit reads no image
// and carries every variant; a changed image is encoded again, alone.
func TestTextEditEncodesNoImage(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	for name, text := range imageSite(t) {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := Options{Source: src, Output: filepath.Join(dir, "public"), Theme: defaultTheme(), Now: fixedNow}
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	post := filepath.Join(src, "content/posts/trip/index.md")
	text, _ := os.ReadFile(post)
	os.WriteFile(post, bytes.Replace(text, []byte("Text."), []byte("Edited text."), 1), 0o644)
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.ImagesEncoded != 0 {
		t.Errorf("a text edit encoded %d images", res.ImagesEncoded)
	}
	if res.Files > 4 || res.Carried < 14 {
		t.Errorf("a text edit wrote %d files and carried %d, want the page and its lists written, every image carried", res.Files, res.Carried)
	}
	logo := filepath.Join(src, "static/images/logo.jpg")
	os.WriteFile(logo, []byte(testJPEG(t, 320, 200)), 0o644)
	os.Chtimes(logo, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	if res, err = Build(opts); err != nil {
		t.Fatal(err)
	}
	if res.ImagesEncoded != 1 {
		t.Errorf("a changed image: %d images encoded, want 1", res.ImagesEncoded)
	}
	if page := mustRead(t, opts.Output, "posts/trip/index.html"); !strings.Contains(page, "logo-320w.jpg 320w") {
		t.Error("the page does not show the changed image's size")
	}
}

// TestBadImageIsPublishedAsItIs with a warning naming it.
func TestBadImageIsPublishedAsItIs(t *testing.T) {
	files := imageSite(t)
	files["content/posts/trip/photo.jpg"] = "\xff\xd8\xffnot really a jpeg"
	out, res, err := buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mustRead(t, out, "posts/trip/photo.jpg") != files["content/posts/trip/photo.jpg"] {
		t.Error("the bad image was not published as it is")
	}
	var warned bool
	for _, w := range res.Warnings {
		warned = warned || strings.Contains(w.Error(), "content/posts/trip/photo.jpg: jpeg image does not decode")
	}
	if !warned {
		t.Errorf("no warning names the image: %v", res.Warnings)
	}
	if page := mustRead(t, out, "posts/trip/index.html"); !strings.Contains(page, `<img src="/blog/posts/trip/photo.jpg" alt="A valley">`) {
		t.Error("the bad image is not linked as it is")
	}
}

// TestSocialCards: a page without an image gets a 1200×630 card in its
// folder, named in og:image and JSON-LD; a page with one keeps it; lists
// share the site's card; social_cards = false turns them off.
func TestSocialCards(t *testing.T) {
	files := imageSite(t)
	files["content/posts/plain.md"] = post("Plain", "2024-01-03", "")
	out, _, err := buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	card := mustRead(t, out, "posts/plain/social-card.png")
	cfg, err := png.DecodeConfig(strings.NewReader(card))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Fatalf("card: %v %dx%d", err, cfg.Width, cfg.Height)
	}
	page := mustRead(t, out, "posts/plain/index.html")
	for _, want := range []string{`<meta property="og:image" content="https://e.org/blog/posts/plain/social-card.png">`,
		`"image":"https://e.org/blog/posts/plain/social-card.png"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "posts/trip/social-card.png")); err == nil {
		t.Error("a page with an image got a card")
	}
	if home := mustRead(t, out, "index.html"); !strings.Contains(home, `content="https://e.org/blog/social-card.png"`) {
		t.Error("the home page does not show the site's card")
	}
	files["site.toml"] = "social_cards = false\n" + files["site.toml"]
	out, _, err = buildFiles(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "posts/plain/social-card.png")); err == nil {
		t.Error("social_cards = false still drew a card")
	}
}

// TestMissingFileArrives: a page that names a file the site lacks warns;
// once the file is added, the next build renders the page again and the
// warning is gone, even though the page itself did not change.
func TestMissingFileArrives(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	files := map[string]string{
		"site.toml":                 "social_cards = false\ntitle = \"T\"\nbase_url = \"https://e.org/\"\n",
		"content/posts/p/index.md":  "---\ntitle: P\ndate: 2024-01-02\n---\nText.\n\n![A diagram](diagram.avif)\n",
		"content/posts/p/notes.txt": "a bundle's other file",
		"content/posts/other.md":    "---\ntitle: Other\ndate: 2024-01-03\n---\nText.\n",
	}
	for name, text := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := Options{Source: src, Output: filepath.Join(dir, "public"), Theme: defaultTheme(), Now: fixedNow}
	missing := func(res *Result) bool {
		return slices.ContainsFunc(res.Warnings, func(w error) bool { return strings.Contains(w.Error(), "image diagram.avif: no such file") })
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !missing(res) {
		t.Fatalf("no warning for the missing file: %v", res.Warnings)
	}
	if res, err = Build(opts); err != nil || !missing(res) {
		t.Fatalf("a rebuild from the cache lost the warning (%v): %v", err, res.Warnings)
	}
	if err := os.WriteFile(filepath.Join(src, "content/posts/p/diagram.avif"), []byte("not decoded"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err = Build(opts); err != nil {
		t.Fatal(err)
	}
	if missing(res) {
		t.Errorf("the file arrived but the build still warns: %v", res.Warnings)
	}
}

// TestPurgeLeavesNoCopy: after a page with a photo is removed, a purging
// build leaves no copy of the photo's variants or of the page in the
// image cache or the output's standby folder; the other images stay.
func TestPurgeLeavesNoCopy(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	for name, text := range imageSite(t) {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public")
	opts := Options{Source: src, Output: out, Theme: defaultTheme(), Now: fixedNow}
	for range 2 { // the second build leaves the first's output as the standby
		if _, err := Build(opts); err != nil {
			t.Fatal(err)
		}
	}
	variant, err := os.ReadFile(filepath.Join(out, "posts/trip/photo-480w.webp"))
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(src, cacheDirName, "images")
	holding := func(data []byte) (found []string) {
		filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, _ := os.ReadFile(p); bytes.Equal(b, data) {
					found = append(found, p)
				}
			}
			return err
		})
		return found
	}
	if len(holding(variant)) == 0 {
		t.Fatal("the cache does not hold the photo's variant before the purge")
	}
	if err := os.RemoveAll(filepath.Join(src, "content/posts/trip")); err != nil {
		t.Fatal(err)
	}
	opts.Purge = true
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	if found := holding(variant); len(found) > 0 {
		t.Errorf("the removed photo's variant is still in the cache: %v", found)
	}
	if _, err := os.Stat(publish.StandbyPath(out)); err == nil {
		t.Error("the standby folder, with the removed page, is still there")
	}
	logo, _ := os.ReadFile(filepath.Join(out, "images/logo-300w.webp"))
	if len(logo) == 0 || len(holding(logo)) == 0 {
		t.Error("the purge removed the variants of an image the site still uses")
	}
	opts.Purge = false
	if res, err := Build(opts); err != nil || res.ImagesEncoded != 0 {
		t.Errorf("the build after a purge encoded %d images (%v), want 0", res.ImagesEncoded, err)
	}
}
