package submission

import (
	"fmt"
	"unicode"
)

// checkInvisible refuses characters that change how text shows without
// being seen: bidi overrides, embeddings, isolates and marks (a title
// that reads backwards), zero-width spaces and fillers (a name that is
// not there). Joiners stay allowed between two visible characters, where
// emoji sequences (👩‍💻) and Persian or Indic words need them, and tag
// characters after a symbol, as in the flag of Scotland.
func checkInvisible(value string) string {
	runes := []rune(value)
	for i, r := range runes {
		switch {
		case r == '\u200c' || r == '\u200d':
			if i > 0 && i < len(runes)-1 && visible(runes[i-1]) && visible(runes[i+1]) {
				continue
			}
		case r >= 0xE0020 && r <= 0xE007F:
			if i > 0 && (unicode.Is(unicode.So, runes[i-1]) || (runes[i-1] >= 0xE0020 && runes[i-1] <= 0xE007F)) {
				continue
			}
		case !unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
			continue
		}
		return fmt.Sprintf("contains the invisible character %U, which can hide or reverse text; remove it", r)
	}
	return ""
}

// visible reports a character that shows: not a space, control or format
// character. Combining marks count, as they belong to the one before.
func visible(r rune) bool {
	return !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) &&
		!unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}
