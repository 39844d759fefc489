// Package config reads and checks a site's site.toml.
package config

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// The content sections that become pages.
const (
	SectionPosts   = "posts"
	SectionStories = "stories"
	// SectionPages is the section of standalone pages (content/about.md):
	// not listed, not in feeds, each at its own path.
	SectionPages = "pages"
)

// File is the name of a site's configuration file, at the site's root.
const File = "site.toml"

// Config is a site's configuration, as read from site.toml. Its key names
// are fixed by the product design: other tools and users' sites rely on them.
type Config struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	Author      string `toml:"author"`
	PerPage     int    `toml:"per_page"`
	UnsafeHTML  bool   `toml:"unsafe_html"`
	// SocialCards gives each page without an image a generated social
	// card (1200×630 PNG); on unless social_cards = false.
	SocialCards    bool         `toml:"social_cards"`
	SubmitEndpoint string       `toml:"submit_endpoint"`
	Social         []SocialLink `toml:"social"`

	// Timezone is where dates written without an offset are, like
	// "Europe/Berlin"; "" is UTC.
	Timezone string `toml:"timezone"`
	// StrictFrontMatter turns front matter warnings (a field that looks
	// like a misspelt known one) into errors.
	StrictFrontMatter bool `toml:"strict_front_matter"`
	// Taxonomies are the ways pages are grouped, each with its pages at
	// /NAME/TERM/ and an index at /NAME/.
	Taxonomies []string `toml:"taxonomies"`
	// Permalinks maps a section ("posts", "stories", "pages") to its URL
	// pattern, like "/:year/:month/:slug/".
	Permalinks map[string]string `toml:"permalinks"`
	// Menu is the header navigation, in order; empty means the sections.
	Menu []MenuLink `toml:"menu"`
	// Brand is the author's logo, colour, font and about block.
	Brand Brand `toml:"brand"`
	// Strings override the built-in text of the layouts, by key.
	Strings map[string]string `toml:"strings"`
	// Embeds is how a video alone on a line is shown: EmbedsPlayer ("" too)
	// or EmbedsLink.
	Embeds string `toml:"embeds"`
	// TOCMinHeadings gives a page with this many h2 and h3 headings a
	// table of contents without toc: true; 0 is never.
	TOCMinHeadings int `toml:"toc_min_headings"`
	// CTA is the call to action shown after articles and stories.
	CTA CTA `toml:"cta"`
	// Notify is who is told about each accepted story.
	Notify Notify `toml:"notify"`
	// OnPublish is a shell command (sh -c, in the site's folder) run after
	// the site is rebuilt for an approved story: a deploy step such as
	// rsync or git push. "" runs nothing.
	OnPublish string `toml:"on_publish"`
	// RetainPrivateDays erases the private data (email address, consent
	// record) of approved stories this many days after they were
	// received; 0 keeps it.
	RetainPrivateDays int `toml:"retain_private_days"`

	location   *time.Location               // from Timezone, set by Validate
	permalinks map[string]permalink.Pattern // from Permalinks, set by Validate
}

// MenuLink is one entry of the header navigation.
type MenuLink struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

// SocialLink is one entry of the footer's social links, in site.toml order.
type SocialLink struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
	// Icon names one of the built-in icons; empty means "guess from Name".
	Icon string `toml:"icon"`
}

var (
	configKeys = []string{"title", "description", "base_url", "language", "author",
		"per_page", "unsafe_html", "submit_endpoint", "social", "timezone", "strict_front_matter",
		"taxonomies", "permalinks", "menu", "brand", "strings",
		"embeds", "toc_min_headings", "cta", "social_cards", "notify",
		"on_publish", "retain_private_days"}
	socialKeys = []string{"name", "url", "icon"}
	menuKeys   = []string{"name", "url"}
)

// Default returns the configuration that site.toml is read over.
func Default() Config {
	return Config{
		Language:       "en",
		PerPage:        10,
		SubmitEndpoint: "/api/stories",
		Taxonomies:     []string{"tags", "categories"},
		SocialCards:    true,
	}
}

// Parse reads site.toml from r over the defaults. name is used in
// error messages. Unknown keys are an error naming the nearest known key.
func Parse(r io.Reader, name string) (Config, error) {
	cfg := Default()
	src, err := io.ReadAll(r)
	if err != nil {
		return cfg, fmt.Errorf("read %s: %w", name, err)
	}
	md, err := toml.Decode(string(src), &cfg)
	if err != nil {
		line, msg := TOMLErrorPlace(err)
		return cfg, report.Errorf(name, line, "%s", msg)
	}
	var errs report.List
	for _, key := range md.Undecoded() {
		errs = append(errs, unknownKeyError(name, string(src), key))
	}
	if len(errs) > 0 {
		return cfg, errs.ErrOrNil()
	}
	return cfg, nil
}

