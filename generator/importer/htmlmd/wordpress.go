package htmlmd

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

var (
	// blockComment is a Gutenberg block delimiter, <!-- wp:paragraph -->
	// or <!-- /wp:image -->, which may carry JSON attributes.
	blockComment = regexp.MustCompile(`<!--\s*/?wp:[\s\S]*?-->`)
	moreComment  = regexp.MustCompile(`<!--\s*more\b[^>]*-->`)
	// shortcodeTag is one [name attrs] or [/name]; [[escaped]] is not.
	shortcodeTag = regexp.MustCompile(`\[(/?)([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\]`)
	captionCode  = regexp.MustCompile(`(?s)\[caption([^\]]*)\](.*?)\[/caption\]`)
	embedCode    = regexp.MustCompile(`(?s)\[embed[^\]]*\](.*?)\[/embed\]`)
	videoCode    = regexp.MustCompile(`\[(?:youtube|vimeo|video)\s+(?:src=|url=)?["']?(https?://[^\s"'\]]+)["']?[^\]]*\]`)
	// captionHead is the image (perhaps inside a link) a caption starts with.
	captionHead = regexp.MustCompile(`(?s)^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$`)
	blockStart  = regexp.MustCompile(`(?i)^<(?:p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|pre|figure|figcaption|hr|dl|dt|dd|section|article|aside|header|footer|nav|form|iframe|video|audio|details|summary|address|script|style|noscript|object|embed)\b`)
	paragraphs  = regexp.MustCompile(`\n\s*\n`)
)

// prepareWordPress turns a WordPress body into plain HTML: Gutenberg
// block comments go, <!--more--> and embeds become placeholders, the
// [caption] and [embed] shortcodes become HTML, and paragraphs separated
// by blank lines get the <p> that WordPress adds when it shows them
// (wpautop). Shortcodes it does not know are named in unknown.
func prepareWordPress(src string, ph *placeholders) (out string, unknown []string) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = blockComment.ReplaceAllString(src, "\n")
	src = moreComment.ReplaceAllStringFunc(src, func(string) string { return "\n\n" + ph.add("<!--more-->") + "\n\n" })
	src = embedCode.ReplaceAllStringFunc(src, func(m string) string {
		u := strings.TrimSpace(html.UnescapeString(embedCode.FindStringSubmatch(m)[1]))
		return "\n\n" + ph.add(embedLine(u)) + "\n\n"
	})
	src = videoCode.ReplaceAllStringFunc(src, func(m string) string {
		return "\n\n" + ph.add(embedLine(html.UnescapeString(videoCode.FindStringSubmatch(m)[1]))) + "\n\n"
	})
	src = captionCode.ReplaceAllStringFunc(src, func(m string) string {
		inner := captionCode.FindStringSubmatch(m)[2]
		parts := captionHead.FindStringSubmatch(inner)
		if parts == nil {
			return inner
		}
		return "\n\n<figure>" + parts[1] + "<figcaption>" + strings.TrimSpace(parts[2]) + "</figcaption></figure>\n\n"
	})
	seen := map[string]bool{}
	for _, m := range shortcodeTag.FindAllStringSubmatch(src, -1) {
		if name := strings.ToLower(m[2]); m[1] == "" && !seen[name] && isShortcodeName(name) {
			seen[name] = true
			unknown = append(unknown, fmt.Sprintf("shortcode [%s]", name))
		}
	}
	return autop(src), unknown
}

// isShortcodeName tells shortcodes from bracketed words in prose, like
// "[sic]" or "[1]", by the names plugins give them.
func isShortcodeName(name string) bool {
	switch name {
	case "sic", "citation", "note":
		return false
	}
	return strings.ContainsAny(name, "_-") || len(name) > 3
}

// embedLine is what stands for a video: its URL, alone on a line, which
// Rainmaker renders as an embed; other embeds become a plain link.
func embedLine(u string) string {
	if v := VideoURL(u); v != "" {
		return v
	}
	return "<" + u + ">"
}

// autop wraps text separated by blank lines in <p>, unless it starts with
// a block element, as WordPress does when it shows a classic-editor post.
// Single line breaks inside a paragraph become <br>.
func autop(src string) string {
	chunks := paragraphs.Split(strings.TrimSpace(src), -1)
	var b strings.Builder
	for _, c := range chunks {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if blockStart.MatchString(c) || strings.HasPrefix(c, placeholderPrefix) {
			b.WriteString(c)
		} else {
			b.WriteString("<p>" + strings.ReplaceAll(c, "\n", "<br>\n") + "</p>")
		}
		b.WriteString("\n\n")
	}
	return b.String()
}
