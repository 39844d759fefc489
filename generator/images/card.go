package images

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// CardText is what a social card shows.
type CardText struct {
	Title    string
	Subtitle string // a story's result line, or a post's description
	Person   string // a story's teller, like "Ana Ruiz, VP Sales, Acme"
	SiteName string
	Accent   color.RGBA // the background; zero for the default blue
}

// The card's size: what Open Graph and X show without cropping.
const (
	CardWidth  = 1200
	CardHeight = 630
	cardMargin = 80
)

var defaultAccent = color.RGBA{0x1d, 0x4e, 0xd8, 0xff}

// fonts parses the Go fonts once: they are shipped in the binary (BSD
// licence), so a card looks the same on every machine that builds it.
var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return [2]*opentype.Font{}, err
	}
	regular, err := opentype.Parse(goregular.TTF)
	return [2]*opentype.Font{bold, regular}, err
})

// SocialCard draws a 1200×630 PNG: the title word-wrapped in bold, the
// subtitle and the person under it, the site name at the foot, on the
// accent colour, in black or white, whichever contrasts more with it.
// The same text gives the same bytes.
func SocialCard(ct CardText) ([]byte, error) {
	ff, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("social card: %w", err)
	}
	bg := ct.Accent
	if bg.A == 0 {
		bg = defaultAccent
	}
	bg.A = 0xff
	ink := TextColor(bg)
	// The card has two colours and their blends: the text is drawn as
	// coverage, and each coverage level is a palette entry. A paletted PNG
	// encodes in a fraction of the time of an RGBA one, at a third of the
	// bytes, and shows the same pixels.
	m := image.NewAlpha(image.Rect(0, 0, CardWidth, CardHeight))

	const width = CardWidth - 2*cardMargin
	c := canvas{m: m, ink: color.Opaque, y: cardMargin}
	var title []string
	var big font.Face
	var size float64
	for _, size = range []float64{72, 60, 50} { // shrink a long title before cutting it
		big = face(ff[0], size)
		title = wrap(big, ct.Title, width, 3)
		if !strings.HasSuffix(title[len(title)-1], "…") {
			break
		}
	}
	c.lines(big, title, size*1.15)
	if ct.Subtitle != "" {
		sub := face(ff[1], 36)
		c.y += 24
		c.lines(sub, wrap(sub, ct.Subtitle, width, 2), 36*1.3)
	}
	small := face(ff[0], 30)
	if ct.Person != "" {
		c.y += 16
		c.lines(small, wrap(small, "— "+ct.Person, width, 1), 30*1.3)
	}
	// The site name sits at the foot, under a rule, whatever came above.
	rule := image.Rect(cardMargin, CardHeight-cardMargin-52, CardWidth-cardMargin, CardHeight-cardMargin-48)
	draw.Draw(m, rule, image.Opaque, image.Point{}, draw.Over)
	c.y = CardHeight - cardMargin - 30
	c.lines(small, wrap(small, ct.SiteName, width, 1), 30)

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, &image.Paletted{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect, Palette: blends(bg, ink)}); err != nil {
		return nil, fmt.Errorf("social card: %w", err)
	}
	return buf.Bytes(), nil
}

// blends is the palette from bg (0) to ink (255).
func blends(bg, ink color.RGBA) color.Palette {
	p := make(color.Palette, 256)
	mix := func(a, b uint8, i int) uint8 { return uint8((int(a)*(255-i) + int(b)*i + 127) / 255) }
	for i := range p {
		p[i] = color.RGBA{mix(bg.R, ink.R, i), mix(bg.G, ink.G, i), mix(bg.B, ink.B, i), 0xff}
	}
	return p
}

// canvas draws lines of text downwards from y, the top of the next line.
type canvas struct {
	m   *image.Alpha
	ink color.Color
	y   float64
}

func (c *canvas) lines(f font.Face, lines []string, height float64) {
	d := font.Drawer{Dst: c.m, Src: image.NewUniform(c.ink), Face: f}
	ascent := f.Metrics().Ascent
	for _, l := range lines {
		d.Dot = fixed.Point26_6{X: fixed.I(cardMargin), Y: fixed.Int26_6(c.y*64) + ascent}
		d.DrawString(l)
		c.y += height
	}
}

func face(f *opentype.Font, size float64) font.Face {
	// NewFace fails only for bad options; these are constants.
	fc, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	return fc
}

// wrap breaks text into at most maxLines lines of width px, at spaces, or
// inside a word too long for a line; text past the last line is cut and
// marked with an ellipsis.
func wrap(f font.Face, text string, width, maxLines int) []string {
	limit := fixed.I(width)
	fits := func(s string) bool { return font.MeasureString(f, s) <= limit }
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		for !fits(word) { // a word wider than the line: break it
			cut := len([]rune(word)) - 1
			for cut > 1 && !fits(string([]rune(word)[:cut])) {
				cut--
			}
			if line != "" {
				lines, line = append(lines, line), ""
			}
			lines = append(lines, string([]rune(word)[:cut]))
			word = string([]rune(word)[cut:])
		}
		switch {
		case line == "":
			line = word
		case fits(line + " " + word):
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	if len(lines) <= maxLines {
		return lines
	}
	last := []rune(lines[maxLines-1])
	for len(last) > 0 && !fits(string(last)+"…") {
		last = last[:len(last)-1]
	}
	return append(lines[:maxLines-1], strings.TrimRight(string(last), " ,.;:")+"…")
}

// TextColor is black or white, whichever contrasts more with bg (WCAG
// relative luminance); either way the ratio is at least 4.58:1.
func TextColor(bg color.RGBA) color.RGBA {
	l := luminance(bg)
	if (l+0.05)/0.05 >= 1.05/(l+0.05) {
		return color.RGBA{0, 0, 0, 0xff}
	}
	return color.RGBA{0xff, 0xff, 0xff, 0xff}
}

// ContrastRatio is the WCAG contrast ratio of two opaque colours.
func ContrastRatio(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c color.RGBA) float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}

// SocialCardFile returns the cache file holding ct's card, drawing it
// first unless an earlier build did: 10,000 pages would otherwise draw
// 10,000 cards on every build. key is for the publisher's manifest.
func (p *Processor) SocialCardFile(ct CardText) (path string, key [32]byte, err error) {
	key = CardKey(ct)
	const file = "card.png"
	path = filepath.Join(p.cache.folder(key), file)
	if p.cache.load(key, []string{file}) {
		p.cached.Add(1)
		return path, key, nil
	}
	data, err := SocialCard(ct)
	if err != nil {
		return "", key, err
	}
	p.encoded.Add(1)
	cw, err := p.cache.writer(key)
	if err == nil {
		err = cw.put(file, data)
	}
	if err == nil {
		err = cw.seal()
	}
	return path, key, err
}

// CardKey is what a card is made from: the same key, the same bytes. A
// build plans a card's file by it before drawing.
func CardKey(ct CardText) [32]byte {
	return sha256.Sum256(fmt.Appendf(nil, "social-card/2 %q %q %q %q %v %s",
		ct.Title, ct.Subtitle, ct.Person, ct.SiteName, ct.Accent, EncoderVersion()))
}
