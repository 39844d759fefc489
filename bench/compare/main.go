// Command compare is the build benchmark: it generates a synthetic site
// of N pages (bench/sitegen), then builds it, side by side and taking
// turns, with Rainmaker, with Hugo (equivalent templates: post pages,
// paginated home, sections and tags, feeds, sitemap) and with the floor
// (goldmark alone on every core, bench/floor). It reports the median
// wall time of the clean builds, peak memory, and the files and bytes
// written. Given several sizes, it builds them all in each run and reports
// how the time grew with the site.
//
//	go run ./bench/compare -n 10000
//	go run ./bench/compare -n 10000,100000 -runs 3 -skip-hugo
//	go run ./bench/compare -n 10000 -skip-hugo -baseline /tmp/rainmaker-before
//
// -baseline adds another rainmaker binary (an earlier commit's, built
// with "go build -o") that builds the same site in the same turns: the
// way to tell whether a change made builds slower beyond the noise.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
)

// baseline is the -baseline binary, or "".
var baseline string

type tool struct {
	name  string
	args  []string // the command; {out} is replaced by the output folder
	clean []string // folders to remove before each run
	out   string
	times []time.Duration
	rss   []int64 // KiB
	files int
	bytes int64
}

// size is one site size under test, with the tools that build it.
type size struct {
	pages int
	tools []*tool
}

func main() {
	sizes := flag.String("n", "10000", "pages to generate; several sizes, comma-separated (10000,100000), take turns in one run and are reported as ratios")
	runs := flag.Int("runs", 5, "clean builds per tool and size")
	skipHugo := flag.Bool("skip-hugo", false, "do not build with Hugo")
	keep := flag.String("keep", "", "keep the generated sites in this folder")
	flag.StringVar(&baseline, "baseline", "", "another rainmaker binary to build the same sites side by side, such as an earlier commit's")
	flag.Parse()
	pages, err := parseSizes(*sizes)
	if err == nil {
		err = run(pages, *runs, *skipHugo, *keep)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// parseSizes reads -n: page counts, comma-separated, each given once.
func parseSizes(list string) ([]int, error) {
	var pages []int
	for field := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-n: %q is not a page count", field)
		}
		if slices.Contains(pages, n) {
			return nil, fmt.Errorf("-n: %d is given twice", n)
		}
		pages = append(pages, n)
	}
	return pages, nil
}

func run(pages []int, runs int, skipHugo bool, keep string) error {
	work := keep
	if work == "" {
		tmp, err := os.MkdirTemp("", "rainmaker-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		work = tmp
	}
	bin := filepath.Join(work, "bin")
	for name, pkg := range map[string]string{"rainmaker": ".", "floor": "./bench/floor"} {
		if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, name), pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %v\n%s", name, err, out)
		}
	}
	hugoVersion := ""
	if !skipHugo {
		if err := ensureHugo(); err != nil {
			return err
		}
		v, _ := exec.Command("hugo", "version").Output()
		hugoVersion = strings.TrimSpace(string(v))
	}
	var sizes []*size
	for _, n := range pages {
		dir := work
		if len(pages) > 1 {
			dir = filepath.Join(work, fmt.Sprintf("n%d", n))
		}
		s, err := prepare(n, dir, bin, skipHugo)
		if err != nil {
			return err
		}
		sizes = append(sizes, s)
	}
	trash := filepath.Join(work, "trash")
	defer os.RemoveAll(trash)
	// Every tool and size takes its turn in each run, so that drift on a
	// shared machine (its load, and how much of its memory is free page
	// cache) hits all alike: the ratio between two sizes is measured side
	// by side, as the ratio between two tools is.
	for r := 0; r < runs; r++ {
		for _, s := range sizes {
			for _, t := range s.tools {
				if err := t.runOnce(trash); err != nil {
					return err
				}
			}
		}
		fmt.Printf("run %d/%d done\n", r+1, runs)
	}
	for _, s := range sizes {
		for _, t := range s.tools {
			t.files, t.bytes = countFiles(t.out)
		}
		report(s.pages, runs, s.tools, hugoVersion)
	}
	if len(sizes) > 1 {
		reportScaling(sizes)
	}
	return nil
}

// prepare generates a site of n pages in dir and lists the tools that
// build it.
func prepare(n int, dir, bin string, skipHugo bool) (*size, error) {
	site := filepath.Join(dir, "site")
	os.RemoveAll(site)
	fmt.Printf("generating %d pages…\n", n)
	if err := sitegen.Write(site, sitegen.Options{Pages: n, Seed: 1}); err != nil {
		return nil, err
	}
	s := &size{pages: n, tools: []*tool{
		{name: "rainmaker", args: []string{filepath.Join(bin, "rainmaker"), "build", "--clean", "-s", site, "-o", "{out}"}, out: filepath.Join(dir, "out-rainmaker")},
		{name: "floor", args: []string{filepath.Join(bin, "floor"), "-in", filepath.Join(site, "content"), "-out", "{out}"}, out: filepath.Join(dir, "out-floor")},
	}}
	if baseline != "" {
		s.tools = append(s.tools, &tool{name: "baseline", args: []string{baseline, "build", "--clean", "-s", site, "-o", "{out}"}, out: filepath.Join(dir, "out-baseline")})
	}
	if !skipHugo {
		hugoSite := filepath.Join(dir, "hugo-site")
		if err := sitegen.WriteHugoSite(hugoSite, site); err != nil {
			return nil, err
		}
		s.tools = append(s.tools, &tool{name: "hugo", args: []string{"hugo", "--quiet", "--source", hugoSite, "--destination", "{out}"},
			clean: []string{filepath.Join(hugoSite, "resources")}, out: filepath.Join(dir, "out-hugo")})
	}
	return s, nil
}

