package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/words"
)

const checkUsage = `Usage: rainmaker check [flags]

Builds the site in memory (nothing is written) and reports, as
file:line: problem, every broken internal link and anchor, image without
alt text or file, duplicate title, and HTML problem (unclosed or misnested
elements, duplicate ids); and as warnings, tags used once and long first
paragraphs without a summary. Exit status 1 when there are errors, 0 with
warnings only.

Examples:
  rainmaker check
  rainmaker check -s blog --drafts
  rainmaker check --format json       for editors and CI

Flags:
`

func runCheck(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, checkUsage)
		flags.PrintDefaults()
	}
	var opts generator.Options
	flags.StringVar(&opts.Source, "s", ".", "the site's folder (holds site.toml)")
	flags.BoolVar(&opts.Drafts, "drafts", false, "check pages marked draft too")
	flags.BoolVar(&opts.Future, "future", false, "check pages dated in the future too")
	format := flags.String("format", "text", "text or json")
	rest, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) > 0 || (*format != "text" && *format != "json") {
		flags.Usage()
		return 2
	}
	opts.Theme = themeFS()
	problems, err := generator.Check(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	errorsFound, warnings := 0, 0
	for _, p := range problems {
		if p.Severity == "error" {
			errorsFound++
		} else {
			warnings++
		}
	}
	if *format == "json" {
		if problems == nil {
			problems = []generator.Problem{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(map[string]any{"problems": problems, "errors": errorsFound, "warnings": warnings})
	} else {
		for _, p := range problems {
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stderr, "%d %s, %d %s\n", errorsFound, words.Plural(errorsFound, "error", "errors"), warnings, words.Plural(warnings, "warning", "warnings"))
	}
	if errorsFound > 0 {
		return 1
	}
	return 0
}
