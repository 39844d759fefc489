// Package wxr reads WordPress's export format (WXR, the XML file of
// Tools → Export): the site's title and address, its authors, and every
// item (posts, pages, attachments, custom post types) with the line it
// starts on.
package wxr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// MaxVersion is the newest WXR version this reader knows. WordPress has
// written 1.2 since version 3.1 (2011).
const MaxVersion = "1.2"

// Export is what a WXR file holds.
type Export struct {
	Version     string            // wp:wxr_version
	Title       string            // the site's title
	Link        string            // the site's address
	BaseSiteURL string            // wp:base_site_url
	Authors     map[string]string // login → display name
	Items       []Item
}

// Item is one <item>: a post, a page, an attachment or another type.
type Item struct {
	Line          int // where the <item> starts
	Title         string
	Link          string // the old permalink
	Creator       string // the author's login (dc:creator)
	Content       string // content:encoded, HTML
	Excerpt       string // excerpt:encoded
	ID            string // wp:post_id
	Date          string // wp:post_date, the site's local time
	DateGMT       string // wp:post_date_gmt, "0000-00-00 00:00:00" for drafts
	Name          string // wp:post_name, the slug, URL-encoded
	Status        string // publish, draft, pending, private, future, trash, inherit
	Type          string // post, page, attachment, nav_menu_item, or a custom type
	AttachmentURL string // wp:attachment_url, for attachments
	Terms         []Term
	Meta          map[string]string // wp:postmeta, by key
}

// Term is a category or a tag of an item.
type Term struct {
	Domain   string // "category", "post_tag", or a custom taxonomy
	Nicename string // its slug
	Name     string
}

// ParseError is a file that is not a WXR file, or not a readable one.
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