// runOnce makes one clean build. The previous output is moved aside, not
// removed: ext4 without a journal (as on the project's VMs) skips inodes
// freed in the last minutes when it allocates new ones, so removing tens of
// thousands of files just before a run slows that run's file creation
// severalfold, and whichever tool runs next pays for it. The moved outputs
// are removed after the last run.
func (t *tool) runOnce(trash string) error {
	if _, err := os.Stat(t.out); err == nil {
		if err := os.MkdirAll(trash, 0o755); err != nil {
			return err
		}
		aside, err := os.MkdirTemp(trash, t.name+"-")
		if err != nil {
			return err
		}
		if err := os.Rename(t.out, filepath.Join(aside, "out")); err != nil {
			return err
		}
	}
	for _, c := range t.clean {
		os.RemoveAll(c)
	}
	// Rainmaker makes its output durable with syncfs, which flushes the
	// whole file system: without this, it would also wait for the files
	// the tool before it left in the page cache.
	_ = exec.Command("sync").Run() // coreutils' sync; where there is none, runs are less even
	args := make([]string, len(t.args))
	for i, a := range t.args {
		args[i] = strings.ReplaceAll(a, "{out}", t.out)
	}
	cmd := exec.Command("/usr/bin/time", append([]string{"-v"}, args...)...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", t.name, err, out)
	}
	m := regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`).FindSubmatch(out)
	if m == nil {
		return fmt.Errorf("%s: no peak memory in /usr/bin/time output:\n%s", t.name, out)
	}
	kib, _ := strconv.ParseInt(string(m[1]), 10, 64)
	t.times = append(t.times, elapsed)
	t.rss = append(t.rss, kib)
	return nil
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func countFiles(dir string) (int, int64) {
	files, size := 0, int64(0)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				files++
				size += info.Size()
			}
		}
		return nil
	})
	return files, size
}

func report(n, runs int, tools []*tool, hugoVersion string) {
	byName := map[string]*tool{}
	for _, t := range tools {
		byName[t.name] = t
	}
	fmt.Printf("\n%d pages, median of %d clean builds, %d cores, %s, %s\n", n, runs, runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format("2006-01-02"))
	if hugoVersion != "" {
		fmt.Println(hugoVersion)
	}
	fmt.Printf("\n| tool | median wall | all runs (s) | peak memory | files | bytes |\n|---|---:|---|---:|---:|---:|\n")
	for _, t := range tools {
		var all []string
		for _, d := range t.times {
			all = append(all, fmt.Sprintf("%.2f", d.Seconds()))
		}
		fmt.Printf("| %s | %.2f s | %s | %d MiB | %d | %.1f MiB |\n", t.name, median(t.times).Seconds(), strings.Join(all, " "),
			median(t.rss)/1024, t.files, float64(t.bytes)/(1<<20))
	}
	rm := byName["rainmaker"]
	fmt.Println()
	if f := byName["floor"]; f != nil {
		fmt.Printf("rainmaker / floor: %.2fx the time\n", median(rm.times).Seconds()/median(f.times).Seconds())
	}
	if b := byName["baseline"]; b != nil {
		fmt.Printf("rainmaker / baseline: %.3fx the time, %.3fx the memory\n", median(rm.times).Seconds()/median(b.times).Seconds(),
			float64(median(rm.rss))/float64(median(b.rss)))
	}
	if h := byName["hugo"]; h != nil {
		fmt.Printf("hugo / rainmaker:  %.2fx the time, %.2fx the memory\n", median(h.times).Seconds()/median(rm.times).Seconds(),
			float64(median(h.rss))/float64(median(rm.rss)))
	}
}

func ensureHugo() error { return sitegen.EnsureHugo() }

// reportScaling compares each size with the smallest: how each tool's
// median time grew with the site.
func reportScaling(sizes []*size) {
	base := sizes[0]
	for _, s := range sizes {
		if s.pages < base.pages {
			base = s
		}
	}
	fmt.Printf("\n| tool | pages | median wall | time / %d pages | pages / %d pages |\n|---|---:|---:|---:|---:|\n", base.pages, base.pages)
	for i, t := range base.tools {
		for _, s := range sizes {
			st := s.tools[i]
			fmt.Printf("| %s | %d | %.2f s | %.2fx | %.2fx |\n", t.name, s.pages, median(st.times).Seconds(),
				median(st.times).Seconds()/median(t.times).Seconds(), float64(s.pages)/float64(base.pages))
		}
	}
}
