package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/rainmaker-blog/rainmaker/generator/words"
	"github.com/rainmaker-blog/rainmaker/internal/hugeheap"

	"github.com/rainmaker-blog/rainmaker/generator"
)

const buildUsage = `Usage: rainmaker build [flags]

Builds the site in SOURCE (site.toml, content/, layouts/, static/) into OUT.
The new site replaces OUT only when the whole build succeeds.

Examples:
  rainmaker build                      build the current folder into public/
  rainmaker build -s blog -o /srv/www  build ./blog into /srv/www
  rainmaker build --drafts --future    include drafts and future-dated posts

Flags:
`

func runBuild(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("build", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, buildUsage)
		flags.PrintDefaults()
	}
	var opts generator.Options
	flags.StringVar(&opts.Source, "s", ".", "the site's folder (holds site.toml)")
	flags.StringVar(&opts.Output, "o", "", "output folder (default SOURCE/public)")
	flags.BoolVar(&opts.Drafts, "drafts", false, "include pages marked draft")
	flags.BoolVar(&opts.Future, "future", false, "include pages dated in the future")
	flags.StringVar(&opts.BaseURL, "base-url", "", "override site.toml's base_url")
	flags.BoolVar(&opts.Clean, "clean", false, "ignore the build cache and render everything again")
	verbose := flags.Bool("verbose", false, "print the time of each build stage")
	cpuProfile := flags.String("cpuprofile", "", "write a CPU profile of the build to this file (go tool pprof)")
	rest, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "build: unexpected argument %q\n", rest[0])
		flags.Usage()
		return 2
	}
	opts.Theme = themeFS()
	if *verbose {
		opts.Log = stdout
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	opts.Scanned = tuneGC()
	stopHugePages := hugeheap.Enable()
	res, err := generator.Build(opts)
	stopHugePages()
	if err != nil {
		return reportBuildError(stderr, err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	if res.LeftOut != "" {
		fmt.Fprintln(stdout, res.LeftOut)
	}
	if res.Carried > 0 {
		fmt.Fprintf(stdout, "built %d pages (%d changed files, %s; %d unchanged) in %s\n",
			res.Pages, res.Files, formatBytes(res.Bytes), res.Carried, res.Duration.Round(1e6))
	} else {
		fmt.Fprintf(stdout, "built %d pages (%d files, %s) in %s\n",
			res.Pages, res.Files, formatBytes(res.Bytes), res.Duration.Round(1e6))
	}
	return 0
}

// tuneGC trades a little memory for less collection: a build's live data
// is page metadata, a few KiB a page, and the rest of what it allocates
// is garbage at once. GOGC 200 lets the heap grow to three times the live
// data between collections, which on small sites costs little memory. On
// large ones that growth is all fresh memory, which costs a page fault,
// and often a compaction of the kernel's memory for a huge page, per
// page touched: a soft memory limit sized by the number of pages (see
// memoryLimit) keeps the heap smaller there. GOGC and GOMEMLIMIT in the
// environment win. It returns the hook that sets the limit once the
// pages are counted.
func tuneGC() (scanned func(files int)) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	debug.SetMemoryLimit(memoryLimit(0))
	return func(files int) { debug.SetMemoryLimit(memoryLimit(files)) }
}

// memoryLimit is the soft memory limit of a build of a site with this
// many content files: 5 KiB a page, about twice their live data, and
// never less than 512 MiB, which sites below some 100,000 pages do not
// reach. Whether a heap let grow further costs more in fresh memory than
// the collector saves depends on the machine's memory: at 100,000 pages,
// building to ext4, 512 MiB took 32.67 s against 35.62 s with 800 MiB;
// building to tmpfs, 27.1 s against 23.8 s with 768 MiB (alternating
// builds, bench/RESULTS.md). The lower limit stays, as the one that
// keeps memory small.
func memoryLimit(files int) int64 {
	return max(512<<20, int64(files)*5<<10)
}

// reportBuildError prints every error of a failed build on its own line.
func reportBuildError(stderr io.Writer, err error) int {
	var list generator.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "build failed: %d %s; nothing was written\n", len(list), words.Plural(len(list), "error", "errors"))
		return 1
	}
	fmt.Fprintln(stderr, err)
	fmt.Fprintln(stderr, "build failed; nothing was written")
	return 1
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
