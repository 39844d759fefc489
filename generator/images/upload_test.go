package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"testing"

	"github.com/gen2brain/webp"
)

func TestReencodeStripsMetadataAndTurns(t *testing.T) {
	// Stored 8×4, orientation 6: shown 4×8, turned clockwise.
	src := withEXIF(t, jpegBytes(t, halves(8, 4)), 6, binary.LittleEndian)
	src = append(src, []byte("PK\x03\x04 a zip appended to the photo")...)
	up, err := Reencode("photo", src, 25_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if up.Format != JPEG || up.Width != 4 || up.Height != 8 {
		t.Errorf("got %s %d×%d, want jpeg 4×8", up.Format, up.Width, up.Height)
	}
	for _, leak := range []string{gpsMarker, "Exif", "PK\x03\x04"} {
		if bytes.Contains(up.Data, []byte(leak)) {
			t.Errorf("the re-encoded photo still holds %q", leak)
		}
	}
	m, _, err := image.Decode(bytes.NewReader(up.Data))
	if err != nil {
		t.Fatal(err)
	}
	// Turned clockwise, the red left half is on top.
	if r, _, b, _ := m.At(2, 1).RGBA(); r < b {
		t.Errorf("the top is not red: the orientation was not applied")
	}
}

func TestReencodeKeepsFormat(t *testing.T) {
	var wbuf bytes.Buffer
	if err := webp.Encode(&wbuf, halves(16, 8), webp.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		want Format
	}{
		"png":  {pngBytes(t, halves(16, 8)), PNG},
		"webp": {wbuf.Bytes(), WebP},
		"jpeg": {jpegBytes(t, halves(16, 8)), JPEG},
	} {
		up, err := Reencode(name, tc.data, 1000)
		if err != nil || up.Format != tc.want || up.Width != 16 || up.Height != 8 {
			t.Errorf("%s: %+v, %v", name, up, err)
			continue
		}
		if f, _ := sniff(up.Data); f != tc.want {
			t.Errorf("%s: re-encoded as %s", name, f)
		}
	}
}

func TestReencodeRefuses(t *testing.T) {
	jpg := jpegBytes(t, halves(64, 64))
	for name, tc := range map[string]struct {
		data []byte
		kind error
	}{
		"a PNG declaring 30000×30000 in a few bytes": {pngHeader(30000, 30000), ErrTooLarge},
		"over the limit by one pixel":                {pngBytes(t, halves(101, 101)), ErrTooLarge},
		"a GIF":                                      {stillGIF(t), ErrUnsupported},
		"an animated GIF":                            {animatedGIF(t), ErrUnsupported},
		"an SVG":                                     {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrUnsupported},
		"a zip":                                      {[]byte("PK\x03\x04\x14\x00\x00\x00photo.jpg"), ErrUnsupported},
		"an HTML page":                               {[]byte("<!DOCTYPE html><script>alert(1)</script>"), ErrUnsupported},
		"a truncated JPEG":                           {jpg[:len(jpg)/2], ErrUndecodable},
		"a JPEG header only":                         {jpg[:20], ErrUndecodable},
		"PNG magic, then HTML":                       {append([]byte("\x89PNG\r\n\x1a\n"), "<script>alert(1)</script>"...), ErrUndecodable},
		"a PNG declaring 0×0":                        {pngHeader(0, 0), ErrUndecodable},
		"empty":                                      {nil, ErrUnsupported},
	} {
		up, err := Reencode("photo", tc.data, 10_100)
		var ie *Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &ie) || ie.Name != "photo" {
			t.Errorf("%s: %v (accepted: %t); want %v", name, err, up != nil, tc.kind)
		}
	}
}

func FuzzReencode(f *testing.F) {
	f.Add(jpegBytes(f, halves(8, 8)))
	f.Add(pngBytes(f, halves(8, 8)))
	f.Add(pngHeader(30000, 30000))
	f.Add(withEXIF(f, jpegBytes(f, halves(8, 4)), 6, binary.BigEndian))
	f.Fuzz(func(t *testing.T, data []byte) {
		up, err := Reencode("photo", data, 1<<16)
		if err != nil {
			return
		}
		if int64(up.Width)*int64(up.Height) > 1<<16 {
			t.Fatalf("%d×%d passed a limit of 65536 px", up.Width, up.Height)
		}
		if _, _, err := image.Decode(bytes.NewReader(up.Data)); err != nil && up.Format != WebP {
			t.Fatalf("the re-encoded image does not decode: %v", err)
		}
	})
}
