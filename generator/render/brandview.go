package render

import (
	"html/template"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
)

// brandView resolves site.toml's [brand] to what layouts print: links
// below the site's path, and the theme's custom properties.
func brandView(b config.Brand, u urls) layouts.BrandView {
	v := layouts.BrandView{CSS: brandCSS(b)}
	if b.Logo != "" {
		v.LogoURL = u.rel(b.Logo)
	}
	if a := b.About; a.Name != "" {
		about := &layouts.AboutView{Name: a.Name, Text: a.Text, LinkURL: a.Link}
		if a.Photo != "" {
			about.PhotoURL = u.rel(a.Photo)
		}
		if strings.HasPrefix(a.Link, "/") {
			about.LinkURL = u.rel(a.Link)
		}
		v.About = about
	}
	return v
}

// brandCSS sets the theme's colour and font properties; the values were
// checked by config (hex colours, a known font), so they are safe in CSS.
func brandCSS(b config.Brand) template.CSS {
	var light, dark strings.Builder
	if b.Accent != "" {
		light.WriteString("--accent:" + b.Accent + ";--accent-strong:" + config.Strong(b.Accent, false) + ";")
	}
	if stack, ok := config.FontStacks[b.Font]; ok && b.Font != "system" {
		light.WriteString("--font:" + stack + ";")
	}
	if b.AccentDark != "" {
		dark.WriteString("--accent:" + b.AccentDark + ";--accent-strong:" + config.Strong(b.AccentDark, true) + ";")
	}
	var css strings.Builder
	if light.Len() > 0 {
		css.WriteString(":root{" + light.String() + "}")
	}
	if dark.Len() > 0 {
		css.WriteString("@media (prefers-color-scheme:dark){:root{" + dark.String() + "}}")
	}
	return template.CSS(css.String())
}
