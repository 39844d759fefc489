package images

import (
	"fmt"
	"slices"
)

// Settings are what a site may change about its images. Every field that
// changes output bytes is part of the cache key.
type Settings struct {
	// Widths are the widths, in pixels, to publish. An image is never
	// enlarged: widths above its own are dropped, and its own width is
	// added when it is below the largest.
	Widths []int
	// JPEGQuality is 1 to 100.
	JPEGQuality int
	// WebP adds a WebP file beside each variant.
	WebP bool
	// WebPQuality is 1 to 100 (lossy).
	WebPQuality int
	// Scaler is "catmullrom" (sharp; the default) or "bilinear" (about
	// ten times faster to scale, softer and prone to moiré).
	Scaler string
	// MaxPixels refuses larger images before decoding them, so that a
	// hostile or mistaken 20,000×20,000 file cannot take the build's memory.
	MaxPixels int64
}

// DefaultSettings are the widths of a phone, a tablet or a column, and a
// large screen; qualities where photos look as the original at a third
// of the bytes.
func DefaultSettings() Settings {
	return Settings{
		Widths:      []int{480, 960, 1600},
		JPEGQuality: 80,
		WebP:        true,
		WebPQuality: 75,
		Scaler:      ScalerCatmullRom,
		MaxPixels:   50_000_000,
	}
}

// The scalers Settings.Scaler accepts.
const (
	ScalerCatmullRom = "catmullrom"
	ScalerBiLinear   = "bilinear"
)

// Validate reports the first setting that cannot be used, naming it.
func (s Settings) Validate() error {
	if len(s.Widths) == 0 {
		return fmt.Errorf("images: widths: give at least one width, like [480, 960, 1600]")
	}
	for _, w := range s.Widths {
		if w < 1 || w > 16384 {
			return fmt.Errorf("images: widths: %d is not between 1 and 16384", w)
		}
	}
	if s.JPEGQuality < 1 || s.JPEGQuality > 100 {
		return fmt.Errorf("images: jpeg_quality: %d is not between 1 and 100", s.JPEGQuality)
	}
	if s.WebP && (s.WebPQuality < 1 || s.WebPQuality > 100) {
		return fmt.Errorf("images: webp_quality: %d is not between 1 and 100", s.WebPQuality)
	}
	if s.Scaler != ScalerCatmullRom && s.Scaler != ScalerBiLinear {
		return fmt.Errorf("images: scaler: %q is not %q or %q", s.Scaler, ScalerCatmullRom, ScalerBiLinear)
	}
	if s.MaxPixels < 1 {
		return fmt.Errorf("images: max_megapixels: the limit must be above zero")
	}
	return nil
}

// sortedWidths returns the widths ascending, without repeats.
func (s Settings) sortedWidths() []int {
	ws := slices.Clone(s.Widths)
	slices.Sort(ws)
	return slices.Compact(ws)
}

// keyString is the part of the cache key the settings make: only what
// changes the bytes written (MaxPixels only refuses, so it is not in it).
func (s Settings) keyString() string {
	return fmt.Sprintf("widths=%v jpeg=%d webp=%t/%d scaler=%s",
		s.sortedWidths(), s.JPEGQuality, s.WebP, s.WebPQuality, s.Scaler)
}

// WidthsFor returns the widths to publish for an image srcWidth pixels wide:
// the settings' widths up to its own, and its own when it is below the
// largest, so that a screen wider than the image still gets every pixel.
func (s Settings) WidthsFor(srcWidth int) []int {
	ws := s.sortedWidths()
	var out []int
	for _, w := range ws {
		if w < srcWidth {
			out = append(out, w)
		}
	}
	if srcWidth <= ws[len(ws)-1] || len(out) == 0 {
		out = append(out, min(srcWidth, ws[len(ws)-1]))
	}
	return out
}
