// Package permalink builds page URLs from a section's permalink pattern,
// and turns old URLs (aliases) into redirect pages and _redirects rules,
// for blogs that move from Jekyll, Hugo or Zola and keep their URLs.
//
// # Permalink patterns
//
// A section's pattern is set in site.toml, as in Hugo:
//
//	posts = "/:year/:month/:slug/"
//
// The tokens are:
//
//	:year     the year of the page's date, 4 digits: 2021
//	:month    the month, 2 digits: 05
//	:day      the day of the month, 2 digits: 09
//	:slug     the page's slug: its front matter slug, else its file name
//	:title    the same as :slug; Jekyll's :title is the file name, as
//	          here, but Hugo's is the title, so a Hugo page whose file
//	          name is not its title needs a slug to keep its URL
//	:section  the section: posts
//
// The date is read in the time zone it was written in: a post dated
// 2021-05-31T23:30:00-07:00 is in May, whatever the time zone of the
// machine that builds the site.
//
// A pattern starts and ends with "/" (every page is a folder holding an
// index.html; keep old ".html" URLs working with aliases), contains :slug
// or :title (or two pages could share a URL), and spells its literal text
// with ASCII letters, digits, "-", "_", "." and "/" only. It has no empty
// segment ("//"), no ".." anywhere, no segment that starts or ends with
// "." (hosts skip dot files; Windows drops trailing dots), and does not
// start with a folder the generator owns (api/, or a file such as
// feed.xml). A token name runs to the first character that is not a
// letter, digit or "_", so "/:year-:month/" works but "/:year_:month/" is
// the unknown token ":year_".
//
// # Aliases
//
// An alias is an old URL that must keep working: Hugo's and Zola's
// aliases, Jekyll's redirect_from. [AliasFile] names the file that serves
// it, and [RedirectPage] writes that file:
//
//	/old/path/              old/path/index.html
//	/old/path               old/path/index.html  (no .html: a folder)
//	/2019/01/01/old.html    2019/01/01/old.html  (.html or .htm: a file)
//	old.html                old.html             (relative to the site root)
//	/caf%C3%A9/             café/index.html      (decoded once)
//
// An alias is a path on this site: a full URL ("https://example.org/old/",
// "//example.org/old/"), a query string ("?p=1") or a fragment ("#top") is
// an error, as are "..", "." segments, empty segments, dot files,
// backslashes, control characters, characters no Windows file name can
// hold (< > : " | ? *), an encoded slash (%2F), a path still
// percent-encoded after one decoding (%252e), and invalid UTF-8. The home
// page ("/", "/index.html") and the files the generator writes itself
// (feed.xml, sitemap.xml, robots.txt, 404.html, _redirects, _headers, and
// anything under api/) are refused with an error that wraps [ErrReserved];
// these names are compared ignoring case, as macOS and Windows file
// systems do. AliasFile does not know the site's pages: its caller must
// still check that no alias names the file of a page, a tag page or a
// static file.
//
// Hugo resolves an alias without a leading "/" against the page's folder;
// [ResolveHugoAlias] does that before AliasFile, for content written for
// Hugo.
//
// [Redirects] writes the same aliases as a _redirects file for Netlify and
// Cloudflare Pages; where the host applies a rule, visitors get a real 301
// rather than the redirect page.
package permalink

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Pattern is a parsed permalink pattern. The zero Pattern is empty: it
// expands to "". Make one with [Parse].
type Pattern struct {
	src   string
	parts []part
}

// part is one piece of a pattern: literal text, or a token.
type part struct {
	tok token
	lit string // for literal parts
}

type token uint8

const (
	literal token = iota
	tokYear
	tokMonth
	tokDay
	tokSlug // :slug and :title
	tokSection
)

// tokens are the names Parse knows, in the order errors list them.
var tokens = []struct {
	name string
	tok  token
}{
	{"year", tokYear},
	{"month", tokMonth},
	{"day", tokDay},
	{"slug", tokSlug},
	{"title", tokSlug},
	{"section", tokSection},
}

// knownTokens lists the tokens for error messages.
const knownTokens = ":year, :month, :day, :slug, :title, :section"

// tokenHints explain tokens other generators have and this one has not.
var tokenHints = map[string]string{
	"filename":              "use :slug: a page's slug is its front matter slug, else its file name",
	"slugorfilename":        "use :slug: a page's slug is its front matter slug, else its file name",
	"contentbasename":       "use :slug: a page's slug is its front matter slug, else its file name",
	"slugorcontentbasename": "use :slug: a page's slug is its front matter slug, else its file name",
	"sections":              "use :section: a page has one section",
	"categories":            "categories are not part of URLs here; use :section",
	"i_month":               "use :month, which is always 2 digits",
	"i_day":                 "use :day, which is always 2 digits",
	"short_year":            "use :year, which is always 4 digits",
}

