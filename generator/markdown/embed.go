package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// EmbedMode is how a video is shown: site.toml's embeds.
type EmbedMode string

const (
	// EmbedPlayer, the default, loads the provider's player in an iframe
	// once it scrolls near (loading="lazy").
	EmbedPlayer EmbedMode = "player"
	// EmbedLink shows a link card instead: the page makes no request to
	// the provider at all.
	EmbedLink EmbedMode = "link"
)

// Permissions of the player: what playing needs, no sensors, no autoplay.
const (
	youTubeAllow = "clipboard-write; encrypted-media; picture-in-picture; web-share; fullscreen"
	vimeoAllow   = "encrypted-media; picture-in-picture; fullscreen"
)

func providerName(p string) string {
	if p == Vimeo {
		return "Vimeo"
	}
	return "YouTube"
}

func (r *blockRenderer) renderEmbed(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*Embed)
	v := n.Video
	title := n.Title
	if title == "" {
		title = r.text("video_" + v.Provider)
	}
	if n.AsLink {
		r.writeLinkCard(w, v, title)
		return ast.WalkSkipChildren, nil
	}
	class, allow, width, height := "embed embed-"+v.Provider, youTubeAllow, "560", "315"
	if v.Provider == Vimeo {
		allow = vimeoAllow
	}
	if v.Portrait {
		class, width, height = class+" embed-portrait", "315", "560"
	}
	// The wrapper's aspect-ratio (blocks.css) reserves the player's
	// space before it loads; width and height do so without the CSS.
	_, _ = w.WriteString(`<div class="` + class + `"><iframe src="`)
	_, _ = w.Write(util.EscapeHTML([]byte(v.EmbedURL())))
	_, _ = w.WriteString(`" title="`)
	_, _ = w.Write(util.EscapeHTML([]byte(title)))
	_, _ = w.WriteString(`" width="` + width + `" height="` + height + `" loading="lazy" allow="` + allow +
		`" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe></div>` + "\n")
	return ast.WalkSkipChildren, nil
}

// writeLinkCard writes a video as a plain link with its title and where
// it plays: no thumbnail, which would be a request to the provider.
func (r *blockRenderer) writeLinkCard(w util.BufWriter, v Video, title string) {
	watch := strings.ReplaceAll(r.text("watch_on"), "{name}", providerName(v.Provider))
	_, _ = w.WriteString(`<p class="embed-link"><a class="embed-card" href="`)
	_, _ = w.Write(util.EscapeHTML([]byte(v.WatchURL())))
	_, _ = w.WriteString(`"><span class="embed-card-play" aria-hidden="true"></span><span class="embed-card-text"><span class="embed-card-title">`)
	_, _ = w.Write(util.EscapeHTML([]byte(title)))
	_, _ = w.WriteString(`</span> <span class="embed-card-site">`)
	_, _ = w.Write(util.EscapeHTML([]byte(watch)))
	_, _ = w.WriteString("</span></span></a></p>\n")
}
