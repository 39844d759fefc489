package markdown

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// The chroma styles of code in light and in dark mode, and the code
// background each is shown on (--code-bg of static/css/main.css).
const (
	LightStyle          = "github"
	DarkStyle           = "github-dark"
	CodeBackgroundLight = "#f2f3f5"
	CodeBackgroundDark  = "#1f2530"
	// The theme's text colours, for code the style leaves uncoloured.
	codeTextLight = "#1c2230"
	codeTextDark  = "#e7e9ee"
	// minCodeContrast is WCAG AA for normal text.
	minCodeContrast = 4.5
)

// TokenStyle is how one class of token looks in one mode.
type TokenStyle struct {
	Colour     string // "#rrggbb"
	Background string // "#rrggbb", or "" for the code background
	Bold       bool
	Italic     bool
	Underline  bool
}

// HighlightRule is the look of one token class in both modes.
type HighlightRule struct {
	Class       string // chroma's short class, like "k" or "nf"; "" for plain code
	Light, Dark TokenStyle
}

// highlightRules are the rules of the stylesheet, plain code first;
// highlightTypes the token types they colour, the only ones that get a
// span.
var highlightRules, highlightTypes = buildHighlight()

// HighlightRules are the colours of code in both modes, raised to WCAG AA.
func HighlightRules() []HighlightRule { return slices.Clone(highlightRules) }

func buildHighlight() ([]HighlightRule, map[chroma.TokenType]bool) {
	light, dark := styles.Get(LightStyle), styles.Get(DarkStyle)
	types := map[chroma.TokenType]bool{}
	rules := []HighlightRule{{
		Light: tokenStyle(light, chroma.Text, CodeBackgroundLight, codeTextLight),
		Dark:  tokenStyle(dark, chroma.Text, CodeBackgroundDark, codeTextDark),
	}}
	var all []chroma.TokenType
	for t := range chroma.StandardTypes {
		// Not the formatter's own types, nor spaces, whose colour is unseen.
		if (t >= chroma.Keyword || t == chroma.Error) && t != chroma.TextWhitespace {
			all = append(all, t)
		}
	}
	slices.Sort(all)
	for _, t := range all {
		r := HighlightRule{
			Class: chroma.StandardTypes[t],
			Light: tokenStyle(light, t, CodeBackgroundLight, rules[0].Light.Colour),
			Dark:  tokenStyle(dark, t, CodeBackgroundDark, rules[0].Dark.Colour),
		}
		p := parentType(t)
		pl, pd := rules[0].Light, rules[0].Dark
		if p != t {
			pl = tokenStyle(light, p, CodeBackgroundLight, rules[0].Light.Colour)
			pd = tokenStyle(dark, p, CodeBackgroundDark, rules[0].Dark.Colour)
		}
		if r.Light != pl || r.Dark != pd {
			rules, types[t] = append(rules, r), true
		}
	}
	return rules, types
}

// parentType is the type a token type inherits its look from, or itself
// for a category.
func parentType(t chroma.TokenType) chroma.TokenType {
	if sub := t.SubCategory(); sub != t {
		return sub
	}
	return t.Category()
}

// tokenStyle resolves a token type in a style, on the code background bg,
// with its colour raised to AA against its own background.
func tokenStyle(s *chroma.Style, t chroma.TokenType, bg, text string) TokenStyle {
	e := s.Get(t)
	base := s.Get(chroma.Background)
	ts := TokenStyle{Colour: text, Bold: e.Bold == chroma.Yes, Italic: e.Italic == chroma.Yes, Underline: e.Underline == chroma.Yes}
	if e.Colour.IsSet() && t != chroma.Text {
		ts.Colour = e.Colour.String()
	}
	if e.Background.IsSet() && e.Background != base.Background {
		ts.Background = e.Background.String()
	}
	on := bg
	if ts.Background != "" {
		on = ts.Background
	}
	ts.Colour = raiseContrast(ts.Colour, on)
	return ts
}

// raiseContrast mixes c towards black or white, whichever is away from
// bg, until it meets AA on bg.
func raiseContrast(c, bg string) string {
	fg, b := hexRGB(c), hexRGB(bg)
	target := [3]float64{0, 0, 0}
	if luminance(b) < 0.18 {
		target = [3]float64{255, 255, 255}
	}
	for t := 0.0; t <= 1; t += 0.02 {
		var mixed [3]float64
		for i := range mixed {
			mixed[i] = fg[i] + (target[i]-fg[i])*t
		}
		if h := rgbHex(mixed); Contrast(h, bg) >= minCodeContrast {
			return h
		}
	}
	return rgbHex(target)
}

// Contrast is WCAG 2's contrast ratio of two "#rrggbb" colours.
func Contrast(a, b string) float64 {
	la, lb := luminance(hexRGB(a)), luminance(hexRGB(b))
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func hexRGB(s string) [3]float64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return [3]float64{float64(n >> 16 & 0xff), float64(n >> 8 & 0xff), float64(n & 0xff)}
}

func rgbHex(c [3]float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c[0])), int(math.Round(c[1])), int(math.Round(c[2])))
}

// luminance is WCAG 2's relative luminance.
func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// HighlightCSS is the stylesheet of code colours, light then dark; it is
// the end of blocks.css, which a test keeps in step with it.
func HighlightCSS() string {
	var b strings.Builder
	b.WriteString("/* Code colours, generated by HighlightCSS from chroma's " + LightStyle + " and " + DarkStyle +
		" styles, raised to WCAG AA on the code background. Run the markdown tests with -update after a change. */\n")
	for _, r := range highlightRules {
		writeRule(&b, "", r.Class, r.Light, r.Dark)
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, r := range highlightRules {
		writeRule(&b, "  ", r.Class, r.Dark, r.Light)
	}
	b.WriteString("}\n")
	return b.String()
}

// writeRule writes one mode's look of a class; other is the other mode's,
// whose bold, italic or background the rule must undo.
func writeRule(b *strings.Builder, indent, class string, s, other TokenStyle) {
	sel := ".highlight"
	if class != "" {
		sel += " ." + class
	}
	props := []string{"color: " + s.Colour}
	switch {
	case s.Background != "":
		props = append(props, "background-color: "+s.Background)
	case other.Background != "":
		props = append(props, "background-color: transparent")
	}
	flag := func(on, otherOn bool, prop, yes, no string) {
		if on {
			props = append(props, prop+": "+yes)
		} else if otherOn {
			props = append(props, prop+": "+no)
		}
	}
	flag(s.Bold, other.Bold, "font-weight", "bold", "normal")
	flag(s.Italic, other.Italic, "font-style", "italic", "normal")
	flag(s.Underline, other.Underline, "text-decoration", "underline", "none")
	fmt.Fprintf(b, "%s%s { %s; }\n", indent, sel, strings.Join(props, "; "))
}
