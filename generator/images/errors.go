package images

import (
	"errors"
	"fmt"
)

// The kinds of Error, for errors.Is.
var (
	ErrUndecodable = errors.New("does not decode")
	ErrTooLarge    = errors.New("too large")
	ErrUnsupported = errors.New("not a supported image format")
)

// Error is why one image could not be processed. Name is the name the
// caller gave the image (its path in the site), so that the build can
// name the file; Kind is one of the Err values above.
type Error struct {
	Name          string
	Kind          error
	Format        string // "jpeg", "png", … when known
	Width, Height int    // when known
	Limit         int64  // the pixel limit, for ErrTooLarge
	Err           error  // the decoder's own error, if any
}

func (e *Error) Error() string {
	switch e.Kind {
	case ErrTooLarge:
		return fmt.Sprintf("%s: image too large: %d×%d px is %.1f megapixels, the limit is %.1f; scale it down before adding it, or raise the limit",
			e.Name, e.Width, e.Height, float64(e.Width)*float64(e.Height)/1e6, float64(e.Limit)/1e6)
	case ErrUndecodable:
		return fmt.Sprintf("%s: %s image does not decode: %v; open and save it again in an image editor", e.Name, e.Format, e.Err)
	case ErrUnsupported:
		return fmt.Sprintf("%s: not a JPEG, PNG, GIF, WebP or SVG image", e.Name)
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Name, e.Err)
	}
	return e.Name + ": image cannot be processed"
}

// Unwrap gives errors.Is the kind and errors.As the cause.
func (e *Error) Unwrap() []error {
	var out []error
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}
