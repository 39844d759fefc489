// Package generator builds a Rainmaker site: Build for the CLI, DevSite
// for the dev server, Check for "rainmaker check", and LoadReceiver for
// the story endpoint. One build runs these stages (builder.stages):
//
//	read config       site.toml → Config (package config)
//	load layouts      package layouts; and the previous build's cache
//	prepare output    the writer: package publish, Disk or Memory
//	scan content      content/ → Markdown files and other files (package source)
//	read front matter each file → Page, its content.Meta (package content); unchanged ones from the cache
//	assemble site     pages → Site: sections, taxonomies, related pages, redirects (package site)
//	plan              Site → one job per output file, with its key (package render: plan.go, keys.go)
//	render pages      each page's file, on every core (render.Plan.ExecutePages, package markdown)
//	render the rest   lists, feeds, sitemap, redirects, form, static files (ExecuteRest)
//	publish           Disk.Commit: the standby folder swapped in for the output
//	save cache        page records and both folders' manifests, for the next build
//
// A job whose key and file are as the previous build left them is
// carried, not made (render's publishJob, the one place that decides).
// What stays here is the build's own: the stage list, the options, the
// cache, the dev site, the checker and the receiver's hooks. The dev
// server runs the same stages into memory, with the previous build's
// files as what it carries from.
package generator
