package config

import (
	"net/url"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// CTA is the site's call to action, [cta] in site.toml: a link shown as
// a button after articles and stories and wherever {{< cta >}} is
// written.
type CTA struct {
	Text string `toml:"text"` // like "Book a discovery call"
	URL  string `toml:"url"`  // http(s), mailto, or a site path like "/contact/"
}

var ctaKeys = []string{"text", "url"}

// The values of embeds.
const (
	EmbedsPlayer = "player" // the provider's player, loaded lazily (the default)
	EmbedsLink   = "link"   // a link card: no request to the provider at all
)

// checkBlocks reports content-block settings the build cannot use: an
// unknown embeds value, a negative toc_min_headings, a CTA with a link
// but no text (or the other way round) or a link that is not a web,
// mail or site address.
func (c *Config) checkBlocks(name, src string) report.List {
	var errs report.List
	bad := func(line int, format string, args ...any) {
		errs = append(errs, report.Errorf(name, line, format, args...))
	}
	switch c.Embeds {
	case "", EmbedsPlayer, EmbedsLink:
	default:
		bad(keyLine(src, "embeds"), "embeds: %q is not a way to show videos; use %q (the player, the default) or %q (a link, no request to the video site)", c.Embeds, EmbedsPlayer, EmbedsLink)
	}
	if c.TOCMinHeadings < 0 {
		bad(keyLine(src, "toc_min_headings"), "toc_min_headings: must be 0 (no automatic table of contents) or more, got %d", c.TOCMinHeadings)
	}
	text, link := strings.TrimSpace(c.CTA.Text), strings.TrimSpace(c.CTA.URL)
	switch {
	case link != "" && text == "":
		bad(ctaLine(src, "text"), "cta.text: is required with cta.url: the words on the button, like \"Book a discovery call\"")
	case text != "" && link == "":
		bad(ctaLine(src, "url"), "cta.url: is required with cta.text: where the button leads, like \"https://cal.example.org/you\"")
	}
	if link != "" && !ctaURLOK(link) {
		bad(ctaLine(src, "url"), "cta.url: %q must be an http(s) URL, a mailto: address or a site path like \"/contact/\"", c.CTA.URL)
	}
	return errs
}

// ctaURLOK accepts what a button may lead to: a web page, an email
// address or a page of the site; never a script.
func ctaURLOK(raw string) bool {
	if strings.ContainsAny(raw, " \t\r\n") {
		return false
	}
	if strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//") {
		_, err := url.Parse(raw)
		return err == nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// ctaLine is the line of key inside [cta], or of [cta] itself.
func ctaLine(src, key string) int {
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != "[cta]" {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			l := strings.TrimSpace(lines[j])
			if strings.HasPrefix(l, "[") {
				break
			}
			if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key {
				return j + 1
			}
		}
		return i + 1
	}
	return keyLine(src, key)
}
