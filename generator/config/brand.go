package config

import (
	"fmt"
	"io/fs"
	"maps"
	"math"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// Brand is the author's look without editing a template: [brand] in
// site.toml.
type Brand struct {
	// Logo is a site path of an image in static/, like "/images/logo.svg",
	// shown before the site title.
	Logo string `toml:"logo"`
	// Accent is the colour of links and buttons on the light background,
	// as "#rrggbb"; AccentDark the same on the dark one, derived from
	// Accent when left out.
	Accent     string `toml:"accent"`
	AccentDark string `toml:"accent_dark"`
	// Font names one of FontStacks.
	Font  string `toml:"font"`
	About About  `toml:"about"`
}

// About is the short "about the author" block of the home page and of
// every article.
type About struct {
	Photo string `toml:"photo"` // a site path in static/, like "/images/me.jpg"
	Name  string `toml:"name"`
	Text  string `toml:"text"`
	Link  string `toml:"link"` // a site path or an http(s) URL
}

var (
	brandKeys = []string{"logo", "accent", "accent_dark", "font", "about"}
	aboutKeys = []string{"photo", "name", "text", "link"}
)

// FontStacks are the fonts a brand can choose: system fonts only, so a
// page never waits for a web font.
var FontStacks = map[string]string{
	"system":    `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`,
	"humanist":  `Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif`,
	"geometric": `Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif`,
	"serif":     `Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif`,
	"rounded":   `ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", Calibri, source-sans-pro, sans-serif`,
}

// The theme's backgrounds an accent must stand out on: the page, the
// cards and the tinted --highlight of results, storyteller and CTA
// boxes, in light and in dark mode (static/css/main.css).
var (
	lightBackgrounds = []string{"#fdfcfa", "#ffffff", "#e9f5f1"}
	darkBackgrounds  = []string{"#12161d", "#181d26", "#17302a"}
)

// MinContrast is WCAG AA for body text.
const MinContrast = 4.5

// checkBrand reports brand values that the theme cannot use: an unknown
// font, a colour that is not "#rrggbb", an accent below AA contrast on the
// theme's backgrounds, an about link that is not a link. It derives
// AccentDark when it is left out.
func (c *Config) checkBrand(name, src string) report.List {
	var errs report.List
	bad := func(key, format string, args ...any) {
		errs = append(errs, report.Errorf(name, keyLine(src, key), format, args...))
	}
	b := &c.Brand
	if b.Font != "" {
		if _, ok := FontStacks[b.Font]; !ok {
			bad("font", "brand.font: unknown font %q; choose one of %s", b.Font, strings.Join(slices.Sorted(maps.Keys(FontStacks)), ", "))
		}
	}
	if b.Accent != "" {
		if accent, ok := parseHex(b.Accent); !ok {
			bad("accent", "brand.accent: %q is not a colour like \"#0b6651\"", b.Accent)
		} else if ratio, bg := worstContrast(accent, lightBackgrounds); ratio < MinContrast {
			bad("accent", "brand.accent: %s has a contrast of %.2f:1 on the light background %s; WCAG AA needs %.1f:1, choose a darker colour", b.Accent, ratio, bg, MinContrast)
		} else if b.AccentDark == "" {
			b.AccentDark = lightenUntil(accent, darkBackgrounds).hex()
		}
	}
	if b.AccentDark != "" {
		if dark, ok := parseHex(b.AccentDark); !ok {
			bad("accent_dark", "brand.accent_dark: %q is not a colour like \"#6fd6b8\"", b.AccentDark)
		} else if ratio, bg := worstContrast(dark, darkBackgrounds); ratio < MinContrast {
			bad("accent_dark", "brand.accent_dark: %s has a contrast of %.2f:1 on the dark background %s; WCAG AA needs %.1f:1, choose a lighter colour", b.AccentDark, ratio, bg, MinContrast)
		}
	}
	if l := b.About.Link; l != "" {
		if u, err := url.Parse(l); err != nil || !(strings.HasPrefix(l, "/") || ((u.Scheme == "http" || u.Scheme == "https") && u.Host != "")) {
			bad("link", "brand.about.link: %q must be a site path like \"/about/\" or an http(s) URL", l)
		}
	}
	if b.About.Text != "" && strings.TrimSpace(b.About.Name) == "" {
		bad("name", "brand.about.name: is required when brand.about.text is set")
	}
	return errs
}

// CheckFiles reports brand images that are not in the site's static/
// folder. site is the site's root.
func (c *Config) CheckFiles(site fs.FS, name, src string) error {
	var errs report.List
	for _, f := range []struct{ key, value string }{{"logo", c.Brand.Logo}, {"photo", c.Brand.About.Photo}} {
		if f.value == "" {
			continue
		}
		where := "brand." + f.key
		if f.key == "photo" {
			where = "brand.about.photo"
		}
		file, ok := StaticFile(f.value)
		if !ok {
			errs = append(errs, report.Errorf(name, keyLine(src, f.key), "%s: %q must be a site path of a file in static/, like \"/images/%s.png\"", where, f.value, f.key))
			continue
		}
		if info, err := fs.Stat(site, file); err != nil || !info.Mode().IsRegular() {
			errs = append(errs, report.Errorf(name, keyLine(src, f.key), "%s: %s does not exist", where, file))
		}
	}
	return errs.ErrOrNil()
}

// StaticFile maps a site path ("/images/logo.svg") to its file under
// static/, refusing paths that leave it.
func StaticFile(sitePath string) (string, bool) {
	if !strings.HasPrefix(sitePath, "/") || strings.ContainsAny(sitePath, "?#\\") {
		return "", false
	}
	clean := path.Clean(sitePath)
	if clean != sitePath || clean == "/" {
		return "", false
	}
	return "static" + clean, true
}

type rgb struct{ r, g, b float64 } // 0–255

func parseHex(s string) (rgb, bool) {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, false
	}
	n, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{float64(n >> 16 & 0xff), float64(n >> 8 & 0xff), float64(n & 0xff)}, true
}

