package generator

import "github.com/rainmaker-blog/rainmaker/generator/site"

// The assembled site and its pages are package site's; these names keep
// the stages after it (plan, keys, render, cache, check) as they read.
type (
	Page     = site.Page
	Site     = site.Site
	Tag      = site.Tag
	Taxonomy = site.Taxonomy
)

// feedSize is how many of the newest entries a feed carries: the pages
// assembling marks InFeed.
const feedSize = site.FeedSize

// termURL is the site path of a term's page; see site.TermURL.
func termURL(taxonomy, termSlug string) string { return site.TermURL(taxonomy, termSlug) }
