package images

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/gen2brain/webp"
)

// encode writes m in format f. Re-encoding from pixels is what strips the
// metadata: the encoders write none of the source's EXIF, XMP or ICC.
func encode(f Format, m *image.RGBA, s Settings) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case JPEG:
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: s.JPEGQuality})
	case WebP:
		// NRGBA, as the WASM encoder reads an *image.RGBA's premultiplied
		// bytes as if they were not, darkening translucent pixels.
		err = webp.Encode(&buf, toNRGBA(m), webp.Options{Quality: s.WebPQuality, Method: 4})
	default:
		err = png.Encode(&buf, m)
	}
	return buf.Bytes(), err
}

func toNRGBA(m *image.RGBA) *image.NRGBA {
	dst := image.NewNRGBA(m.Rect)
	draw.Draw(dst, dst.Rect, m, m.Rect.Min, draw.Src)
	return dst
}

// ownFormat is the format of the fallback variants: the source's, except
// that a still GIF becomes a PNG, since scaling makes more colours than a
// GIF palette holds and a GIF encoder would dither them.
func ownFormat(f Format) Format {
	if f == GIF {
		return PNG
	}
	return f
}

// EncoderVersion names everything besides the source and the settings
// that the output bytes depend on; it is part of the cache key, so that a
// new encoder, Go release or scaler makes the cache miss instead of
// serving bytes the current build would not make. The WebP package uses
// a system libwebp when it finds one (then the bytes follow that
// library), else its own libwebp compiled to WASM; the key says which.
var EncoderVersion = sync.OnceValue(func() string {
	mode := "wasm"
	if webp.Dynamic() == nil {
		mode = "system-libwebp"
	}
	return "rainmaker-images/1 " + runtime.Version() +
		" x/image@" + modVersion("golang.org/x/image", "v0.48.0") +
		" webp@" + modVersion("github.com/gen2brain/webp", "v0.5.5") + "/" + mode
})

// modVersion reads a dependency's version from the binary, so that the
// key follows go.mod without anyone editing a constant.
func modVersion(path, fallback string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fallback
	}
	for _, m := range info.Deps {
		if m.Path == path {
			if m.Replace != nil {
				return m.Replace.Version
			}
			return m.Version
		}
	}
	return fallback
}
