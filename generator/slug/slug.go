// Package slug turns titles, file names and tags into URL path segments.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxBytes keeps a slug well inside the 255-byte file name limit of
// common file systems, leaving room for suffixes.
const MaxBytes = 100

// Make turns a title, file name or tag into a URL path segment: lower
// case, letters and digits of any script kept, everything else folded into
// single hyphens. The result never contains "/", "." or "%", so it can
// never name a path outside the folder it is joined to. It returns "" when
// nothing usable is left.
func Make(s string) string {
	if isSlug(s) {
		// Most file names already are slugs: return them as they are,
		// sharing their memory, instead of a copy per page.
		return s
	}
	return build(s)
}

// build is Make without the shortcut for input that is already a slug.
func build(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			hyphen := pendingHyphen && b.Len() > 0
			pendingHyphen = false
			n := utf8.RuneLen(r)
			if hyphen {
				n++
			}
			if b.Len()+n > MaxBytes {
				// Cut before the letter that does not fit, and before the
				// hyphen that would precede it: a slug never ends in one.
				return b.String()
			}
			if hyphen {
				b.WriteByte('-')
			}
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// "Don't" reads better as "dont" than "don-t".
		default:
			pendingHyphen = true
		}
	}
	return b.String()
}

// isSlug reports whether Make would return s unchanged: lower-case ASCII
// letters and digits in words joined by single hyphens, within MaxBytes.
func isSlug(s string) bool {
	if s == "" || len(s) > MaxBytes || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
