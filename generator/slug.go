package generator

import "github.com/rainmaker-blog/rainmaker/generator/slug"

// Slugify turns a title, file name or tag into a URL path segment; see
// slug.Make.
func Slugify(s string) string { return slug.Make(s) }
