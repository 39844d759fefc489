package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gen2brain/webp"
	xwebp "golang.org/x/image/webp"
)

func newTestProcessor(t *testing.T, s Settings, dir string) *Processor {
	t.Helper()
	p, err := New(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWidthsFor(t *testing.T) {
	s := DefaultSettings()
	for _, tc := range []struct {
		width int
		want  []int
	}{
		{300, []int{300}},
		{480, []int{480}},
		{481, []int{480, 481}},
		{1000, []int{480, 960, 1000}},
		{1600, []int{480, 960, 1600}},
		{4000, []int{480, 960, 1600}},
	} {
		if got := s.WidthsFor(tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("WidthsFor(%d) = %v, want %v", tc.width, got, tc.want)
		}
	}
}

func TestProcessJPEG(t *testing.T) {
	p := newTestProcessor(t, testSettings(), t.TempDir())
	r, err := p.Process("posts/trip/photo.jpg", jpegBytes(t, halves(140, 70)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range r.Variants {
		names = append(names, v.Name)
	}
	want := []string{"photo-48w.jpg", "photo-48w.webp", "photo-96w.jpg", "photo-96w.webp",
		"photo-140w.jpg", "photo-140w.webp"}
	if !slices.Equal(names, want) {
		t.Fatalf("variants %v, want %v", names, want)
	}
	for _, v := range r.Variants {
		m := decodeFile(t, v)
		if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height || v.Height != v.Width/2 {
			t.Errorf("%s is %v, its variant says %d×%d", v.Name, b, v.Width, v.Height)
		}
	}
}

func decodeFile(t *testing.T, v Variant) image.Image {
	t.Helper()
	data, err := os.ReadFile(v.Path)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := sniff(data)
	if f != v.Format {
		t.Fatalf("%s holds %s bytes, not %s", v.Name, f, v.Format)
	}
	m, err := decode(f, data)
	if err != nil {
		t.Fatalf("%s: %v", v.Name, err)
	}
	return m
}

// An orientation-6 photo is stored turned a quarter anticlockwise: shown,
// it is taller than wide and its stored left half (red) is on top.
func TestOrientationAppliedAndMetadataStripped(t *testing.T) {
	for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		src := withEXIF(t, jpegBytes(t, halves(200, 100)), 6, bo)
		if !bytes.Contains(src, []byte(gpsMarker)) || exifOrientation(src) != 6 {
			t.Fatal("the fixture lacks its EXIF")
		}
		p := newTestProcessor(t, testSettings(), t.TempDir())
		r, err := p.Process("turned.jpg", src)
		if err != nil {
			t.Fatal(err)
		}
		if r.Width != 100 || r.Height != 200 {
			t.Fatalf("shown size %d×%d, want 100×200", r.Width, r.Height)
		}
		for _, v := range r.Variants {
			data, _ := os.ReadFile(v.Path)
			for _, leak := range []string{gpsMarker, "Exif", "II*\x00", "MM\x00*"} {
				if bytes.Contains(data, []byte(leak)) {
					t.Errorf("%s keeps %q of the source's metadata", v.Name, leak)
				}
			}
			m := decodeFile(t, v)
			b := m.Bounds()
			top, bottom := m.At(b.Dx()/2, b.Dy()/8), m.At(b.Dx()/2, b.Dy()*7/8)
			if !near(top, red) || !near(bottom, blue) {
				t.Errorf("%s: top %v, bottom %v; want red on top", v.Name, top, bottom)
			}
		}
	}
}

func near(c, want interface{ RGBA() (r, g, b, a uint32) }) bool {
	r1, g1, b1, _ := c.RGBA()
	r2, g2, b2, _ := want.RGBA()
	d := func(a, b uint32) bool { return max(a, b)-min(a, b) < 0x3000 }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

func TestPNGStaysPNG(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 120, 60))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	p := newTestProcessor(t, testSettings(), t.TempDir())
	r, err := p.Process("logo.png", pngBytes(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Variants[0]; got.Format != PNG || got.Name != "logo-48w.png" {
		t.Fatalf("first variant %+v, want logo-48w.png", got)
	}
	if len(r.Variants) != 6 { // 48, 96, 120: PNG and WebP each
		t.Fatalf("%d variants, want 6", len(r.Variants))
	}
}

func TestWebPSourceMakesWebPOnly(t *testing.T) {
	var buf bytes.Buffer
	if err := webp.Encode(&buf, halves(100, 50)); err != nil {
		t.Fatal(err)
	}
	p := newTestProcessor(t, testSettings(), t.TempDir())
	r, err := p.Process("a.webp", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range r.Variants {
		if v.Format != WebP {
			t.Errorf("%s: a WebP source gets WebP variants only", v.Name)
		}
		data, _ := os.ReadFile(v.Path)
		if _, err := xwebp.DecodeConfig(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: %v", v.Name, err)
		}
	}
}

func TestStillGIFFallsBackToPNG(t *testing.T) {
	g := animatedGIF(t)
	frames := gifFrames(g)
	if frames != 2 { // counted up to two
		t.Fatalf("gifFrames = %d of an animated GIF", frames)
	}
	p := newTestProcessor(t, testSettings(), t.TempDir())
	r, err := p.Process("anim.gif", g)
	if err != nil || !r.Passthrough || len(r.Variants) != 0 || r.Width != 40 || r.Height != 30 {
		t.Fatalf("animated GIF: %+v, %v; want it passed through at 40×30", r, err)
	}
	still := stillGIF(t)
	r, err = p.Process("still.gif", still)
	if err != nil || r.Passthrough || r.Variants[0].Format != PNG {
		t.Fatalf("still GIF: %+v, %v; want PNG variants", r, err)
	}
}

func TestErrors(t *testing.T) {
	jpg := jpegBytes(t, halves(64, 64))
	small := testSettings()
	small.MaxPixels = 1000
	for _, tc := range []struct {
		name, file string
		data       []byte
		s          Settings
		kind       error
		says       string
	}{
		{"not an image", "notes.jpg", []byte("hello, world"), testSettings(), ErrUnsupported, "not a JPEG, PNG"},
		{"broken header", "bad.jpg", []byte("\xff\xd8\xff\xe0junk"), testSettings(), ErrUndecodable, "jpeg image does not decode"},
		{"truncated", "cut.jpg", jpg[:len(jpg)/2], testSettings(), ErrUndecodable, "jpeg image does not decode"},
		{"over the limit", "big.jpg", jpg, small, ErrTooLarge, "64×64 px"},
		{"huge header", "huge.png", pngHeader(65535, 65535), testSettings(), ErrTooLarge, "the limit is 50.0"},
		{"svg of nothing", "x.svg", []byte("<html><svg></svg></html>"), testSettings(), ErrUnsupported, "x.svg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestProcessor(t, tc.s, t.TempDir())
			_, err := p.Process(tc.file, tc.data)
			var e *Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &e) || e.Name != tc.file {
				t.Fatalf("err = %v, want an *Error of kind %v naming %s", err, tc.kind, tc.file)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("%q does not say %q", err, tc.says)
			}
		})
	}
}

func TestSVGSize(t *testing.T) {
	for _, tc := range []struct {
		svg  string
		w, h int
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>`, 120, 40},
		{`<?xml version="1.0"?><!-- logo --><svg width="120px" height="40.4px"></svg>`, 120, 40},
		{`<svg viewBox="0 0 300 150"></svg>`, 300, 150},
		{`<svg width="600" viewBox="0,0,300,150"></svg>`, 600, 300},
		{`<svg width="100%" height="100%"></svg>`, 0, 0},
	} {
		p := newTestProcessor(t, testSettings(), t.TempDir())
		r, err := p.Process("logo.svg", []byte(tc.svg))
		if err != nil || !r.Passthrough || r.Width != tc.w || r.Height != tc.h {
			t.Errorf("%s: %+v, %v; want %d×%d passed through", tc.svg, r, err, tc.w, tc.h)
		}
	}
}

func TestProcessAll(t *testing.T) {
	jpg := jpegBytes(t, halves(120, 80))
	png := pngBytes(t, halves(90, 90))
	fsys := fstest.MapFS{
		"a/logo.png":   {Data: png},
		"a/photo.jpg":  {Data: jpg},
		"b/same.jpg":   {Data: jpg}, // the same bytes: encoded once
		"c/broken.png": {Data: []byte("\x89PNG\r\n\x1a\nnope")},
		"d/logo.svg":   {Data: []byte(`<svg width="10" height="10"/>`)},
	}
	names := []string{"a/photo.jpg", "b/same.jpg", "c/broken.png", "d/logo.svg", "e/missing.jpg", "a/logo.png"}
	p := newTestProcessor(t, testSettings(), t.TempDir())
	results, errs := p.ProcessAll(fsys, names)
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Error(), "c/broken.png:") || !strings.HasPrefix(errs[1].Error(), "e/missing.jpg:") {
		t.Fatalf("errs = %v, want broken.png's then missing.jpg's", errs)
	}
	if results[0] == nil || results[1] == nil || results[2] != nil || results[3] == nil || results[4] != nil || results[5] == nil {
		t.Fatalf("results = %v", results)
	}
	if results[1].Variants[0].Name != "same-48w.jpg" {
		t.Errorf("a copy is named after its own file, got %s", results[1].Variants[0].Name)
	}
	if st := p.Stats(); st.Processed != 2 || st.Cached != 1 || st.Passthrough != 1 {
		t.Errorf("stats %+v, want two images encoded, a copy cached, the SVG passed", st)
	}
}
