package images

import (
	"image"
	"image/color"
	"testing"
)

// photoLike is w×h of smooth gradients and fine texture, so that the
// encoders and the scaler work as they do on a photo, not on flat colour.
func photoLike(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8((x*7 + y*13) ^ (x * y >> 6))
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), n, 255})
		}
	}
	return m
}

// BenchmarkProcess is one 3000×2000 JPEG made at the default widths, in
// JPEG and WebP: "encode" with an empty cache (a clean build), "cached"
// with the cache filled (a rebuild where only text changed).
func BenchmarkProcess(b *testing.B) {
	src := jpegBytes(b, photoLike(3000, 2000))
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			p, err := New(DefaultSettings(), b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Process("photo.jpg", src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		dir := b.TempDir()
		p, _ := New(DefaultSettings(), dir)
		if _, err := p.Process("photo.jpg", src); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := p.Process("photo.jpg", src); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSocialCard(b *testing.B) {
	for b.Loop() {
		if _, err := SocialCard(story()); err != nil {
			b.Fatal(err)
		}
	}
}
