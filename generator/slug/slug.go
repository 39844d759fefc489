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
	var b strings.Builder
	b.Grow(len(s))
	pendingHyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if pendingHyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingHyphen = false
			if b.Len()+utf8.RuneLen(r) > MaxBytes {
				return b.String()
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
