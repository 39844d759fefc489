package images

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// Fixtures are made here, in code: each test says what its image is.

var (
	red  = color.RGBA{220, 20, 20, 255}
	blue = color.RGBA{20, 20, 220, 255}
)

// halves is w×h, its left half red and its right half blue: which side
// ends up on top tells how an image was turned.
func halves(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			if x >= w/2 {
				c = blue
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func jpegBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const gpsMarker = "GPS-SECRET-51.5007N-0.1246W"

// withEXIF puts an APP1 EXIF segment after a JPEG's SOI: IFD0 holds the
// orientation and a pointer to a GPS IFD, whose one entry carries
// gpsMarker, so that a test can look for it in the output.
func withEXIF(t testing.TB, jpg []byte, orientation int, order byteOrder) []byte {
	t.Helper()
	tiff := exifTIFF(orientation, order)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// byteOrder is what binary.LittleEndian and BigEndian both are.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func exifTIFF(orientation int, bo byteOrder) []byte {
	b := make([]byte, 8)
	if bo.String() == binary.LittleEndian.String() {
		copy(b, "II")
	} else {
		copy(b, "MM")
	}
	bo.PutUint16(b[2:], 42)
	bo.PutUint32(b[4:], 8)
	entry := func(tag, typ uint16, count, value uint32, short bool) []byte {
		e := make([]byte, 12)
		bo.PutUint16(e, tag)
		bo.PutUint16(e[2:], typ)
		bo.PutUint32(e[4:], count)
		if short {
			bo.PutUint16(e[8:], uint16(value))
		} else {
			bo.PutUint32(e[8:], value)
		}
		return e
	}
	const ifd0Size = 2 + 2*12 + 4
	gpsAt := uint32(8 + ifd0Size)
	b = bo.AppendUint16(b, 2)
	b = append(b, entry(0x0112, 3, 1, uint32(orientation), true)...)
	b = append(b, entry(0x8825, 4, 1, gpsAt, false)...)
	b = bo.AppendUint32(b, 0)
	// GPS IFD: GPSProcessingMethod (UNDEFINED) pointing at the marker.
	markerAt := gpsAt + 2 + 12 + 4
	b = bo.AppendUint16(b, 1)
	b = append(b, entry(0x001b, 7, uint32(len(gpsMarker)), markerAt, false)...)
	b = bo.AppendUint32(b, 0)
	return append(b, gpsMarker...)
}

// pngHeader is the signature and IHDR of a PNG claiming w×h pixels, with
// no pixel data: enough for DecodeConfig, which is all a limit should read.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := binary.BigEndian.AppendUint32(nil, 13)
	chunk = append(chunk, "IHDR"...)
	chunk = append(chunk, ihdr...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	return append([]byte("\x89PNG\r\n\x1a\n"), chunk...)
}

func animatedGIF(t testing.TB) []byte {
	t.Helper()
	pal := color.Palette{red, blue}
	var g gif.GIF
	for i := range 3 {
		f := image.NewPaletted(image.Rect(0, 0, 40, 30), pal)
		for j := range f.Pix {
			f.Pix[j] = uint8((i + j) % 2)
		}
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testSettings keep the widths small: the WASM WebP encoder is the
// slow part, and small images exercise the same code.
func testSettings() Settings {
	s := DefaultSettings()
	s.Widths = []int{48, 96, 160}
	return s
}

func stillGIF(t testing.TB) []byte {
	t.Helper()
	f := image.NewPaletted(image.Rect(0, 0, 40, 30), color.Palette{red, blue})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, f, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
