// Command rainmaker builds coaching blogs: Markdown in, a fast static site
// out. See README.md.
package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// theme holds the default layouts, static files and archetypes, so that a
// site needs only content/ and site.toml. The sample blog's own static
// files (its photos) share static/ and stay out of other sites.
//
//go:embed layouts static/css static/favicon.svg archetypes
var theme embed.FS

// version is set at release time with -ldflags "-X main.version=...".
var version = ""

const usage = `Rainmaker builds coaching blogs from Markdown.

Usage:
  rainmaker <command> [flags]

Commands:
  build     build the site into public/
  serve     preview the site with live reload while you write
  new       start a post or a story: rainmaker new post "Title"
  check     find broken links, missing alt text, invalid HTML and more
  receive   receive readers' stories from the site's form
  inbox     list, show, approve or reject received stories
  admin     set the password of receive's /admin/ pages
  import    move a WordPress or Ghost blog in: rainmaker import wordpress export.xml
  version   print the version

Run "rainmaker <command> --help" for a command's flags and examples.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a command and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if asksForHelp(args[1:]) {
		stderr = stdout // the help asked for is the output, not an error
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "receive":
		return runReceive(args[1:], stdout, stderr)
	case "inbox":
		return runInbox(args[1:], stdout, stderr)
	case "admin":
		return runAdmin(args[1:], os.Stdin, stdout, stderr)
	case "import":
		return runImport(args[1:], stdout, stderr)
	case "version":
		return runVersion(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "rainmaker: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

// themeFS returns the embedded defaults as a file system rooted so that
// they appear as layouts/ and static/.
func themeFS() fs.FS { return theme }

// asksForHelp reports whether a command's arguments ask for its usage.
func asksForHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