type rawItem struct {
	Title   string `xml:"title"`
	Link    string `xml:"link"`
	Creator string `xml:"creator"`
	Encoded []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:"encoded"`
	ID            string `xml:"post_id"`
	Date          string `xml:"post_date"`
	DateGMT       string `xml:"post_date_gmt"`
	Name          string `xml:"post_name"`
	Status        string `xml:"status"`
	Type          string `xml:"post_type"`
	AttachmentURL string `xml:"attachment_url"`
	Categories    []struct {
		Domain   string `xml:"domain,attr"`
		Nicename string `xml:"nicename,attr"`
		Name     string `xml:",chardata"`
	} `xml:"category"`
	Meta []struct {
		Key   string `xml:"meta_key"`
		Value string `xml:"meta_value"`
	} `xml:"postmeta"`
}

type rawAuthor struct {
	Login       string `xml:"author_login"`
	DisplayName string `xml:"author_display_name"`
}

// Read reads a WXR file. An error is a *ParseError naming the line.
func Read(r io.Reader) (*Export, error) {
	d := xml.NewDecoder(r)
	d.Entity = xml.HTMLEntity // hand-edited exports carry &nbsp; and the like
	d.CharsetReader = charset.NewReaderLabel
	ex := &Export{Authors: map[string]string{}}
	if err := readRoot(d); err != nil {
		return nil, err
	}
	inChannel := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, syntaxError(d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !inChannel {
				if t.Name.Local != "channel" {
					return nil, &ParseError{Line: line(d), Msg: fmt.Sprintf("<rss> holds <%s>, not <channel>: not a WordPress export", t.Name.Local)}
				}
				inChannel = true
				continue
			}
			if err := ex.readChannelChild(d, t); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if t.Name.Local == "channel" {
				inChannel = false
			}
		}
	}
	return ex, ex.check()
}

// readRoot reads up to the root element, which must be <rss>.
func readRoot(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return &ParseError{Msg: "the file is empty or holds no XML element: not a WordPress export (WXR); make one with Tools → Export in WordPress"}
		}
		if err != nil {
			return syntaxError(d, err)
		}
		if t, ok := tok.(xml.StartElement); ok {
			if t.Name.Local != "rss" {
				return &ParseError{Line: line(d), Msg: fmt.Sprintf("the root element is <%s>, not <rss>: not a WordPress export (WXR); make one with Tools → Export in WordPress", t.Name.Local)}
			}
			return nil
		}
	}
}

func (ex *Export) readChannelChild(d *xml.Decoder, t xml.StartElement) error {
	at := line(d)
	var err error
	switch t.Name.Local {
	case "item":
		var raw rawItem
		if err = d.DecodeElement(&raw, &t); err == nil {
			ex.Items = append(ex.Items, raw.item(at))
		}
	case "author":
		var a rawAuthor
		if err = d.DecodeElement(&a, &t); err == nil && a.Login != "" {
			ex.Authors[a.Login] = strings.TrimSpace(a.DisplayName)
		}
	case "wxr_version":
		err = d.DecodeElement(&ex.Version, &t)
		ex.Version = strings.TrimSpace(ex.Version)
		if err == nil && newer(ex.Version) {
			return &ParseError{Line: at, Msg: fmt.Sprintf("WXR version %s is newer than this importer knows (%s); please report it, with the WordPress version that made the file", ex.Version, MaxVersion)}
		}
	case "title":
		err = d.DecodeElement(&ex.Title, &t)
	case "link":
		err = d.DecodeElement(&ex.Link, &t)
	case "base_site_url":
		err = d.DecodeElement(&ex.BaseSiteURL, &t)
	default:
		err = d.Skip()
	}
	if err != nil {
		return syntaxError(d, err)
	}
	return nil
}

func (raw *rawItem) item(at int) Item {
	it := Item{Line: at, Title: strings.TrimSpace(raw.Title), Link: strings.TrimSpace(raw.Link), Creator: strings.TrimSpace(raw.Creator),
		ID: strings.TrimSpace(raw.ID), Date: strings.TrimSpace(raw.Date), DateGMT: strings.TrimSpace(raw.DateGMT),
		Name: strings.TrimSpace(raw.Name), Status: strings.TrimSpace(raw.Status), Type: strings.TrimSpace(raw.Type),
		AttachmentURL: strings.TrimSpace(raw.AttachmentURL)}
	for _, e := range raw.Encoded {
		switch {
		case strings.Contains(e.XMLName.Space, "excerpt"):
			it.Excerpt = e.Text
		default:
			it.Content = e.Text
		}
	}
	for _, c := range raw.Categories {
		it.Terms = append(it.Terms, Term{Domain: c.Domain, Nicename: c.Nicename, Name: strings.TrimSpace(c.Name)})
	}
	if len(raw.Meta) > 0 {
		it.Meta = make(map[string]string, len(raw.Meta))
		for _, m := range raw.Meta {
			it.Meta[strings.TrimSpace(m.Key)] = strings.TrimSpace(m.Value)
		}
	}
	return it
}

// check tells a plain RSS feed from a WordPress export.
func (ex *Export) check() error {
	if ex.Version == "" {
		return &ParseError{Msg: "no <wp:wxr_version>: this is an RSS feed, not a WordPress export (WXR); make one with Tools → Export in WordPress"}
	}
	return nil
}

// newer reports whether version v is newer than MaxVersion.
func newer(v string) bool {
	major, minor, _ := strings.Cut(v, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || (minor != "" && err2 != nil) {
		return true // an unreadable version is not one we know
	}
	return ma > 1 || ma == 1 && mi > 2
}

func line(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

// syntaxError names the line of a malformed or truncated file.
func syntaxError(d *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "unexpected EOF") {
			msg += " (is the file truncated? export it again)"
		}
		return &ParseError{Line: se.Line, Msg: "malformed XML: " + msg, Err: err}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &ParseError{Line: line(d), Msg: "the file ends in the middle of an element (is it truncated? export it again)", Err: err}
	}
	return &ParseError{Line: line(d), Msg: err.Error(), Err: err}
}

// Sniff reports whether data starts like JSON, for a hint when a Ghost
// export is given to the WordPress importer.
func Sniff(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
