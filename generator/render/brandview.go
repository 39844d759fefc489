package render

import (
	"html/template"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/images"
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

// brandImages gives the brand's logo its own proportions at the header's
// height and the author's photo the srcset of its processed variants,
// once the site's images are processed.
func (r *Renderer) brandImages(v *layouts.BrandView, b config.Brand) {
	if r.images == nil {
		return
	}
	if res := r.images.Results[strings.TrimPrefix(b.Logo, "/")]; b.Logo != "" && res != nil && res.Width > 0 && res.Height > 0 {
		v.LogoHeight = logoHeight
		v.LogoWidth = (res.Width*logoHeight + res.Height/2) / res.Height
	}
	if v.About == nil || b.About.Photo == "" {
		return
	}
	out := strings.TrimPrefix(b.About.Photo, "/")
	if res := r.imageResult(out); res != nil {
		v.About.Photo = template.HTML(images.Picture(res, images.PictureOptions{
			Prefix: r.urls.rel(outDir(out)), Alt: b.About.Name, Sizes: authorPhotoSize}))
	}
}

// The header shows the logo this tall, and the author box the photo
// this wide, in CSS pixels (main.css says the same).
const (
	logoHeight      = 40
	authorPhotoSize = "88px"
)

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