func (c rgb) hex() string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c.r)), int(math.Round(c.g)), int(math.Round(c.b)))
}

// luminance is WCAG 2's relative luminance.
func (c rgb) luminance() float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
}

// Contrast is WCAG 2's contrast ratio of two colours written "#rrggbb",
// or 0 when one does not parse.
func Contrast(a, b string) float64 {
	ca, okA := parseHex(a)
	cb, okB := parseHex(b)
	if !okA || !okB {
		return 0
	}
	return contrast(ca, cb)
}

func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// worstContrast is the lowest contrast of c on any of the backgrounds.
func worstContrast(c rgb, backgrounds []string) (float64, string) {
	worst, at := math.Inf(1), ""
	for _, h := range backgrounds {
		bg, _ := parseHex(h)
		if r := contrast(c, bg); r < worst {
			worst, at = r, h
		}
	}
	return worst, at
}

// lightenUntil mixes c with white in small steps until it reaches AA on
// every dark background: the dark-mode twin of a light-mode accent.
func lightenUntil(c rgb, backgrounds []string) rgb {
	for t := 0.0; t <= 1; t += 0.02 {
		mixed := rgb{c.r + (255-c.r)*t, c.g + (255-c.g)*t, c.b + (255-c.b)*t}
		if r, _ := worstContrast(mixed, backgrounds); r >= MinContrast+0.1 {
			return mixed
		}
	}
	return rgb{255, 255, 255}
}

// Strong is the accent's hover shade: darker on light backgrounds,
// lighter on dark ones, keeping the contrast.
func Strong(accent string, dark bool) string {
	c, ok := parseHex(accent)
	if !ok {
		return accent
	}
	t := 0.25
	if dark {
		return rgb{c.r + (255-c.r)*t, c.g + (255-c.g)*t, c.b + (255-c.b)*t}.hex()
	}
	return rgb{c.r * (1 - t), c.g * (1 - t), c.b * (1 - t)}.hex()
}

// AccentRGB is the brand's accent as 8-bit channels, and whether the
// site sets one.
func (b Brand) AccentRGB() (r, g, bl uint8, ok bool) {
	c, ok := parseHex(b.Accent)
	return uint8(c.r), uint8(c.g), uint8(c.b), ok
}
