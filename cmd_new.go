package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
)

const newUsage = `Usage: rainmaker new [flags] post|story "Title"

Creates content/posts/<slug>.md (or content/stories/) from an archetype,
with the title, today's date, draft: true and the tags filled in. A site's
own archetypes/post.md and archetypes/story.md replace the built-in ones.
An existing file is never overwritten.

Examples:
  rainmaker new post "Coaching Your Closers" --tags coaching,top-performers
  rainmaker new story "From Burnout to My Best Quarter"
  rainmaker new -s blog post "Time Allocation for Sales Managers"

Flags:
`

func runNew(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("new", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, newUsage)
		flags.PrintDefaults()
	}
	source := flags.String("s", ".", "the site's folder")
	tags := flags.String("tags", "", "comma-separated tags")
	positional, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(positional) != 2 {
		fmt.Fprintln(stderr, `new: give the kind and the title, like: rainmaker new post "Coaching Your Closers"`)
		return 2
	}
	sections := map[string]string{"post": generator.SectionPosts, "story": generator.SectionStories}
	section, ok := sections[positional[0]]
	if !ok {
		fmt.Fprintf(stderr, "new: unknown kind %q; use post or story\n", positional[0])
		return 2
	}
	var tagList []string
	if *tags != "" {
		tagList = strings.Split(*tags, ",")
	}
	path, err := generator.NewContent(generator.NewContentOptions{
		Source: *source, Theme: themeFS(), Section: section, Title: positional[1], Tags: tagList, Now: time.Now(),
	})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s\n", path)
	return 0
}
