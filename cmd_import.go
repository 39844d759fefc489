package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/rainmaker-blog/rainmaker/generator/importer"
)

const importUsage = `Usage: rainmaker import wordpress EXPORT.xml [--uploads DIR] [--stories-from TYPE] [-s SITE] [--dry-run]
       rainmaker import ghost EXPORT.json [--images DIR] [-s SITE] [--dry-run]

Moves a WordPress or Ghost blog into the site: each post becomes
content/posts/<slug>.md (content/posts/<slug>/index.md with its images
beside it), each page a standalone page, and old URLs keep working through
[permalinks] or redirect pages. Files are written to a staging folder and
moved into place at the end. Run it again after a new export: it changes
only what the export changed, and never a file you have edited since.

WordPress: Tools → Export → All content gives EXPORT.xml; copy the site's
wp-content/uploads folder for --uploads. Ghost: Settings → Advanced →
Export content gives EXPORT.json; copy the server's content/images folder
for --images.

Examples:
  rainmaker import wordpress coaching.WordPress.2024-05-01.xml --uploads ~/backup/uploads --dry-run
  rainmaker import wordpress export.xml --uploads uploads --stories-from testimonial -s blog
  rainmaker import ghost coaching.ghost.2024-05-01.json --images ~/backup/images

Flags:
`

func runImport(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("import", flag.ContinueOnError)
	flags.SetOutput(stderr)
	// Usage is printed below: on stdout when asked for, on stderr after
	// a flag error.
	flags.Usage = func() {}
	usage := func(w io.Writer) {
		fmt.Fprint(w, importUsage)
		flags.SetOutput(w)
		flags.PrintDefaults()
	}
	var opts importer.Options
	flags.StringVar(&opts.Site, "s", ".", "the site's folder")
	uploads := flags.String("uploads", "", "WordPress: the copy of wp-content/uploads")
	images := flags.String("images", "", "Ghost: the copy of content/images")
	flags.StringVar(&opts.StoriesFrom, "stories-from", "", "WordPress: the post type whose items become stories, like testimonial")
	flags.BoolVar(&opts.DryRun, "dry-run", false, "print what would be written, and write nothing")
	// Flags may come after the format and the file too, as people type them.
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage(stdout)
				return 0
			}
			usage(stderr)
			return 2
		}
		if flags.NArg() == 0 {
			break
		}
		positional = append(positional, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if len(positional) != 2 {
		fmt.Fprintln(stderr, "import: give the format and the export file, like: rainmaker import wordpress export.xml")
		return 2
	}
	opts.Export = positional[1]
	var (
		rep *importer.Report
		err error
	)
	switch positional[0] {
	case "wordpress":
		if *images != "" {
			fmt.Fprintln(stderr, "import: --images is for Ghost; a WordPress export takes --uploads")
			return 2
		}
		opts.Media = *uploads
		rep, err = importer.WordPress(opts)
	case "ghost":
		if *uploads != "" || opts.StoriesFrom != "" {
			fmt.Fprintln(stderr, "import: --uploads and --stories-from are for WordPress; a Ghost export takes --images")
			return 2
		}
		opts.Media = *images
		rep, err = importer.Ghost(opts)
	default:
		fmt.Fprintf(stderr, "import: unknown format %q; use wordpress or ghost\n", positional[0])
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	rep.Print(stdout)
	if len(rep.Skipped) > 0 {
		return 1
	}
	return 0
}
