package images

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// Format is an image file format.
type Format string

// The formats Process knows.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	GIF  Format = "gif"
	WebP Format = "webp"
	SVG  Format = "svg"
)

// Ext is the file name extension written for the format.
func (f Format) Ext() string {
	if f == JPEG {
		return ".jpg"
	}
	return "." + string(f)
}

// MIME is the format's media type, for <source type>.
func (f Format) MIME() string {
	if f == SVG {
		return "image/svg+xml"
	}
	return "image/" + string(f)
}

// sniff tells the format from the first bytes, as image.Decode does, but
// here: two WebP packages register "webp" with package image, and which
// one image.Decode picks would depend on init order.
func sniff(data []byte) (Format, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return JPEG, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, true
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF, true
	case len(data) >= 16 && string(data[:4]) == "RIFF" && string(data[8:15]) == "WEBPVP8":
		return WebP, true
	case looksLikeSVG(data):
		return SVG, true
	}
	return "", false
}

func decodeConfig(f Format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		return jpeg.DecodeConfig(r)
	case PNG:
		return png.DecodeConfig(r)
	case GIF:
		return gif.DecodeConfig(r)
	case WebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("no decoder for %s", f)
}

func decode(f Format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case JPEG:
		return jpeg.Decode(r)
	case PNG:
		return png.Decode(r)
	case GIF:
		return gif.Decode(r)
	case WebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("no decoder for %s", f)
}

// animated reports an image with more than one frame: those are
// published as they are, since scaling would keep one frame only.
func animated(f Format, data []byte) bool {
	switch f {
	case GIF:
		return gifFrames(data) > 1
	case WebP:
		// A VP8X header with the animation flag (RIFF container spec).
		return len(data) >= 21 && string(data[12:16]) == "VP8X" && data[20]&0x02 != 0
	}
	return false
}

// gifFrames counts image descriptors up to two, walking the GIF's blocks
// without decoding any: a full gif.DecodeAll would decode every frame.
// Each step moves forward, so hostile bytes end the walk, never loop it.
func gifFrames(data []byte) int {
	if len(data) < 13 {
		return 0
	}
	i := 13
	if data[10]&0x80 != 0 { // global colour table
		i += 3 << (data[10]&7 + 1)
	}
	frames := 0
	for i < len(data) && frames < 2 {
		switch data[i] {
		case 0x21: // extension: label, then sub-blocks
			i = skipSubBlocks(data, i+2)
		case 0x2c: // image descriptor: 9 bytes, local table, LZW size, sub-blocks
			frames++
			if i+10 > len(data) {
				return frames
			}
			packed := data[i+9]
			i += 10
			if packed&0x80 != 0 {
				i += 3 << (packed&7 + 1)
			}
			i = skipSubBlocks(data, i+1)
		default: // trailer or junk
			return frames
		}
	}
	return frames
}

func skipSubBlocks(data []byte, i int) int {
	for i < len(data) {
		n := int(data[i])
		i++
		if n == 0 {
			return i
		}
		i += n
	}
	return i
}