func unknownKeyError(name, src string, key toml.Key) error {
	last := key[len(key)-1]
	known := configKeys
	where := ""
	switch {
	case len(key) > 1 && key[0] == "social":
		known = socialKeys
		where = " in [[social]]"
	case len(key) > 1 && key[0] == "menu":
		known = menuKeys
		where = " in [[menu]]"
	case len(key) > 2 && key[0] == "brand" && key[1] == "about":
		known = aboutKeys
		where = " in [brand.about]"
	case len(key) > 1 && key[0] == "brand":
		known = brandKeys
		where = " in [brand]"
	case len(key) > 1 && key[0] == "cta":
		known = ctaKeys
		where = " in [cta]"
	case len(key) > 1 && key[0] == "notify":
		known = notifyKeys
		where = " in [notify]"
	case len(key) > 1 && key[0] == "permalinks":
		known = []string{SectionPosts, SectionStories, SectionPages}
		where = " in [permalinks]"
	}
	msg := fmt.Sprintf("unknown key %q%s", key.String(), where)
	if near := nearest(last, known); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	} else {
		msg += "; known keys are " + strings.Join(known, ", ")
	}
	return report.Errorf(name, keyLine(src, last), "%s", msg)
}

var tomlDecodeError = regexp.MustCompile(`^toml: (?:line (\d+) )?(?:\(last key "([^"]*)"\))?:? ?`)

// TOMLErrorPlace returns the line and message of a TOML error: a syntax
// error carries its position, a type error names it only in its text.
func TOMLErrorPlace(err error) (int, string) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return pe.Position.Line, pe.Message
	}
	msg := err.Error()
	m := tomlDecodeError.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ := strconv.Atoi(m[1])
	rest := msg[len(m[0]):]
	if m[2] != "" {
		rest = m[2] + ": " + rest
	}
	return line, rest
}

// keyLine finds the line on which a key is assigned, for error messages.
func keyLine(src, key string) int {
	re := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(key) + `["']?\s*[:=]`)
	for i, line := range strings.Split(src, "\n") {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

// Validate checks values that TOML types alone cannot. name is used in
// error messages; src, if given, is the file's text, for line numbers.
func (c *Config) Validate(name, src string) error {
	var errs report.List
	bad := func(key, format string, args ...any) {
		errs = append(errs, report.Errorf(name, keyLine(src, key), key+": "+format, args...))
	}
	if strings.TrimSpace(c.Title) == "" {
		bad("title", "is required: the site's name, shown in every page's header")
	}
	if c.BaseURL == "" {
		bad("base_url", "is required: the site's absolute address, like \"https://example.org/\"")
	} else if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("base_url", "%q is not an absolute http(s) URL; write it like \"https://example.org/\"", c.BaseURL)
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.PerPage < 1 {
		bad("per_page", "must be at least 1, got %d", c.PerPage)
	}
	if strings.TrimSpace(c.Language) == "" {
		bad("language", "must not be empty; use a language tag like \"en\"")
	}
	if c.SubmitEndpoint != "" {
		if u, err := url.Parse(c.SubmitEndpoint); err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
			bad("submit_endpoint", "%q is not a path or an http(s) URL", c.SubmitEndpoint)
		}
	}
	c.location = time.UTC
	if c.Timezone != "" {
		loc, err := time.LoadLocation(c.Timezone)
		if err != nil || c.Timezone == "Local" {
			bad("timezone", "%q is not a time zone name; use an IANA name like \"Europe/Berlin\" or \"America/New_York\"", c.Timezone)
		} else {
			c.location = loc
		}
	}
	c.checkTaxonomies(bad)
	errs = append(errs, c.parsePermalinks(name, src)...)
	errs = append(errs, c.checkMenu(name, src)...)
	errs = append(errs, c.checkSocial(name, src)...)
	errs = append(errs, c.checkBrand(name, src)...)
	errs = append(errs, c.checkStrings(name, src)...)
	errs = append(errs, c.checkBlocks(name, src)...)
	errs = append(errs, c.checkNotify(name, src)...)
	c.checkRetention(bad)
	return errs.ErrOrNil()
}