// PatternError is a permalink pattern that Parse refused, and why.
type PatternError struct {
	Pattern string // as written
	Reason  string // what is wrong, and how to fix it
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("permalink pattern %q: %s", e.Pattern, e.Reason)
}

// Parse reads a permalink pattern, like "/:year/:month/:slug/". The
// package documentation lists the tokens and the rules; an error is a
// *PatternError naming the bad part.
func Parse(pattern string) (Pattern, error) {
	fail := func(format string, args ...any) (Pattern, error) {
		return Pattern{}, &PatternError{Pattern: pattern, Reason: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(pattern) == "" {
		return fail(`is empty; a pattern looks like "/:year/:month/:slug/"`)
	}
	if !utf8.ValidString(pattern) {
		return fail("is not valid UTF-8")
	}
	if !strings.HasPrefix(pattern, "/") {
		if strings.Contains(pattern, "://") {
			return fail(`is a path on this site, like "/:year/:slug/"; drop the scheme and host`)
		}
		return fail(`must start with "/" (did you mean %q?)`, "/"+pattern)
	}

	parts, reason := splitPattern(pattern)
	if reason != "" {
		return fail("%s", reason)
	}
	if reason := checkPatternSegments(pattern); reason != "" {
		return fail("%s", reason)
	}
	if !strings.HasSuffix(pattern, "/") {
		if strings.HasSuffix(strings.ToLower(pattern), ".html") || strings.HasSuffix(strings.ToLower(pattern), ".htm") {
			return fail(`must end with "/": every page is a folder with an index.html; keep the old .html URLs working with aliases (did you mean %q?)`, trimExt(pattern)+"/")
		}
		return fail(`must end with "/": every page is a folder with an index.html (did you mean %q?)`, pattern+"/")
	}
	if !hasToken(parts, tokSlug) {
		switch finest := finestDate(parts); finest {
		case "":
			return fail("must contain :slug, or every page of a section would share one URL")
		default:
			return fail("must contain :slug, or two pages of one %s would share a URL", finest)
		}
	}
	return Pattern{src: pattern, parts: parts}, nil
}

// splitPattern cuts a pattern into its literal text and its tokens, or
// tells which token or character is wrong.
func splitPattern(pattern string) ([]part, string) {
	var parts []part
	for i := 0; i < len(pattern); {
		if pattern[i] == ':' {
			j := i + 1
			for j < len(pattern) && isNameByte(pattern[j]) {
				j++
			}
			name := pattern[i+1 : j]
			if name == "" {
				return nil, fmt.Sprintf(`":" must start a token, like :slug; known tokens are %s`, knownTokens)
			}
			tok, ok := lookupToken(name)
			if !ok {
				return nil, unknownToken(name)
			}
			parts = append(parts, part{tok: tok})
			i = j
			continue
		}
		j := i
		for j < len(pattern) && isLiteralByte(pattern[j]) {
			j++
		}
		if j == i {
			r, _ := utf8.DecodeRuneInString(pattern[i:])
			return nil, badCharacter(r)
		}
		parts = append(parts, part{tok: literal, lit: pattern[i:j]})
		i = j
	}
	return parts, ""
}

// badCharacter explains why r may not stand in a pattern's literal text,
// with a hint for the characters people reach for.
func badCharacter(r rune) string {
	reason := fmt.Sprintf(`character %q is not allowed; literal text may use ASCII letters, digits, "-", "_", "." and "/"`, r)
	switch r {
	case '?':
		reason += "; a page URL has no query string"
	case '#':
		reason += "; a page URL has no fragment"
	case '%':
		reason += "; write the text itself, not percent-escapes"
	case ' ':
		reason += "; use \"-\" between words"
	}
	return reason
}

func hasToken(parts []part, tok token) bool {
	for _, pt := range parts {
		if pt.tok == tok {
			return true
		}
	}
	return false
}

// finestDate names the finest date token in parts ("day", "month",
// "year" or ""), for the message about a missing :slug.
func finestDate(parts []part) string {
	switch {
	case hasToken(parts, tokDay):
		return "day"
	case hasToken(parts, tokMonth):
		return "month"
	case hasToken(parts, tokYear):
		return "year"
	}
	return ""
}

// checkPatternSegments applies the rules on path segments, the same for
// patterns as for aliases as far as they apply to literal text.
func checkPatternSegments(pattern string) string {
	if strings.Contains(pattern, "..") {
		return `".." is not allowed anywhere in a pattern`
	}
	segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(pattern, "/"), "/"), "/")
	if pattern == "/" {
		return `"/" is the home page; a pattern must contain :slug, like "/:slug/"`
	}
	for _, seg := range segs {
		switch {
		case seg == "":
			return `has an empty segment ("//"); use single slashes`
		case seg == ".":
			return `has a "." segment; write the path without it`
		case strings.HasPrefix(seg, "."):
			return fmt.Sprintf(`segment %q starts with ".": hosts hide or skip dot files`, seg)
		case strings.HasSuffix(seg, "."):
			return fmt.Sprintf(`segment %q ends with ".", which Windows drops from folder names`, seg)
		case len(seg) > maxSegment:
			return fmt.Sprintf("has a segment of %d bytes; folder names hold at most %d", len(seg), maxSegment)
		}
	}
	if !strings.Contains(segs[0], ":") {
		if why := reservedFirst(segs[0]); why != "" {
			return fmt.Sprintf("starts with %s/, which is %v: %s", segs[0], ErrReserved, why)
		}
	}
	return ""
}

