package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

const photoGPSMarker = "GPS-SECRET-40.6892N-74.0445W"

// photoJPEG is a w×h JPEG with an EXIF block whose GPS IFD carries
// photoGPSMarker, as a phone's photo carries where it was taken.
func photoJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	bo := binary.BigEndian
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := bo.AppendUint16(nil, tag)
		e = bo.AppendUint16(e, typ)
		e = bo.AppendUint32(e, count)
		return bo.AppendUint32(e, value)
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01")
	tiff = append(tiff, entry(0x8825, 4, 1, 26)...)
	tiff = append(bo.AppendUint32(tiff, 0), 0, 1)
	tiff = append(tiff, entry(0x001b, 7, uint32(len(photoGPSMarker)), 44)...)
	tiff = append(bo.AppendUint32(tiff, 0), photoGPSMarker...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	jpg := buf.Bytes()
	out := append([]byte{0xff, 0xd8, 0xff, 0xe1}, bo.AppendUint16(nil, uint16(len(seg)+2))...)
	out = append(append(out, seg...), jpg[2:]...)
	if !bytes.Contains(out, []byte(photoGPSMarker)) {
		t.Fatal("the fixture lost its GPS block")
	}
	return out
}

// receiveSite builds a copy of the sample blog and serves it and its
// story endpoint on one origin, as a reverse proxy would.
func receiveSite(t *testing.T) (srv *httptest.Server, site string) {
	t.Helper()
	var handler http.Handler = http.NotFoundHandler()
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	site = copySampleSite(t, srv.URL+"/")
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
	mux.Handle(recv.Path+"/", endpoint) // the thanks page and the withdraw link
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join(site, "public"))))
	handler = mux
	return srv, site
}

// approveAndBuild approves the one waiting story and builds the site; it
// returns the story's bundle folder in public/.
func approveAndBuild(t *testing.T, site string) (submission.Stored, string) {
	t.Helper()
	list, err := (&submission.Inbox{Dir: filepath.Join(site, "inbox")}).List()
	if err != nil || len(list) != 1 {
		t.Fatalf("inbox = %v, %v", list, err)
	}
	story := list[0]
	code, stdout, stderr := runCLI("inbox", "show", story.ID, "-s", site)
	if code != 0 || !strings.Contains(stdout, "Photo:") || !strings.Contains(stdout, story.ID+".photo.jpg") {
		t.Errorf("inbox show: %d %s %s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI("inbox", "list", "-s", site)
	if code != 0 || strings.Count(stdout, story.ID) != 1 || strings.Contains(stdout, ".photo.") {
		t.Errorf("inbox list: %d %q %q", code, stdout, stderr)
	}
	// approve writes the bundle, builds the site and says where the story is.
	code, stdout, stderr = runCLI("inbox", "approve", story.ID, "-s", site)
	first, _, _ := strings.Cut(stdout, "\n")
	if code != 0 || !strings.HasSuffix(first, filepath.Join("index.md")) || !strings.Contains(stdout, "published at ") {
		t.Fatalf("approve: %d %s %s", code, stdout, stderr)
	}
	slug := filepath.Base(filepath.Dir(first[strings.LastIndex(first, " ")+1:]))
	return story, filepath.Join(site, "public", "stories", slug)
}

// TestApprovedPhotoIsPublishedAtItsWidths: a story sent with a photo
// (multipart, as the form posts it) is approved and built; the photo is
// on the story's page at the site's widths, without its GPS block.
func TestApprovedPhotoIsPublishedAtItsWidths(t *testing.T) {
	srv, site := receiveSite(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{
		"name": "Ana L.", "email": "ana@example.org", "title": "The photo I sent with my story",
		"story": strings.Repeat("Coaching gave me back my Fridays and my pipeline grew. ", 5), "consent": "true",
	} {
		mw.WriteField(k, v)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="photo"; filename="../../IMG_2041.JPG"`)
	h.Set("Content-Type", "image/jpeg")
	pw, _ := mw.CreatePart(h)
	pw.Write(photoJPEG(t, 1200, 800))
	mw.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Post(srv.URL+"/api/stories", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d", resp.StatusCode)
	}
	_, dir := approveAndBuild(t, site)
	for _, w := range []int{480, 960, 1200} {
		for _, ext := range []string{"jpg", "webp"} {
			name := fmt.Sprintf("photo-%dw.%s", w, ext)
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Errorf("%s is not published: %v", name, err)
			} else if bytes.Contains(data, []byte(photoGPSMarker)) {
				t.Errorf("%s holds the GPS block", name)
			}
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<picture") || !strings.Contains(string(page), "photo-480w.webp") ||
		!strings.Contains(string(page), `alt="Photo of Ana L."`) || strings.Contains(string(page), "ana@example.org") {
		t.Errorf("the story page does not show the photo as a picture:\n%s", page)
	}
	filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, ".rainmaker-cache") {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(photoGPSMarker)) {
				t.Errorf("%s holds the photo's GPS block", p)
			}
		}
		return nil
	})
}

// noScripts turns the page's scripts off, as a reader may.
func noScripts() chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
}

// TestSubmitStoryWithPhotoInBrowser: a reader chooses a photo in the form
// in Chromium with scripts off, sends it, and after approval and a build
// the story's page shows it.
func TestSubmitStoryWithPhotoInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	srv, site := receiveSite(t)
	photo := filepath.Join(t.TempDir(), "me.jpg")
	os.WriteFile(photo, photoJPEG(t, 800, 600), 0o644)
	story := "Our coach asked what a good week would look like. I blocked two mornings for my largest accounts, " +
		"handed the proposal formatting to operations, and by the end of the quarter I had closed the two deals I had been chasing all year."
	err := chromedp.Do(ctx,
		noScripts(),
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(srv.URL+"/submit/"),
		chromedp.WaitVisible(chromedp.CSS("form.story-form")),
		chromedp.SendKeys(chromedp.CSS("#field-name"), "Mina K."),
		chromedp.SendKeys(chromedp.CSS("#field-email"), "mina@example.org"),
		chromedp.SendKeys(chromedp.CSS("#field-title"), "Two mornings a week changed my year"),
		chromedp.SendKeys(chromedp.CSS("#field-story"), story),
		chromedp.SetUploadFiles(chromedp.CSS("#field-photo"), []string{photo}),
	)
	if err != nil {
		t.Fatal(err)
	}
	check(t, ctx, "#field-consent")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.story-form button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	var location string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if location, _ = chromedp.Run(ctx, chromedp.Location()); strings.Contains(location, "/api/stories/thanks/") {
			break
		}
	}
	if !strings.Contains(location, "/api/stories/thanks/") {
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("after sending: at %s: %s", location, text)
	}
	stored, dir := approveAndBuild(t, site)
	if stored.Title != "Two mornings a week changed my year" || stored.Email != "mina@example.org" {
		t.Errorf("stored %+v", stored)
	}
	rel, _ := filepath.Rel(filepath.Join(site, "public"), dir)
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"+filepath.ToSlash(rel)+"/"),
		chromedp.WaitVisible(chromedp.CSS("picture img")),
	)
	if err != nil {
		t.Fatal(err)
	}
	var loaded bool
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !loaded; time.Sleep(50 * time.Millisecond) {
		loaded, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector("picture img"); return i.complete && i.naturalWidth > 0 })()`))
	}
	src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("picture img").currentSrc`))
	if !loaded || !strings.Contains(src, "/photo-") {
		t.Errorf("the story's photo did not load: %q", src)
	}
}
