package images

import (
	"encoding/binary"
	"image"
)

// exifOrientation reads the orientation tag (0x0112) of a JPEG's EXIF
// segment: 1 (as stored) to 8, and 1 when there is none or the bytes make
// no sense. A small parser of its own because it reads one tag of IFD0
// only: every offset is checked against the slice, every step moves
// forward, and no IFD link is followed, so hostile bytes cannot make it
// read out of bounds or loop.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xff: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd8: // no length
			i += 2
			continue
		case marker == 0xda || marker == 0xd9: // image data: no EXIF after it
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 {
			return 1
		}
		end := min(i+2+n, len(data))
		seg := data[i+4 : end]
		if marker == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		i = end
	}
	return 1
}

// tiffOrientation finds the orientation in IFD0 of a TIFF header; 0 if
// there is none.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for k := range count {
		e := int(off) + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 { // SHORT, as the standard has it
			return 0
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// swapsAxes reports an orientation that turns the image a quarter:
// width and height trade places.
func swapsAxes(o int) bool { return o >= 5 && o <= 8 }

// orient returns m as it is meant to be seen. It runs on the scaled
// image, not the source, as turning a 50-megapixel photo costs more than
// turning its 1600-pixel variant and the result is the same.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if swapsAxes(o) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			sx, sy := sourcePoint(o, x, y, w, h)
			s := m.PixOffset(m.Rect.Min.X+sx, m.Rect.Min.Y+sy)
			d := dst.PixOffset(x, y)
			copy(dst.Pix[d:d+4], m.Pix[s:s+4])
		}
	}
	return dst
}

// sourcePoint maps a point of the shown image to the stored one, for the
// eight EXIF orientations (w, h: the stored size).
func sourcePoint(o, x, y, w, h int) (int, int) {
	switch o {
	case 2: // mirrored
		return w - 1 - x, y
	case 3: // turned half
		return w - 1 - x, h - 1 - y
	case 4: // mirrored upside down
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // stored a quarter anticlockwise: shown turned clockwise
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	case 8: // stored a quarter clockwise
		return w - 1 - y, x
	}
	return x, y
}
