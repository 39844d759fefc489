package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/site"
	"github.com/rainmaker-blog/rainmaker/generator/words"
)

// pageDescription is the page's description, else its summary as text,
// cut at a word boundary near 160 characters for search results.
func pageDescription(p *site.Page) string {
	if p.Description != "" {
		return p.Description
	}
	if p.Summary != "" {
		return truncateText(p.Summary, 160)
	}
	return truncateText(htmlToText(string(p.SummaryHTML)), 160)
}

// htmlToText drops tags and decodes entities of trusted, rendered HTML,
// with runs of space made one.
func htmlToText(s string) string {
	if !utf8.ValidString(s) {
		return htmlToTextRunes(s)
	}
	// '<' and '>' never occur inside a multi-byte rune: bytes will do.
	text := make([]byte, 0, len(s))
	inTag := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			inTag = true
		case c == '>' && inTag:
			inTag = false
		case !inTag:
			text = append(text, c)
		}
	}
	if bytes.IndexByte(text, '&') >= 0 {
		text = []byte(html.UnescapeString(string(text)))
	}
	return collapseSpace(text)
}

// htmlToTextRunes is htmlToText for text that is not valid UTF-8, whose
// bad bytes become U+FFFD.
func htmlToTextRunes(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// collapseSpace is strings.Join(strings.Fields(text), " ") in one pass.
func collapseSpace(text []byte) string {
	out := make([]byte, 0, len(text))
	space := false
	for i := 0; i < len(text); {
		c := text[i]
		size, isSpace := 1, false
		if c < utf8.RuneSelf {
			isSpace = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
		} else {
			var r rune
			r, size = utf8.DecodeRune(text[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = len(out) > 0
		} else {
			if space {
				out = append(out, ' ')
				space = false
			}
			out = append(out, text[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

// truncateText cuts s to at most limit runes, at a space when one is in
// the second half, and marks the cut with an ellipsis.
func truncateText(s string, limit int) string {
	if !utf8.ValidString(s) {
		return truncateTextRunes(s, limit)
	}
	end, n := 0, 0
	for end < len(s) && n < limit {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		n++
	}
	if end == len(s) {
		return s
	}
	prefix := s[:end]
	cut := strings.LastIndexByte(prefix, ' ')
	if cut < limit/2 {
		cut = len(prefix)
	}
	return strings.TrimRight(prefix[:cut], " ,.;:") + "…"
}

// truncateTextRunes is truncateText for text that is not valid UTF-8.
func truncateTextRunes(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	runes := []rune(s)[:limit]
	cut := strings.LastIndexByte(string(runes), ' ')
	if cut < limit/2 {
		cut = len(string(runes))
	}
	return strings.TrimRight(string(runes)[:cut], " ,.;:") + "…"
}

func compact(errs report.List) report.List {
	out := errs[:0]
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// jsonLD marshals structured data for a script element. encoding/json
// escapes <, > and &, so the result cannot close the element.
func jsonLD(v map[string]any) template.JS {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(data)
}

// layoutError is a layout that failed while rendering one page.
type layoutError struct {
	*report.FileError
	page string
}

// mergeLayoutErrors reports a broken layout once, not once per page.
func mergeLayoutErrors(errs report.List) report.List {
	var out report.List
	seen := map[string]*report.FileError{}
	count := map[string]int{}
	for _, err := range errs {
		le, ok := err.(*layoutError)
		if !ok {
			out = append(out, err)
			continue
		}
		key := le.FileError.Error()
		if count[key]++; count[key] == 1 {
			fe := *le.FileError
			seen[key] = &fe
			out = append(out, &fe)
			fe.Err = fmt.Errorf("%v (while rendering %s)", le.Err, le.page)
		}
	}
	for key, fe := range seen {
		if n := count[key] - 1; n > 0 {
			fe.Err = fmt.Errorf("%v and %d more %s)", strings.TrimSuffix(fe.Err.Error(), ")"), n, words.Plural(n, "page", "pages"))
		}
	}
	return out
}
