// Package ghost reads Ghost's export (the JSON file of Settings →
// Advanced → Export content): posts and pages with their HTML, tags,
// authors and the tables that join them.
package ghost

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// MaxMajor is the newest major version of Ghost whose exports this
// reader has been written against.
const MaxMajor = 5

// Export is what a Ghost export holds, with posts' tags and authors
// already joined, in their order.
type Export struct {
	Version string
	Title   string // the site's title, from its settings
	Posts   []Post
}

// Post is one post or page.
type Post struct {
	ID            string
	Title         string
	Slug          string
	HTML          string
	HasLexical    bool   // the post has content, but perhaps no HTML
	FeatureImage  string // may start with __GHOST_URL__
	Type          string // post or page
	Status        string // published, draft, scheduled, sent
	Visibility    string // public, members, paid, tiers
	PublishedAt   string
	CreatedAt     string
	CustomExcerpt string
	URL           string // present in some exports; else the old URL is /SLUG/
	Tags          []Tag
	Authors       []string // display names
}

// Tag is one of a post's tags.
type Tag struct {
	Name     string
	Slug     string
	Internal bool // a #tag, which Ghost uses for themes, never shown
}

// ParseError is a file that is not a Ghost export, or not a readable one.
type ParseError struct {
	Line int // 0 when no line applies
	Msg  string
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func (e *ParseError) Unwrap() error { return e.Err }

// id is Ghost's id: a string since Ghost 1, a number before.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*i = id(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*i = id(n.String())
	return nil
}

type rawFile struct {
	DB   []rawDB `json:"db"`
	Meta *rawMeta
	Data *rawData
}

type rawDB struct {
	Meta *rawMeta `json:"meta"`
	Data *rawData `json:"data"`
}

type rawMeta struct {
	Version string `json:"version"`
}

type rawData struct {
	Posts []struct {
		ID            id      `json:"id"`
		Title         *string `json:"title"`
		Slug          string  `json:"slug"`
		HTML          *string `json:"html"`
		Lexical       *string `json:"lexical"`
		Mobiledoc     *string `json:"mobiledoc"`
		FeatureImage  *string `json:"feature_image"`
		Type          string  `json:"type"`
		Page          any     `json:"page"` // Ghost 1 and 2: true for pages
		Status        string  `json:"status"`
		Visibility    string  `json:"visibility"`
		PublishedAt   *string `json:"published_at"`
		CreatedAt     *string `json:"created_at"`
		CustomExcerpt *string `json:"custom_excerpt"`
		URL           string  `json:"url"`
	} `json:"posts"`
	Tags []struct {
		ID         id     `json:"id"`
		Name       string `json:"name"`
		Slug       string `json:"slug"`
		Visibility string `json:"visibility"`
	} `json:"tags"`
	PostsTags    []join `json:"posts_tags"`
	Users        []user `json:"users"`
	PostsAuthors []join `json:"posts_authors"`
	Settings     []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	} `json:"settings"`
}

type join struct {
	PostID    id  `json:"post_id"`
	TagID     id  `json:"tag_id"`
	AuthorID  id  `json:"author_id"`
	SortOrder int `json:"sort_order"`
}

type user struct {
	ID   id     `json:"id"`
	Name string `json:"name"`
}

// Read reads a Ghost export. An error is a *ParseError.
func Read(data []byte) (*Export, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return nil, &ParseError{Msg: "the file is empty: not a Ghost export; make one with Settings → Advanced → Export content in Ghost"}
	}
	if trimmed[0] == '<' {
		return nil, &ParseError{Msg: "the file is XML, not JSON: not a Ghost export (for a WordPress export use: rainmaker import wordpress)"}
	}
	var raw rawFile
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonError(data, err)
	}
	meta, d := raw.Meta, raw.Data
	if len(raw.DB) > 0 {
		meta, d = raw.DB[0].Meta, raw.DB[0].Data
	}
	if d == nil {
		return nil, &ParseError{Msg: "no db[0].data: not a Ghost export; make one with Settings → Advanced → Export content in Ghost"}
	}
	ex := &Export{}
	if meta != nil {
		ex.Version = strings.TrimSpace(meta.Version)
	}
	if err := checkVersion(ex.Version); err != nil {
		return nil, err
	}
	ex.Posts = d.posts()
	for _, st := range d.Settings {
		if title, ok := st.Value.(string); ok && st.Key == "title" {
			ex.Title = strings.TrimSpace(title)
		}
	}
	return ex, nil
}