func trimExt(s string) string {
	if i := strings.LastIndexByte(s, '.'); i > strings.LastIndexByte(s, '/') {
		return s[:i]
	}
	return s
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

func isLiteralByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '/'
}

func lookupToken(name string) (token, bool) {
	for _, t := range tokens {
		if t.name == name {
			return t.tok, true
		}
	}
	return literal, false
}

// unknownToken explains a token Parse does not know, with the nearest
// known one when there is one close enough to be a typo.
func unknownToken(name string) string {
	msg := fmt.Sprintf("unknown token %q; known tokens are %s", ":"+name, knownTokens)
	lower := strings.ToLower(name)
	if hint, ok := tokenHints[lower]; ok {
		return msg + " (" + hint + ")"
	}
	best, bestDist := "", 3 // suggest at distance 2 or less
	for _, t := range tokens {
		if d := editDistance(lower, t.name); d < bestDist && d < max(len(lower), 2) {
			best, bestDist = t.name, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", ":"+best)
	}
	return msg
}

// editDistance is the optimal string alignment distance between two short
// ASCII strings: insertions, deletions, substitutions and swaps of
// neighbours each cost 1, so ":yaer" is one step from ":year".
func editDistance(a, b string) int {
	if len(a) > 32 || len(b) > 32 {
		return 99 // far from every token, and no quadratic work on long input
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// Expand returns the URL of a page: "/2021/05/my-post/" for
// "/:year/:month/:slug/". The section and slug must be non-empty URL path
// segments (no "/"), as slug.Make makes them; they are written as given.
// The date is read in its own time zone. Years outside 0 to 9999 are
// written with as many digits as they need.
func (p Pattern) Expand(section, slug string, date time.Time) string {
	if len(p.parts) == 0 {
		return ""
	}
	b := make([]byte, 0, len(p.src)+len(slug)+len(section)+8)
	var year, day int
	var month time.Month
	if p.UsesDate() {
		year, month, day = date.Date()
	}
	for _, pt := range p.parts {
		switch pt.tok {
		case literal:
			b = append(b, pt.lit...)
		case tokYear:
			b = appendPadded(b, year, 4)
		case tokMonth:
			b = appendPadded(b, int(month), 2)
		case tokDay:
			b = appendPadded(b, day, 2)
		case tokSlug:
			b = append(b, slug...)
		case tokSection:
			b = append(b, section...)
		}
	}
	return string(b)
}

// appendPadded appends n in decimal, with leading zeros to width digits.
func appendPadded(b []byte, n, width int) []byte {
	if n >= 0 {
		for p := pow10(width - 1); p > 1 && n < p; p /= 10 {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, int64(n), 10)
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// UsesDate reports whether the pattern has :year, :month or :day, so the
// caller can insist that every page of the section has a date.
func (p Pattern) UsesDate() bool {
	for _, pt := range p.parts {
		if pt.tok == tokYear || pt.tok == tokMonth || pt.tok == tokDay {
			return true
		}
	}
	return false
}

// String returns the pattern as it was written.
func (p Pattern) String() string { return p.src }

// MarshalText returns the pattern as it was written.
func (p Pattern) MarshalText() ([]byte, error) { return []byte(p.src), nil }

// UnmarshalText parses a pattern, so a Pattern can be decoded straight
// from site.toml.
func (p *Pattern) UnmarshalText(text []byte) error {
	q, err := Parse(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// File is the file, relative to the output folder, that serves a site
// URL: "/posts/x/" is "posts/x/index.html", "/404.html" is "404.html".
func File(siteURL string) string {
	if strings.HasSuffix(siteURL, "/") {
		siteURL += "index.html"
	}
	return strings.TrimPrefix(siteURL, "/")
}
