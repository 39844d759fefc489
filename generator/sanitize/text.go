package sanitize

// Text: copying the text between tags as the tokenizer reads it.

import (
	"strings"

	"golang.org/x/net/html"
)

// writeText copies text as it is but for a < or an & that does not start
// a character reference ending in ";", which it writes as the tokenizer
// reads them, escaped.
func writeText(b *strings.Builder, s string) {
	for {
		i := strings.IndexAny(s, "<&")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		if s[i] == '<' {
			b.WriteString("&lt;")
			s = s[i+1:]
			continue
		}
		if n := refLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			s = s[i+n:]
			continue
		}
		if i+1 < len(s) && !isAlnum(s[i+1]) && !strings.ContainsRune("#&<", rune(s[i+1])) {
			b.WriteByte('&') // "& " starts no reference, and stays so
			s = s[i+1:]
			continue
		}
		// A reference without ";" (&copy 2024) or a word after & that is
		// none, which the tokenizer decodes looking no further than the
		// next & or <, after turning CR LF and CR into LF.
		j := len(s)
		if k := strings.IndexAny(s[i+1:], "<&"); k >= 0 {
			j = i + 1 + k
		}
		seg := strings.ReplaceAll(strings.ReplaceAll(s[i:j], "\r\n", "\n"), "\r", "\n")
		b.WriteString(textEscaper.Replace(html.UnescapeString(seg)))
		s = s[j:]
	}
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;")

// refLen returns the length of the character reference s starts with, or 0.
func refLen(s string) int {
	i := 1
	class := isAlnum
	switch {
	case i+1 < len(s) && s[i] == '#' && (s[i+1] == 'x' || s[i+1] == 'X'):
		i, class = i+2, isHex
	case i < len(s) && s[i] == '#':
		i, class = i+1, isDigit
	case i < len(s) && ('a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z'):
	default:
		return 0
	}
	start := i
	for i < len(s) && class(s[i]) {
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' {
		return 0
	}
	return i + 1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
