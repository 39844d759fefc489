package config

import (
	"html/template"
	"net/url"
	"sort"
	"strings"
)

// socialIcons are small inline SVG glyphs, drawn for this project, for
// the networks the footer knows. They inherit the link colour and are
// hidden from assistive technology: the link's text names it.
var socialIcons = map[string]string{
	"linkedin":  `<rect x="2" y="2" width="20" height="20" rx="3"/><rect x="6" y="10" width="2.6" height="8" class="cut"/><circle cx="7.3" cy="6.8" r="1.5" class="cut"/><path d="M11 10h2.5v1.2c.5-.8 1.5-1.4 2.9-1.4 2 0 3.1 1.3 3.1 3.8V18h-2.6v-4c0-1.2-.5-1.9-1.5-1.9s-1.8.7-1.8 1.9v4H11z" class="cut"/>`,
	"x":         `<path d="M4 3h4.2l4.3 6 5-6H20l-6.3 7.6L20.5 21h-4.2l-4.7-6.5L6.2 21H3.7l6.7-8z"/>`,
	"facebook":  `<circle cx="12" cy="12" r="10"/><path d="M13.3 21v-7h2.3l.4-2.7h-2.7V9.6c0-.8.3-1.3 1.4-1.3H16V5.9c-.3 0-1.1-.1-2.1-.1-2.1 0-3.5 1.3-3.5 3.6v1.9H8.1V14h2.3v7z" class="cut"/>`,
	"mastodon":  `<path d="M12 2.5c-4.6 0-8 1.5-8 6.6v4.3c0 4.5 2.7 6.6 7.4 7 1.5.1 3-.1 4.4-.5v-2c-1.5.4-3 .5-4.2.3-1.6-.3-2.4-1-2.5-2.3 1.9.4 3.8.5 5.6.3 3.1-.3 5.3-2 5.3-5.2V9.1c0-5.1-3.4-6.6-8-6.6z"/><path d="M8 14V9.2c0-1 .8-1.8 1.8-1.8s1.8.8 1.8 1.8v2.3h.8V9.2c0-1 .8-1.8 1.8-1.8s1.8.8 1.8 1.8V14h-1.8V9.4h-.8v2.8h-1.8V9.4h-.8V14z" class="cut"/>`,
	"youtube":   `<rect x="2" y="5" width="20" height="14" rx="4"/><path d="M10 9v6l5-3z" class="cut"/>`,
	"instagram": `<rect x="3" y="3" width="18" height="18" rx="5" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="12" r="4" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="17.3" cy="6.7" r="1.2"/>`,
	"github":    `<path d="M12 2a10 10 0 0 0-3.2 19.5c.5.1.7-.2.7-.5v-1.8c-2.8.6-3.4-1.2-3.4-1.2-.5-1.2-1.1-1.5-1.1-1.5-.9-.6.1-.6.1-.6 1 .1 1.5 1 1.5 1 .9 1.5 2.3 1.1 2.9.8.1-.6.3-1.1.6-1.3-2.2-.3-4.6-1.1-4.6-5 0-1.1.4-2 1-2.7-.1-.3-.4-1.3.1-2.7 0 0 .8-.3 2.8 1a9.6 9.6 0 0 1 5 0c1.9-1.3 2.8-1 2.8-1 .5 1.4.2 2.4.1 2.7.6.7 1 1.6 1 2.7 0 3.9-2.3 4.7-4.6 5 .4.3.7.9.7 1.9V21c0 .3.2.6.7.5A10 10 0 0 0 12 2z"/>`,
	"rss":       `<circle cx="5.5" cy="18.5" r="2.5"/><path d="M3 10.5a10.5 10.5 0 0 1 10.5 10.5h-3A7.5 7.5 0 0 0 3 13.5zM3 3a18 18 0 0 1 18 18h-3A15 15 0 0 0 3 6z"/>`,
	"email":     `<rect x="2" y="4.5" width="20" height="15" rx="2.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3 6.5l9 6.5 9-6.5" fill="none" stroke="currentColor" stroke-width="2"/>`,
}

// knownIcons lists the icon names, for error messages.
func knownIcons() string {
	names := make([]string, 0, len(socialIcons))
	for n := range socialIcons {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// IconFor picks the icon of a social link: the configured one, else one
// guessed from the name or the host; "" means a plain text link.
func IconFor(s SocialLink) string {
	if s.Icon != "" {
		return strings.ToLower(s.Icon)
	}
	name := strings.ToLower(strings.TrimSpace(s.Name))
	switch name {
	case "twitter", "x", "x (twitter)", "twitter / x", "x / twitter":
		return "x"
	case "e-mail", "mail", "email":
		return "email"
	case "feed", "atom", "rss":
		return "rss"
	}
	if _, ok := socialIcons[name]; ok {
		return name
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return ""
	}
	if u.Scheme == "mailto" {
		return "email"
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	switch host {
	case "linkedin.com":
		return "linkedin"
	case "x.com", "twitter.com":
		return "x"
	case "facebook.com", "fb.com":
		return "facebook"
	case "youtube.com", "youtu.be":
		return "youtube"
	case "instagram.com":
		return "instagram"
	case "github.com":
		return "github"
	}
	if strings.Contains(host, "mastodon") || strings.HasPrefix(u.Path, "/@") {
		return "mastodon"
	}
	return ""
}

// IconSVG returns the inline SVG of an icon, or "" for none.
func IconSVG(name string) template.HTML {
	body, ok := socialIcons[name]
	if !ok {
		return ""
	}
	return template.HTML(`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true" focusable="false">` + body + `</svg>`)
}
