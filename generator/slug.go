package generator

import "github.com/rainmaker-blog/rainmaker/generator/slug"

// Slugify turns a title, file name or tag into a URL path segment; see
// slug.Make.
func Slugify(s string) string { return slug.Make(s) }

// tagSlug is the URL segment of a tag or category: slug.Term, remembered
// (slug.CachedTerm), since every stage asks for the same few hundred.
func tagSlug(tag string) string { return slug.CachedTerm(tag) }
