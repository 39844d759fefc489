// Package words holds the small rules of English the program's messages
// and the layouts share.
package words

// Plural picks the singular or plural form of a word for a count.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
