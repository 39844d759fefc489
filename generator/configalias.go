package generator

import "github.com/rainmaker-blog/rainmaker/generator/config"

// The site's configuration is package config's; these names stay for the
// callers of Build.
type (
	Config     = config.Config
	SocialLink = config.SocialLink
	MenuLink   = config.MenuLink
)

// Sections are the content folders that become pages.
const (
	SectionPosts   = config.SectionPosts
	SectionStories = config.SectionStories
	SectionPages   = config.SectionPages
	ConfigFile     = config.File
)

var (
	ParseConfig   = config.Parse
	DefaultConfig = config.Default
)
