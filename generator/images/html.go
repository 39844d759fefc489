package images

import (
	"html"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// PictureOptions say how one use of an image is written.
type PictureOptions struct {
	// Prefix is the URL of the folder the variants are published in,
	// like "/blog/posts/trip/" (base_url's path included).
	Prefix string
	Alt    string
	// Sizes is the sizes attribute: how wide the image shows, which the
	// browser needs to pick from srcset before layout. Default "100vw".
	Sizes string
	// First is the page's first image: loaded at once and early, as it
	// is likely the largest paint; later ones wait until near view.
	First bool
}

// Picture returns the HTML for r: a <picture> with a WebP <source> and
// an <img> in the source's format, both with srcset, so that the browser
// fetches the smallest file that fills the space. width and height are
// the default src's, so the page keeps its layout while images load. A
// passed-through image (SVG, animated) is a plain <img>. Every value is
// escaped; the result is safe to insert as HTML.
func Picture(r *Result, o PictureOptions) string {
	sizes := o.Sizes
	if sizes == "" {
		sizes = "100vw"
	}
	var b strings.Builder
	if r.Passthrough {
		b.WriteString(`<img src="` + attr(join(o.Prefix, path.Base(filepath.ToSlash(r.Name)))) + `"`)
		if r.Width > 0 && r.Height > 0 {
			writeSize(&b, r.Width, r.Height)
		}
		writeImgTail(&b, o)
		return b.String()
	}
	own := ownFormat(r.Format)
	webpSet := srcset(r, WebP, o.Prefix)
	hasSource := own != WebP && webpSet != ""
	if hasSource {
		b.WriteString(`<picture><source type="image/webp" srcset="` + attr(webpSet) + `" sizes="` + attr(sizes) + `">`)
	}
	def := largest(r, own)
	b.WriteString(`<img src="` + attr(join(o.Prefix, def.Name)) + `" srcset="` + attr(srcset(r, own, o.Prefix)) +
		`" sizes="` + attr(sizes) + `"`)
	writeSize(&b, def.Width, def.Height)
	writeImgTail(&b, o)
	if hasSource {
		b.WriteString(`</picture>`)
	}
	return b.String()
}

func writeSize(b *strings.Builder, w, h int) {
	b.WriteString(` width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `"`)
}

func writeImgTail(b *strings.Builder, o PictureOptions) {
	b.WriteString(` alt="` + attr(o.Alt) + `"`)
	if o.First {
		b.WriteString(` fetchpriority="high"`)
	} else {
		b.WriteString(` loading="lazy"`)
	}
	b.WriteString(` decoding="async">`)
}

// srcset lists r's variants of format f, "URL 480w, URL 960w".
func srcset(r *Result, f Format, prefix string) string {
	var parts []string
	for _, v := range r.Variants {
		if v.Format == f {
			parts = append(parts, join(prefix, v.Name)+" "+strconv.Itoa(v.Width)+"w")
		}
	}
	return strings.Join(parts, ", ")
}

// largest is the src for browsers that ignore srcset.
func largest(r *Result, f Format) Variant {
	var best Variant
	for _, v := range r.Variants {
		if v.Format == f && v.Width >= best.Width {
			best = v
		}
	}
	return best
}

// join adds a file name to a folder URL, escaping it as a path segment;
// a comma too, which srcset would read as the end of a candidate.
func join(prefix, name string) string {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix + strings.ReplaceAll(url.PathEscape(name), ",", "%2C")
}

func attr(s string) string { return html.EscapeString(s) }
