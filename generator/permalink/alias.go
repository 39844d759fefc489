package permalink

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrReserved is wrapped by the error AliasFile returns for an alias that
// names a file the generator writes itself: the home page, the feed, the
// sitemap, robots.txt, 404.html, the host's _redirects and _headers, and
// anything under api/.
var ErrReserved = errors.New("reserved by the generator")

// AliasError is an alias that AliasFile refused, and why. It wraps
// ErrReserved when the alias names one of the generator's own files.
type AliasError struct {
	Alias  string // as written
	Reason string // what is wrong, and how to fix it
	Err    error  // ErrReserved, or nil
}

func (e *AliasError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("alias %q: %v: %s", e.Alias, e.Err, e.Reason)
	}
	return fmt.Sprintf("alias %q: %s", e.Alias, e.Reason)
}

func (e *AliasError) Unwrap() error { return e.Err }

// reservedFiles are the files at the root of the output folder that the
// generator (or the host, reading them) owns, in lower case, and what
// each one is.
var reservedFiles = map[string]string{
	"index.html":  "index.html is the home page",
	"feed.xml":    "feed.xml is the site's feed",
	"sitemap.xml": "sitemap.xml is the sitemap",
	"robots.txt":  "robots.txt tells crawlers what to index",
	"404.html":    "404.html is the page for missing URLs",
	"_redirects":  "_redirects holds the host's redirect rules",
	"_headers":    "_headers holds the host's header rules",
}

// reservedFirst tells why a path may not start with the segment seg, or
// returns "": the api/ folder belongs to the site's server endpoints, and
// a folder named like a reserved file would stand where that file must.
// Names are compared ignoring case, as macOS and Windows do.
func reservedFirst(seg string) string {
	seg = strings.ToLower(seg)
	if seg == "api" {
		return "api/ holds the site's server endpoints"
	}
	return reservedFiles[seg]
}

// maxSegment is the longest file name common file systems allow.
const maxSegment = 255

// AliasFile returns the file, relative to the output folder and
// slash-separated, that serves the old URL alias: "/old/path/" and
// "/old/path" are "old/path/index.html", "/2019/01/01/old.html" is
// "2019/01/01/old.html", and "old.html" is "old.html" (an alias without a
// leading "/" is relative to the site root; see ResolveHugoAlias).
// Percent-escapes are decoded once: "/caf%C3%A9/" is "café/index.html".
//
// The package documentation lists what is refused. An error is an
// *AliasError; for the home page and the generator's own files it wraps
// ErrReserved. A file AliasFile returns never starts with "/", never
// contains "..", "\", NUL or a control character, is valid UTF-8, and is
// unchanged by path.Clean, so joining it to the output folder cannot name
// anything outside it.
func AliasFile(alias string) (string, error) {
	fail := func(reason string) (string, error) {
		return "", &AliasError{Alias: alias, Reason: reason}
	}
	reserved := func(why string) (string, error) {
		return "", &AliasError{Alias: alias, Reason: why, Err: ErrReserved}
	}

	p, reason := decodeAlias(alias)
	if reason != "" {
		return fail(reason)
	}

	// The path itself: a folder or an .html file, relative to the root.
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return reserved(`"/" is the home page`)
	}
	folder := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	segs := strings.Split(p, "/")
	for _, seg := range segs {
		if reason := aliasSegmentReason(seg); reason != "" {
			return fail(reason)
		}
	}
	if why := reservedFirst(segs[0]); why != "" {
		return reserved(why + "; pick another path")
	}
	if folder || !isHTML(segs[len(segs)-1]) {
		p += "/index.html"
	}
	return p, nil
}

// decodeAlias checks that alias has the shape of a path on this site,
// decodes its percent-escapes once, and checks that what they decode to
// can be a file name. It returns the decoded path, or why it cannot.
func decodeAlias(alias string) (string, string) {
	if reason := aliasShapeReason(alias); reason != "" {
		return "", reason
	}
	p, err := url.PathUnescape(alias)
	if err != nil {
		return "", fmt.Sprintf("cannot be decoded: %v", err)
	}
	if bad := firstEscape(p); bad != "" {
		return "", fmt.Sprintf("is percent-encoded twice: decoding it once leaves %q", bad)
	}
	if !utf8.ValidString(p) {
		return "", "decodes to bytes that are not UTF-8; percent-escapes must encode UTF-8 text"
	}
	for _, r := range p {
		switch {
		case r == 0:
			return "", "contains a NUL character"
		case unicode.IsControl(r):
			return "", fmt.Sprintf("contains the control character %U", r)
		case r == '\\':
			return "", `contains a backslash; URL paths use "/"`
		case strings.ContainsRune(`<>:"|?*`, r):
			return "", fmt.Sprintf("contains %q, which a file name cannot hold on every system", r)
		}
	}
	if strings.Contains(p, "..") {
		return "", `contains "..", which is not allowed anywhere in an alias`
	}
	return p, ""
}