// checkTaxonomies reports taxonomy names that are not plain, that clash
// with the site's own folders, or that are listed twice.
func (c *Config) checkTaxonomies(bad func(key, format string, args ...any)) {
	seenTaxonomy := map[string]bool{}
	for _, t := range c.Taxonomies {
		switch {
		case t == "" || slug.Make(t) != t:
			bad("taxonomies", "%q is not a plain lower-case name; write names like \"tags\" or \"categories\"", t)
		case reservedTopLevel[t]:
			bad("taxonomies", "%q is already a folder of the site; choose another name", t)
		case seenTaxonomy[t]:
			bad("taxonomies", "%q is listed twice", t)
		}
		seenTaxonomy[t] = true
	}
}

// parsePermalinks sets c.permalinks from Permalinks, reporting unknown
// sections and patterns that do not parse.
func (c *Config) parsePermalinks(name, src string) report.List {
	var errs report.List
	c.permalinks = map[string]permalink.Pattern{}
	for _, section := range slices.Sorted(maps.Keys(c.Permalinks)) {
		if section != SectionPosts && section != SectionStories && section != SectionPages {
			errs = append(errs, report.Errorf(name, keyLine(src, section), "permalinks: unknown section %q; the sections are %s, %s and %s (standalone pages)", section, SectionPosts, SectionStories, SectionPages))
			continue
		}
		pattern, err := permalink.Parse(c.Permalinks[section])
		if err != nil {
			errs = append(errs, report.Errorf(name, valueLine(src, section, c.Permalinks[section]), "permalinks: %s: %v", section, err))
			continue
		}
		c.permalinks[section] = pattern
	}
	return errs
}

// checkMenu reports menu entries without a name or a usable URL.
func (c *Config) checkMenu(name, src string) report.List {
	var errs report.List
	for i, m := range c.Menu {
		entry := fmt.Sprintf("menu entry %d (%q)", i+1, m.Name)
		if strings.TrimSpace(m.Name) == "" {
			errs = append(errs, report.Errorf(name, 0, "%s: name is required", entry))
		}
		if u, err := url.Parse(m.URL); m.URL == "" || err != nil || !(strings.HasPrefix(m.URL, "/") || ((u.Scheme == "http" || u.Scheme == "https") && u.Host != "")) {
			errs = append(errs, report.Errorf(name, valueLine(src, "url", m.URL), "%s: url %q must be a site path like \"/about/\" or an http(s) URL", entry, m.URL))
		}
	}
	return errs
}

// checkSocial reports social links without a name, with an unknown icon
// or with a URL that is not http, https or mailto.
func (c *Config) checkSocial(name, src string) report.List {
	var errs report.List
	for i, s := range c.Social {
		entry := fmt.Sprintf("social entry %d (%q)", i+1, s.Name)
		if strings.TrimSpace(s.Name) == "" {
			errs = append(errs, report.Errorf(name, 0, "%s: name is required", entry))
		}
		if s.Icon != "" {
			if _, ok := socialIcons[strings.ToLower(s.Icon)]; !ok {
				errs = append(errs, report.Errorf(name, valueLine(src, "icon", s.Icon), "%s: unknown icon %q; known icons are %s (leave it out for a text link)", entry, s.Icon, knownIcons()))
			}
		}
		u, err := url.Parse(s.URL)
		if err != nil || !(((u.Scheme == "http" || u.Scheme == "https") && u.Host != "") || (u.Scheme == "mailto" && u.Opaque != "")) {
			errs = append(errs, report.Errorf(name, valueLine(src, "url", s.URL), "%s: url %q must be an http, https or mailto URL", entry, s.URL))
		}
	}
	return errs
}

// valueLine finds the line on which key is set to value.
func valueLine(src, key, value string) int {
	if value == "" {
		return 0
	}
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=.*` + regexp.QuoteMeta(value))
	for i, line := range strings.Split(src, "\n") {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

// nearest returns the candidate closest to word by edit distance, or ""
// when none is close enough to be a likely typo.
func nearest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	for _, c := range candidates {
		if d := EditDistance(strings.ToLower(word), c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// reservedTopLevel are the site's own top-level folders and files, which
// no taxonomy may take.
var reservedTopLevel = map[string]bool{
	SectionPosts: true, SectionStories: true, "page": true, "api": true, "submit": true,
	"css": true, "feed.xml": true, "sitemap.xml": true,
}

// Location is the time zone of dates written without an offset.
func (c *Config) Location() *time.Location {
	if c.location == nil {
		return time.UTC
	}
	return c.location
}

// Permalink is the URL pattern site.toml gives a section, if any.
func (c *Config) Permalink(section string) (permalink.Pattern, bool) {
	p, ok := c.permalinks[section]
	return p, ok
}

// Permalinks are the URL patterns by section, checked by Validate.
func (c *Config) PermalinkPatterns() map[string]permalink.Pattern { return c.permalinks }
