package importer

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
)

// decideURLs keeps old URLs working: where every published post's old
// URL fits one pattern, site.toml gets that [permalinks] rule; any other
// entry whose URL changes gets its old URL as an alias.
func decideURLs(docs []*doc, s *site, rep *Report) {
	for _, d := range docs {
		d.old = oldPath(d.e, rep)
	}
	readURLs(docs, s, rep)
	if pattern := fittingPattern(docs, s); pattern != "" {
		if s.setPostsPattern(pattern) {
			rep.Permalinks = pattern
			readURLs(docs, s, rep)
		} else {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("the old posts' URLs fit [permalinks] posts = %q, but site.toml sets permalinks in a form the importer does not edit; the posts get aliases instead", pattern))
		}
	}
	urls := map[string]*doc{}
	for _, d := range docs {
		urls[d.url] = d
	}
	for _, d := range docs {
		if d.old == "" || d.old == d.url {
			continue
		}
		if _, err := permalink.AliasFile(d.old); err != nil {
			rep.warn(d.e, fmt.Sprintf("its old URL cannot be redirected: %v", err))
			continue
		}
		if other, ok := urls[d.old]; ok {
			rep.warn(d.e, fmt.Sprintf("its old URL %s is now the address of %s; no redirect", d.old, other.e.label()))
			continue
		}
		d.fm.Aliases = []string{d.old}
	}
}

// readURLs reads each doc's file as the build will, for its URL and date.
func readURLs(docs []*doc, s *site, rep *Report) {
	for _, d := range docs {
		meta, errs := content.Parse(d.path, d.file(), s.rules)
		if len(errs) > 0 {
			rep.warn(d.e, fmt.Sprintf("the file made from it will not build, which is a bug of the importer: %v", errs))
		}
		d.url, d.date = meta.URL, meta.Date
	}
}

// oldPath is the path of an entry's old URL, when a redirect page can
// serve it: it was published, and its URL is a path with no query.
func oldPath(e *Entry, rep *Report) string {
	if !e.Public || e.OldURL == "" {
		return ""
	}
	u, err := url.Parse(e.OldURL)
	if err != nil {
		rep.warn(e, fmt.Sprintf("its old URL cannot be read: %v", err))
		return ""
	}
	if u.RawQuery != "" {
		rep.warn(e, "its old URL has a query (?…), which a static site cannot redirect; set pretty permalinks in WordPress before exporting to keep it")
		return ""
	}
	p := u.EscapedPath()
	if p == "" || p == "/" {
		return ""
	}
	return p
}

var literalSegment = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// fittingPattern returns the [permalinks] rule under which every
// published post keeps its old URL, or "" when there is none, when
// site.toml already sets one, or when the posts keep their URLs as it is.
func fittingPattern(docs []*doc, s *site) string {
	if _, set := s.cfg.Permalink("posts"); set {
		return ""
	}
	var posts []*doc
	moved := false
	for _, d := range docs {
		if d.e.Kind == KindPost && d.old != "" {
			posts = append(posts, d)
			moved = moved || d.old != d.url
		}
	}
	if !moved {
		return ""
	}
	pattern := derivePattern(posts[0])
	p, err := permalink.Parse(pattern)
	if err != nil {
		return ""
	}
	taken := map[string]bool{}
	for _, d := range docs {
		if d.e.Kind != KindPost {
			taken[d.url] = true
		}
	}
	for _, d := range docs {
		if d.e.Kind != KindPost {
			continue
		}
		u := p.Expand("posts", d.slug, d.date)
		if (d.old != "" && u != d.old) || taken[u] {
			return ""
		}
		taken[u] = true
	}
	return pattern
}

// derivePattern reads a pattern from one post's old URL: the segments
// that are its date's year, month and day, and its slug, become tokens.
func derivePattern(d *doc) string {
	if !strings.HasSuffix(d.old, "/") {
		return ""
	}
	segs := strings.Split(strings.Trim(d.old, "/"), "/")
	var b bytes.Buffer
	for _, seg := range segs {
		b.WriteByte('/')
		switch seg {
		case d.slug:
			b.WriteString(":slug")
		case d.date.Format("2006"):
			b.WriteString(":year")
		case d.date.Format("01"):
			b.WriteString(":month")
		case d.date.Format("02"):
			b.WriteString(":day")
		default:
			if !literalSegment.MatchString(seg) {
				return ""
			}
			b.WriteString(seg)
		}
	}
	b.WriteByte('/')
	return b.String()
}
