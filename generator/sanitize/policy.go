package sanitize

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// URL forms, matched against attribute values after entity decoding.
// A relative reference may not contain a colon before its first slash,
// question mark or hash: that would make it a scheme.
const (
	absURL = `(?i:https?)://[^\s/?#]+(?:[/?#][^\s]*)?`
	relURL = `[^\s:/?#]+(?:[/?#][^\s]*)?|[/?#][^\s]*`
	imgURL = `data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}`
	// srcset candidates are separated by commas, so a URL there has none.
	setURL = `(?:(?i:https?)://[^\s,/?#]+(?:[/?#][^\s,]*)?|[^\s,:/?#]+(?:[/?#][^\s,]*)?|[/?#][^\s,]*)`
)

// embedHosts are the hosts an <iframe> may load, over https only.
var embedHosts = []string{
	"www.youtube.com", "www.youtube-nocookie.com", "youtube.com",
	"player.vimeo.com", "www.loom.com", "open.spotify.com",
	"w.soundcloud.com", "embed.podcasts.apple.com",
}

var (
	hrefValue   = regexp.MustCompile(`^\s*(?:` + absURL + `|` + relURL + `|(?i:mailto|tel):[^\s]+)\s*$`)
	srcValue    = regexp.MustCompile(`^\s*(?:` + absURL + `|` + relURL + `)\s*$`)
	imgSrcValue = regexp.MustCompile(`^\s*(?:` + absURL + `|` + relURL + `|` + imgURL + `)\s*$`)
	srcsetValue = regexp.MustCompile(`^\s*` + setURL + `(?:\s+[0-9.]+[wx])?(?:\s*,\s*` + setURL + `(?:\s+[0-9.]+[wx])?)*\s*$`)
	iframeSrc   = regexp.MustCompile(`^\s*(?i:https://(?:` + hostsPattern() + `))/[^\s]*\s*$`)
	dataImage   = regexp.MustCompile(`^image/(?:png|jpeg|gif|webp);base64,`)

	number     = regexp.MustCompile(`^[0-9]+$`)
	dimension  = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?(?:px|%)?$`)
	integer    = regexp.MustCompile(`^-?[0-9]+$`)
	tokens     = regexp.MustCompile(`^[\sa-zA-Z0-9_:.-]*$`)
	mediaQuery = regexp.MustCompile(`^[\sa-zA-Z0-9(),.:%+/-]*$`)
	mimeType   = regexp.MustCompile(`^[a-zA-Z0-9.+-]+/[a-zA-Z0-9.+-]+(?:\s*;\s*codecs="?[a-zA-Z0-9., +-]*"?)?$`)
	loading    = regexp.MustCompile(`(?i)^(?:lazy|eager)$`)
)

func hostsPattern() string {
	quoted := make([]string, len(embedHosts))
	for i, h := range embedHosts {
		quoted[i] = regexp.QuoteMeta(h)
	}
	return strings.Join(quoted, "|")
}

// boolean matches the values a boolean attribute may have: none, or its
// own name.
func boolean(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:|` + name + `)$`)
}

// allowedStyles are the CSS properties kept in style attributes; each
// value is checked by bluemonday's handler for that property.
var allowedStyles = []string{
	"text-align", "vertical-align", "color", "background-color",
	"font-size", "font-style", "font-weight", "text-decoration", "white-space",
	"width", "height", "max-width", "max-height", "min-width", "min-height",
	"float", "clear", "border", "border-radius", "border-collapse", "list-style-type",
	"margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
	"padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
}