// aliasShapeReason tells why alias, before anything is decoded, is not
// the shape of a path on this site, or returns "".
func aliasShapeReason(alias string) string {
	if strings.TrimSpace(alias) == "" {
		return "is empty; an alias is an old path on this site, like /old/"
	}
	if !utf8.ValidString(alias) {
		return "is not valid UTF-8"
	}
	if strings.Contains(alias, "://") || hasScheme(alias) {
		return "an alias is a path on this site, like /old/; drop the scheme and host"
	}
	if strings.HasPrefix(alias, "//") {
		return "an alias is a path on this site, like /old/; drop the host (a path never starts with //)"
	}
	if strings.Contains(alias, "?") {
		return "has a query string (?…); a static host serves the same file whatever the query, so drop it"
	}
	if strings.Contains(alias, "#") {
		return "has a fragment (#…), which browsers never send to the server; drop it"
	}
	if esc := encodedSlash(alias); esc != "" {
		return fmt.Sprintf("has an encoded slash (%s), which no file name can hold", esc)
	}
	if bad := badEscape(alias); bad != "" {
		return fmt.Sprintf("has a broken percent-escape %q; write a literal %% as %%25", bad)
	}
	return ""
}

// aliasSegmentReason tells why seg, one decoded segment of an alias,
// cannot be a file or folder name that every host serves, or returns "".
func aliasSegmentReason(seg string) string {
	switch {
	case seg == "":
		return `has an empty segment ("//"); use single slashes`
	case seg == ".":
		return `has a "." segment; write the path without it`
	case strings.HasPrefix(seg, "."):
		return fmt.Sprintf("segment %q starts with \".\": hosts hide or skip dot files, so the redirect would not be served", seg)
	case strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " "):
		return fmt.Sprintf("segment %q ends with a dot or a space, which Windows drops from file names", seg)
	case strings.HasPrefix(seg, " "):
		return fmt.Sprintf("segment %q starts with a space", seg)
	case len(seg) > maxSegment:
		return fmt.Sprintf("has a segment of %d bytes; file names hold at most %d", len(seg), maxSegment)
	}
	return ""
}

// isHTML reports whether a file name ends in .html or .htm, the names a
// static host serves as HTML.
func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// hasScheme reports whether s starts with a URL scheme and a colon, like
// "mailto:" or "javascript:", before any "/".
func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case j > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// encodedSlash returns the first "%2F" or "%2f" in s, or "".
func encodedSlash(s string) string {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && s[i+1] == '2' && (s[i+2] == 'f' || s[i+2] == 'F') {
			return s[i : i+3]
		}
	}
	return ""
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// badEscape returns the first "%" that does not start a valid escape, with
// what follows it, or "".
func badEscape(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			i += 2
			continue
		}
		end := min(i+3, len(s))
		for end < len(s) && !utf8.RuneStart(s[end]) {
			end++
		}
		return s[i:end]
	}
	return ""
}

// firstEscape returns the first valid percent-escape in s, or "".
func firstEscape(s string) string {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '%' && isHex(s[i+1]) && isHex(s[i+2]) {
			return s[i : i+3]
		}
	}
	return ""
}

// AliasURL returns the URL path that a file from AliasFile serves, for a
// _redirects rule: "old/path/index.html" is "/old/path/", "old.html" is
// "/old.html", "café/index.html" is "/caf%C3%A9/". Each segment is escaped
// as url.PathEscape does, so spaces, non-ASCII letters, "%" and "#" are
// percent-encoded, and AliasFile(AliasURL(file)) gives back file.
func AliasURL(file string) string {
	if file == "index.html" {
		return "/"
	}
	rest, folder := strings.CutSuffix(file, "/index.html")
	var b strings.Builder
	b.Grow(len(file) + 8)
	for seg := range strings.SplitSeq(rest, "/") {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(seg))
	}
	if folder {
		b.WriteByte('/')
	}
	return b.String()
}

// ResolveHugoAlias resolves an alias written for Hugo, which takes an
// alias without a leading "/" as relative to the page's folder: on the
// page "/posts/new/", "old.html" is "/posts/old.html" and "old/" is
// "/posts/old/". An alias that starts with "/", or that has a scheme, is
// returned as it is. Nothing is cleaned or decoded: pass the result to
// AliasFile, which refuses "..".
func ResolveHugoAlias(pageURL, alias string) string {
	if alias == "" || strings.HasPrefix(alias, "/") || strings.Contains(alias, "://") || hasScheme(alias) {
		return alias
	}
	dir := strings.TrimSuffix(pageURL, "/")
	dir = dir[:strings.LastIndexByte(dir, '/')+1]
	if !strings.HasPrefix(dir, "/") {
		dir = "/" + dir
	}
	return dir + alias
}

