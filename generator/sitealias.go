package generator

import "github.com/rainmaker-blog/rainmaker/generator/site"

// The assembled site and its pages are package site's; these names keep
// the stages that stay here (scan, cache, check) as they read.
type (
	Page = site.Page
	Site = site.Site
)
