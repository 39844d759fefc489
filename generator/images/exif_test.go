package images

import (
	"encoding/binary"
	"image"
	"testing"
	"time"
)

func TestEXIFOrientation(t *testing.T) {
	jpg := jpegBytes(t, halves(8, 8))
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"no EXIF", jpg, 1},
		{"little-endian 6", withEXIF(t, jpg, 6, binary.LittleEndian), 6},
		{"big-endian 8", withEXIF(t, jpg, 8, binary.BigEndian), 8},
		{"out of range 9", withEXIF(t, jpg, 9, binary.LittleEndian), 1},
		{"zero", withEXIF(t, jpg, 0, binary.BigEndian), 1},
		{"cut in the TIFF header", withEXIF(t, jpg, 6, binary.LittleEndian)[:2+4+6+5], 1},
		{"cut in IFD0", withEXIF(t, jpg, 6, binary.LittleEndian)[:2+4+6+8+2+6], 1},
		{"not a JPEG", []byte("GIF89a"), 1},
		{"empty", nil, 1},
		{"segment length zero", []byte{0xff, 0xd8, 0xff, 0xe1, 0, 0, 'E', 'x'}, 1},
		{"fill bytes", append([]byte{0xff, 0xd8, 0xff, 0xff}, withEXIF(t, jpg, 3, binary.LittleEndian)[2:]...), 3},
	} {
		if got := exifOrientation(tc.data); got != tc.want {
			t.Errorf("%s: orientation %d, want %d", tc.name, got, tc.want)
		}
	}
}

// The IFD entry count may claim 65535 entries in a few bytes: the walk
// must stop at the end of the data.
func TestEXIFHostileCount(t *testing.T) {
	tiff := exifTIFF(6, binary.LittleEndian)
	binary.LittleEndian.PutUint16(tiff[8:], 0xffff)
	binary.LittleEndian.PutUint16(tiff[10:], 0x9999) // the orientation entry is not first now
	data := withEXIFRaw(tiff)
	if got := exifOrientation(data); got != 1 {
		t.Errorf("orientation %d, want 1", got)
	}
}

func withEXIFRaw(tiff []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xff, 0xd8, 0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(out[4:], uint16(len(seg)+2))
	return append(append(out, seg...), 0xff, 0xd9)
}

func FuzzEXIFOrientation(f *testing.F) {
	jpg := jpegBytes(f, halves(4, 4))
	f.Add(jpg)
	f.Add(withEXIF(f, jpg, 6, binary.LittleEndian))
	f.Add(withEXIF(f, jpg, 5, binary.BigEndian))
	f.Add(withEXIFRaw([]byte("MM\x00*\xff\xff\xff\xff")))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		o := exifOrientation(data)
		if o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("%d bytes took %v", len(data), d)
		}
	})
}

func TestOrientMapsEveryCorner(t *testing.T) {
	// 3×2, each pixel its own colour: every orientation must be a
	// permutation that matches the EXIF table's corner for the origin.
	m := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		m.Pix[4*i] = uint8(i + 1)
	}
	// Which stored pixel is shown at the top left, per orientation.
	topLeft := map[int]int{1: 1, 2: 3, 3: 6, 4: 4, 5: 1, 6: 4, 7: 6, 8: 3}
	for o := 1; o <= 8; o++ {
		got := orient(m, o)
		w, h := got.Rect.Dx(), got.Rect.Dy()
		if swapsAxes(o) != (w == 2 && h == 3) {
			t.Errorf("orientation %d: %d×%d", o, w, h)
		}
		seen := map[uint8]bool{}
		for i := range 6 {
			seen[got.Pix[4*i]] = true
		}
		if len(seen) != 6 {
			t.Errorf("orientation %d lost pixels: %v", o, got.Pix)
		}
		if int(got.Pix[0]) != topLeft[o] {
			t.Errorf("orientation %d: top left is stored pixel %d, want %d", o, got.Pix[0], topLeft[o])
		}
	}
}