// newPolicy is built like bluemonday's UGCPolicy, widened for the markup
// of migrated blog posts and of goldmark, without rel="nofollow", and
// with a pattern on every URL attribute so that data: URLs, which the
// scheme policy must allow for images, are only ever taken in img src.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowURLSchemeWithCustomPolicy("data", func(u *url.URL) bool {
		m := dataImage.FindString(u.Opaque)
		if m == "" || u.RawQuery != "" || u.Fragment != "" {
			return false
		}
		_, err := base64.StdEncoding.DecodeString(u.Opaque[len(m):])
		return err == nil
	})

	p.AllowElements(
		"article", "aside", "section", "figure", "figcaption", "summary", "hgroup",
		"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "br", "hr", "wbr", "center",
		"abbr", "acronym", "cite", "code", "dfn", "em", "mark", "s", "samp", "strong",
		"sub", "sup", "var", "kbd", "b", "i", "pre", "small", "strike", "tt", "u",
		"rp", "rt", "ruby", "picture", "caption",
	)
	p.AllowAttrs("open").Matching(boolean("open")).OnElements("details")
	p.AllowAttrs("cite").Matching(srcValue).OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowAttrs("dir").Matching(bluemonday.Direction).OnElements("bdi", "bdo")
	p.AllowLists()
	p.AllowTables()

	// Attributes on every element. class, title and aria-label take any
	// text: values are escaped on output, and none of them is a URL.
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,8}(?:-[a-zA-Z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[^\s]+$`)).Globally()
	p.AllowAttrs("class", "title", "aria-label").Globally()
	p.AllowAttrs("role", "aria-labelledby", "aria-describedby").Matching(tokens).Globally()
	p.AllowAttrs("aria-hidden").Matching(regexp.MustCompile(`^(?:true|false)$`)).Globally()
	p.AllowStyles(allowedStyles...).Globally()

	p.AllowAttrs("href").Matching(hrefValue).OnElements("a")
	p.AllowAttrs("target").Matching(regexp.MustCompile(`^(?:_blank|_self|_parent|_top)$`)).OnElements("a")
	p.AllowAttrs("rel").Matching(tokens).OnElements("a")
	p.AllowAttrs("name").Matching(regexp.MustCompile(`^[^\s]+$`)).OnElements("a") // old-style anchors
	p.AllowAttrs("align").Matching(regexp.MustCompile(`(?i)^(?:left|right|center|justify)$`)).OnElements("p", "div", "h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("start").Matching(integer).OnElements("ol")
	p.AllowAttrs("reversed").Matching(boolean("reversed")).OnElements("ol")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("align").Matching(bluemonday.ImageAlign).OnElements("img")

	// Media. bluemonday checks the scheme of img, video and audio src
	// itself; source src, srcset and poster only by these patterns.
	p.AllowAttrs("src").Matching(imgSrcValue).OnElements("img")
	p.AllowAttrs("src").Matching(srcValue).OnElements("video", "audio", "source")
	p.AllowAttrs("poster").Matching(srcValue).OnElements("video")
	p.AllowAttrs("srcset").Matching(srcsetValue).OnElements("img", "source")
	p.AllowAttrs("sizes").Matching(mediaQuery).OnElements("img", "source")
	p.AllowAttrs("media").Matching(mediaQuery).OnElements("source")
	p.AllowAttrs("type").Matching(mimeType).OnElements("source")
	p.AllowAttrs("width", "height").Matching(dimension).OnElements("img", "video", "source", "iframe")
	p.AllowAttrs("loading").Matching(loading).OnElements("img", "video", "audio", "iframe")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`(?i)^(?:sync|async|auto)$`)).OnElements("img")
	p.AllowAttrs("preload").Matching(regexp.MustCompile(`(?i)^(?:none|metadata|auto|)$`)).OnElements("video", "audio")
	for _, b := range []string{"controls", "autoplay", "loop", "muted", "playsinline"} {
		p.AllowAttrs(b).Matching(boolean(b)).OnElements("video", "audio")
	}

	// Embeds from the allow-listed hosts.
	p.AllowAttrs("src").Matching(iframeSrc).OnElements("iframe")
	p.AllowAttrs("allow").Matching(regexp.MustCompile(`^[\sa-zA-Z0-9;:'*()./_-]*$`)).OnElements("iframe")
	p.AllowAttrs("allowfullscreen").Matching(regexp.MustCompile(`(?i)^(?:|allowfullscreen|true)$`)).OnElements("iframe")
	p.AllowAttrs("referrerpolicy").Matching(regexp.MustCompile(`^[a-z-]*$`)).OnElements("iframe")

	// The check box of a task list item; type and disabled are also
	// required (see required below).
	p.AllowAttrs("type").Matching(regexp.MustCompile(`(?i)^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked").Matching(boolean("checked")).OnElements("input")
	p.AllowAttrs("disabled").Matching(boolean("disabled")).OnElements("input")
	return p
}

// required names, for the elements that need them, the attributes
// without which the element is removed although bluemonday keeps it.
var required = map[string][]string{
	"iframe": {"src"},
	"input":  {"type", "disabled"},
}
