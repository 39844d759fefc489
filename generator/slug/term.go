// Tags and categories ("terms") are told apart by Fold and named by Term.
// Two spellings are the same term, and share one page, exactly when their
// Fold is equal: Fold ignores the Unicode normalization form, letter case
// and how words are separated (runs of spaces, hyphens and underscores), so
// "Go", "go" and " GO " are one term, and so are "Sales Coaching",
// "sales-coaching" and "sales_coaching". Any other difference makes another
// term: "C", "C#" and "C++" are three terms, and "node.js" and "nodejs" are
// two. Term gives such names distinct, readable URL segments by spelling out
// the signs that tell them apart before slugging as Make does: "C#" is
// c-sharp, "C++" is c-plus-plus, "Google+" is google-plus and ".NET" is
// dotnet; every other term gets the segment Make gives it. Terms with the
// same Fold always get the same segment, but different terms can still meet
// on one ("node.js" and "node js" are both node-js, "C#" and "C sharp" both
// c-sharp), so a site must check that no segment names two terms.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the identity of a term: terms with equal Fold are the same
// term. It applies NFC, lower-cases, applies NFC again (lower-casing can
// undo it, as in "İ\u0301"), turns runs of white space, hyphens and
// underscores into one space and trims spaces at both ends.
//
// It lower-cases rather than case-folds ("Straße" stays apart from
// "STRASSE") because Make lower-cases: that way equal Folds always mean
// equal Terms.
func Fold(s string) string {
	s = norm.NFC.String(strings.ToLower(norm.NFC.String(s)))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Term returns the URL path segment of a tag or category: Make of its Fold,
// with "#", "+", "++" and a leading "." spelled out (see spellOut). It keeps
// Make's guarantees: no "/", "." or "%", no hyphen at either end, at most
// MaxBytes, Term(Term(s)) == Term(s), and "" when no letter or digit is left.
func Term(s string) string {
	if isSlug(s) {
		// As in Make: most tags already are slugs, keep their memory.
		return s
	}
	// Slugging the Fold, not s, makes equal Folds give equal Terms by
	// construction.
	t := Make(spellOut(Fold(s)))
	// Make drops apostrophes, which can leave a letter and a combining mark
	// side by side that NFC composes ("e'\u0301" gives "e\u0301"). Settle on
	// the NFC form so that Term(Term(s)) == Term(s); one round does it in
	// practice, the bound only guards against looping.
	for i := 0; i < 4 && !norm.NFC.IsNormalString(t); i++ {
		t = Make(norm.NFC.String(t))
	}
	if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		// Only combining marks left, such as the variation selector of
		// "❤️": an invisible segment that many emoji terms would share.
		return ""
	}
	return t
}

// spellOut writes out the signs that tell C, C# and C++ apart, which Make
// would turn into hyphens: "#" and "++" after a word become " sharp " and
// " plus plus ", a "+" ending a word " plus ", and a "." starting a word
// that goes on with a letter "dot" (".net" gives "dotnet"). A "." inside
// a word ("asp.net") or after another "." ("../x") is left to Make.
func spellOut(s string) string {
	if !strings.ContainsAny(s, "#+.") {
		return s
	}
	rs := []rune(s)
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return ' '
		}
		return rs[i]
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(rs); i++ {
		r, prev, next := rs[i], at(i-1), at(i+1)
		switch {
		case r == '#' && isWord(prev):
			b.WriteString(" sharp ")
		case r == '+' && isWord(prev) && next == '+':
			b.WriteString(" plus plus ")
			i++
		case r == '+' && isWord(prev) && !isWord(next):
			b.WriteString(" plus ")
		case r == '.' && !isWord(prev) && prev != '.' && unicode.IsLetter(next):
			b.WriteString("dot")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isWord reports whether Make keeps r: a letter, a digit or a mark on one.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