func checkVersion(v string) error {
	if v == "" {
		return &ParseError{Msg: "no meta.version: not a Ghost export, or one edited by hand; export it again from Ghost"}
	}
	major, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	n, err := strconv.Atoi(major)
	if err != nil {
		return &ParseError{Msg: fmt.Sprintf("meta.version %q is not a Ghost version", v)}
	}
	if n > MaxMajor {
		return &ParseError{Msg: fmt.Sprintf("the export is from Ghost %s, newer than this importer knows (Ghost %d); please report it with a sample export", v, MaxMajor)}
	}
	return nil
}

// posts joins each post with its tags and authors, in sort order.
func (d *rawData) posts() []Post {
	tags := map[id]Tag{}
	for _, t := range d.Tags {
		tags[t.ID] = Tag{Name: strings.TrimSpace(t.Name), Slug: t.Slug,
			Internal: t.Visibility == "internal" || strings.HasPrefix(t.Name, "#")}
	}
	users := map[id]string{}
	for _, u := range d.Users {
		users[u.ID] = strings.TrimSpace(u.Name)
	}
	byOrder := func(js []join) []join {
		js = slices.Clone(js)
		slices.SortStableFunc(js, func(a, b join) int { return a.SortOrder - b.SortOrder })
		return js
	}
	postTags, postAuthors := map[id][]Tag{}, map[id][]string{}
	for _, j := range byOrder(d.PostsTags) {
		if t, ok := tags[j.TagID]; ok {
			postTags[j.PostID] = append(postTags[j.PostID], t)
		}
	}
	for _, j := range byOrder(d.PostsAuthors) {
		if name, ok := users[j.AuthorID]; ok && name != "" {
			postAuthors[j.PostID] = append(postAuthors[j.PostID], name)
		}
	}
	out := make([]Post, 0, len(d.Posts))
	for _, p := range d.Posts {
		post := Post{ID: string(p.ID), Title: strings.TrimSpace(deref(p.Title)), Slug: strings.TrimSpace(p.Slug),
			HTML: deref(p.HTML), HasLexical: deref(p.Lexical) != "" || deref(p.Mobiledoc) != "",
			FeatureImage: strings.TrimSpace(deref(p.FeatureImage)), Type: p.Type, Status: p.Status,
			Visibility: p.Visibility, PublishedAt: deref(p.PublishedAt), CreatedAt: deref(p.CreatedAt),
			CustomExcerpt: strings.TrimSpace(deref(p.CustomExcerpt)), URL: strings.TrimSpace(p.URL),
			Tags: postTags[p.ID], Authors: postAuthors[p.ID]}
		if post.Type == "" {
			post.Type = "post"
			if b, ok := p.Page.(bool); ok && b {
				post.Type = "page"
			}
		}
		out = append(out, post)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// jsonError names the line of a malformed or truncated file.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		msg := "malformed JSON: " + se.Error()
		if se.Offset >= int64(len(data)) {
			msg += " (is the file truncated? export it again)"
		}
		return &ParseError{Line: lineAt(data, se.Offset), Msg: msg, Err: err}
	case errors.As(err, &te):
		return &ParseError{Line: lineAt(data, te.Offset), Msg: fmt.Sprintf("%s is a JSON %s where a Ghost export has %s: not a Ghost export, or one edited by hand", te.Field, te.Value, te.Type), Err: err}
	}
	return &ParseError{Msg: err.Error(), Err: err}
}

func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