// redirectPage is the page an alias file holds. It is plain HTML5 that
// html-validate and axe accept: a language, a character set, a viewport,
// a title, and the link inside a main landmark. The sentence is English,
// so the page is lang="en" whatever the site's language.
var redirectPage = template.Must(template.New("redirect").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Moved: {{.Title}}</title>
{{with .Canonical}}<link rel="canonical" href="{{.}}">
{{end}}<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.Target}}">
</head>
<body>
<main>
<p>This page has moved to <a href="{{.Target}}">{{.Title}}</a>.</p>
</main>
</body>
</html>
`))

// RedirectPage returns the HTML of a page that sends its visitors on to
// target at once: a meta refresh, a visible link for those whose browser
// does not follow it, rel=canonical pointing at canonical (the target's
// absolute URL; left out when empty) so search engines index the target,
// and robots noindex so they drop the old URL.
//
// target and canonical are a site path like "/posts/new/" or an http(s)
// URL; characters a URL cannot hold unescaped are percent-encoded, and any
// other scheme, such as javascript:, is replaced by html/template's
// "#ZgotmplZ". title is the target page's title, as plain text; when it
// is blank the link shows the target. Everything is escaped by
// html/template, so no value can add markup.
func RedirectPage(target, canonical, title string) []byte {
	target = normalizeURL(target)
	title = strings.TrimSpace(title)
	if title == "" {
		title = target
	}
	var buf bytes.Buffer
	err := redirectPage.Execute(&buf, struct{ Target, Canonical, Title string }{
		Target: target, Canonical: normalizeURL(canonical), Title: title,
	})
	if err != nil {
		panic(err) // only strings go in: cannot happen
	}
	return buf.Bytes()
}

// normalizeURL percent-encodes what html/template encodes in a link
// (spaces, quotes, parentheses, "<", ">", controls, non-ASCII...), keeping
// valid escapes, so the refresh and the link carry the same URL. It
// matters for "'" too: a refresh URL that starts with a quote would be
// read as quoted.
func normalizeURL(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f && !strings.ContainsRune("\"'()<>\\^`{|}", rune(c)) {
			if c == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
				b.WriteString("%25")
				continue
			}
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// Redirect is one rule of a _redirects file: From, a path on this site
// like "/old/" (see AliasURL), to To, a site path like "/posts/new/" or an
// absolute URL.
type Redirect struct{ From, To string }

// Redirects returns a _redirects file, the format Netlify and Cloudflare
// Pages read from the root of the output folder: one rule a line, the old
// path, the new path or URL and the status, separated by spaces:
//
//	/2019/01/01/old-post.html /posts/old-post/ 301
//	/old/ /posts/new/ 301
//
// Rules are sorted by From, so the file is the same from build to build,
// and each From appears once: when entries repeat a From, the first one
// in entries wins. Rules with an empty From or To, and rules that send a
// path to itself, are left out. Bytes that are not printable ASCII
// (spaces, line breaks, non-ASCII letters) are percent-encoded, as both
// hosts require, so one rule can never spill into another line; existing
// escapes are kept as they are. With no rules the result is empty.
//
// Cloudflare Pages follows a rule even where a file exists, and takes at
// most 2,000 such rules of 1,000 characters each. Netlify serves an
// existing file instead of an unforced rule ("shadowing"), so there the
// alias pages that RedirectPage writes answer with their meta refresh.
func Redirects(entries []Redirect) []byte {
	rules := make([]Redirect, 0, len(entries))
	for _, e := range entries {
		r := Redirect{From: escapeField(e.From), To: escapeField(e.To)}
		if r.From == "" || r.To == "" || r.From == r.To {
			continue
		}
		rules = append(rules, r)
	}
	slices.SortStableFunc(rules, func(a, b Redirect) int { return cmp.Compare(a.From, b.From) })
	rules = slices.CompactFunc(rules, func(a, b Redirect) bool { return a.From == b.From })
	var b bytes.Buffer
	for _, r := range rules {
		b.WriteString(r.From)
		b.WriteByte(' ')
		b.WriteString(r.To)
		b.WriteString(" 301\n")
	}
	return b.Bytes()
}

// escapeField percent-encodes the bytes of s that are not printable ASCII.
func escapeField(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
