package images

import (
	"bytes"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
)

// looksLikeSVG: XML whose first kilobytes hold an <svg element. The full
// check is svgSize's, which reads the element itself.
func looksLikeSVG(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 4096)], "\xef\xbb\xbf \t\r\n")
	return bytes.HasPrefix(head, []byte("<")) && bytes.Contains(head, []byte("<svg"))
}

// svgSize reads the size an SVG declares: width and height in pixels
// when both are given, else the viewBox's, scaled to whichever of width
// or height is given. ok is false when the root is not <svg> or no size
// can be told (a width of "100%" gives none: the layout decides).
func svgSize(data []byte) (w, h int, isSVG, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for range 64 { // the root comes after a prolog of a few tokens
		tok, err := d.Token()
		if err != nil {
			return 0, 0, false, false
		}
		se, found := tok.(xml.StartElement)
		if !found {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0, false, false
		}
		w, h, ok = sizeOf(se.Attr)
		return w, h, true, ok
	}
	return 0, 0, false, false
}

func sizeOf(attrs []xml.Attr) (int, int, bool) {
	var width, height float64
	var vb []float64
	for _, a := range attrs {
		switch a.Name.Local {
		case "width":
			width = pixels(a.Value)
		case "height":
			height = pixels(a.Value)
		case "viewBox":
			vb = numbers(a.Value)
		}
	}
	if len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
		switch {
		case width > 0 && height == 0:
			height = width * vb[3] / vb[2]
		case height > 0 && width == 0:
			width = height * vb[2] / vb[3]
		case width == 0 && height == 0:
			width, height = vb[2], vb[3]
		}
	}
	if width < 0.5 || height < 0.5 || width > 1e6 || height > 1e6 {
		return 0, 0, false
	}
	return int(math.Round(width)), int(math.Round(height)), true
}

// pixels parses a length in px (or unitless); other units give 0.
func pixels(s string) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		out = append(out, v)
	}
	return out
}
