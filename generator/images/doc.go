// Package images turns a site's source images into the published ones:
// a few widths in WebP and in the source's own format, EXIF orientation
// applied and metadata stripped, cached on disk by content so that an
// unchanged image is never encoded twice. It also writes the <picture>
// markup for a processed image and draws social cards.
//
// The package stands alone (the standard library, golang.org/x/image and
// a WebP encoder): the build wires it in, and decides where files go.
// A build uses it in three steps:
//
//	p, err := images.New(settings, filepath.Join(cacheDir, "images"))
//	results, errs := p.ProcessAll(os.DirFS(siteRoot), namesPagesUse)
//	// for each result: publish each Variant's Path as Variant.Name in the
//	// source's output folder (Key[:16] makes its publish.Key), or the
//	// source itself when Passthrough; write images.Picture(r, opts)
//	// where the Markdown had the image.
//
// Errors are *Error: errors.Is(err, ErrTooLarge) and the like tell the
// kind, and the message names the file and how to fix it.
package images
