// Package render is the build's render stage. From the assembled site
// (package site) it plans every output file as a job with a key (plan.go;
// every key is made in keys.go), then executes the plan through a
// publish.Writer: a file whose key changed, or whose file is no longer as
// the last build left it, is made; every other file is carried. Making a
// file is rendering a page's Markdown into its layout, a list, a feed, the
// sitemap, a redirect, the story form and its OpenAPI document, or
// copying a static file.
//
// Package generator runs it between assembling the site and publishing
// it; everything the stage reads besides the site comes in one Input.
package render
