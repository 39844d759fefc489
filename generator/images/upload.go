package images

import "fmt"

// Upload is an image a stranger sent, made safe to keep and publish:
// decoded and encoded again, so that nothing of the sent bytes but the
// pixels survives (no EXIF, GPS, XMP or ICC, nothing appended).
type Upload struct {
	Format Format
	Data   []byte
	// Width and Height are as shown: EXIF orientation is applied.
	Width, Height int
}

// UploadFormats are the formats Reencode takes: photos, as a phone or
// camera makes them. GIF (animation, palettes) and SVG (a document that
// may hold scripts) are not photos.
var UploadFormats = []Format{JPEG, PNG, WebP}

// uploadSettings encode the kept file, which the build encodes again at
// its widths: a high quality, so that the second pass loses little.
var uploadSettings = Settings{JPEGQuality: 90, WebPQuality: 90}

// uploadBudget bounds the pixels of uploads decoded at once, as the
// build's budget does, so that many large photos at once cannot take all
// memory; one always gets through.
var uploadBudget = newBudget(100_000_000)

// Reencode checks and re-encodes an uploaded image. Its size is read from
// the header and checked against maxPixels before any pixel is decoded,
// so that a small file declaring a huge image (a decompression bomb)
// costs nothing. The format is told from the bytes, never from a name or
// a media type the sender chose. Errors are *Error with name as Name:
// ErrUnsupported (not a JPEG, PNG or WebP, or an animated one),
// ErrTooLarge, ErrUndecodable (damaged, cut off).
func Reencode(name string, data []byte, maxPixels int64) (*Upload, error) {
	f, ok := sniff(data)
	if !ok || (f != JPEG && f != PNG && f != WebP) {
		return nil, &Error{Name: name, Kind: ErrUnsupported, Format: string(f)}
	}
	cfg, err := decodeConfig(f, data)
	if err != nil {
		return nil, &Error{Name: name, Kind: ErrUndecodable, Format: string(f), Err: err}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, &Error{Name: name, Kind: ErrUndecodable, Format: string(f), Err: fmt.Errorf("it is %d×%d px", cfg.Width, cfg.Height)}
	}
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if pixels > maxPixels {
		return nil, &Error{Name: name, Kind: ErrTooLarge, Format: string(f), Width: cfg.Width, Height: cfg.Height, Limit: maxPixels}
	}
	if animated(f, data) {
		return nil, &Error{Name: name, Kind: ErrUnsupported, Format: string(f), Err: fmt.Errorf("an animated image")}
	}
	uploadBudget.acquire(pixels)
	defer uploadBudget.release(pixels)
	m, err := decode(f, data)
	if err != nil {
		return nil, &Error{Name: name, Kind: ErrUndecodable, Format: string(f), Err: err}
	}
	if b := m.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, &Error{Name: name, Kind: ErrUndecodable, Format: string(f), Err: fmt.Errorf("its header and its pixels disagree on its size")}
	}
	orientation := 1
	if f == JPEG {
		orientation = exifOrientation(data)
	}
	shown := orient(toRGBA(m), orientation)
	out, err := encode(f, shown, uploadSettings)
	if err != nil {
		return nil, &Error{Name: name, Format: string(f), Err: err}
	}
	return &Upload{Format: f, Data: out, Width: shown.Rect.Dx(), Height: shown.Rect.Dy()}, nil
}
