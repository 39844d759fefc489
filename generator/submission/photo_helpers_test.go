package submission_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gpsMarker is the text a test photo's EXIF GPS block carries, to be
// looked for in what is stored.
const gpsMarker = "GPS-SECRET-48.8584N-2.2945E"

// part is one file part of a multipart body.
type part struct {
	name, filename string
	data           []byte
	header         textproto.MIMEHeader // extra headers
}

// multipartBody encodes fields (strings, or lists for repeated keys) and
// file parts, returning the body and its Content-Type.
func multipartBody(t testing.TB, fields map[string]any, files []part) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for name, v := range fields {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				w.WriteField(name, fmt.Sprint(x))
			}
		case []string:
			for _, x := range v {
				w.WriteField(name, x)
			}
		default:
			w.WriteField(name, fmt.Sprint(v))
		}
	}
	for _, p := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.filename))
		h.Set("Content-Type", "image/jpeg")
		for k, vs := range p.header {
			h[k] = vs
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(p.data)
	}
	w.Close()
	return buf.String(), w.FormDataContentType()
}

// formFields is a valid story as the fields of a multipart body.
func formFields() map[string]any {
	out := map[string]any{}
	for k, v := range validStory() {
		out[k] = v
	}
	return out
}

func multipartRequest(t testing.TB, fields map[string]any, files ...part) *http.Request {
	body, ct := multipartBody(t, fields, files)
	r := httptest.NewRequest(http.MethodPost, "http://example.test/api/stories", strings.NewReader(body))
	r.Header.Set("Content-Type", ct)
	return r
}

// testImage is w×h, red on the left and blue on the right.
func testImage(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func jpegOf(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jpegWithGPS is a JPEG whose EXIF block (APP1, after SOI) holds IFD0
// with a pointer to a GPS IFD, whose one entry (GPSProcessingMethod)
// carries gpsMarker, as a phone's photo carries where it was taken.
func jpegWithGPS(t testing.TB, w, h int) []byte {
	t.Helper()
	bo := binary.BigEndian
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		bo.PutUint16(e, tag)
		bo.PutUint16(e[2:], typ)
		bo.PutUint32(e[4:], count)
		bo.PutUint32(e[8:], value)
		return e
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	const ifd0Size = 2 + 12 + 4
	gpsAt := uint32(8 + ifd0Size)
	tiff = bo.AppendUint16(tiff, 1)
	tiff = append(tiff, entry(0x8825, 4, 1, gpsAt)...) // GPSInfo
	tiff = bo.AppendUint32(tiff, 0)
	markerAt := gpsAt + 2 + 12 + 4
	tiff = bo.AppendUint16(tiff, 1)
	tiff = append(tiff, entry(0x001b, 7, uint32(len(gpsMarker)), markerAt)...)
	tiff = bo.AppendUint32(tiff, 0)
	tiff = append(tiff, gpsMarker...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := bo.AppendUint16([]byte{0xff, 0xe1}, uint16(len(seg)+2))
	jpg := jpegOf(t, w, h)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngClaiming is a PNG signature and header declaring w×h pixels, with no
// pixels: a decompression bomb's first bytes.
func pngClaiming(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk := binary.BigEndian.AppendUint32(nil, 13)
	chunk = append(chunk, "IHDR"...)
	chunk = append(chunk, ihdr...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	idat := binary.BigEndian.AppendUint32(nil, 1000)
	idat = append(idat, "IDAT"...)
	idat = append(idat, make([]byte, 1000)...)
	return append(append([]byte("\x89PNG\r\n\x1a\n"), chunk...), idat...)
}

// filesIn lists every file under dir, relative to it.
func filesIn(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// photosIn lists the photo files of an inbox folder.
func photosIn(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range filesIn(t, dir) {
		if strings.Contains(f, ".photo.") {
			out = append(out, f)
		}
	}
	return out
}
