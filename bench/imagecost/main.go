// Command imagecost measures what images cost a build: it generates the
// same synthetic site twice (bench/sitegen), once plain and once with a
// photo in some posts' page bundles, and builds both side by side, taking
// turns:
//
//   - cold: no cache at all, every variant encoded (once per site);
//   - clean: `build --clean`, the image cache kept (what a CI build
//     with a restored cache folder does);
//   - text: one post's text edited, then `build` (no image work at all),
//     after a build that settles the output as any earlier edit's would.
//
// Then, once, the same site with social cards on, cold: what drawing a
// card for each of N pages costs.
//
//	go run ./bench/imagecost -n 10000 -images 2000 -runs 3
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
)

type site struct {
	name   string
	dir    string
	cold   []time.Duration
	clean  []time.Duration
	text   []time.Duration
	output string // the last build's summary line
}

func main() {
	pages := flag.Int("n", 10000, "pages to generate")
	photos := flag.Int("images", 2000, "posts with a photo")
	width := flag.Int("width", 1600, "the photos' width in pixels (2:3)")
	runs := flag.Int("runs", 3, "clean builds and text rebuilds per site")
	coldRuns := flag.Int("cold-runs", 1, "builds with no cache per site")
	cards := flag.Bool("cards", true, "also build once with social cards on, cold")
	keep := flag.String("keep", "", "keep the generated sites, with their caches, in this folder")
	flag.Parse()
	if err := run(*pages, *photos, *width, *runs, *coldRuns, *cards, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "imagecost:", err)
		os.Exit(1)
	}
}

func run(pages, photos, width, runs, coldRuns int, cards bool, keep string) error {
	work := keep
	if work == "" {
		tmp, err := os.MkdirTemp("", "rainmaker-imagecost-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		work = tmp
	}
	bin := filepath.Join(work, "rainmaker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	sites := []*site{{name: "without images", dir: filepath.Join(work, "plain")}, {name: fmt.Sprintf("with %d images", photos), dir: filepath.Join(work, "photos")}}
	fmt.Printf("generating %d pages, twice…\n", pages)
	if err := sitegen.Write(sites[0].dir, sitegen.Options{Pages: pages, Seed: 1}); err != nil {
		return err
	}
	if err := sitegen.Write(sites[1].dir, sitegen.Options{Pages: pages, Seed: 1, Images: photos, ImageWidth: width}); err != nil {
		return err
	}
	for r := 0; r < coldRuns; r++ {
		for _, s := range sites {
			os.RemoveAll(filepath.Join(s.dir, ".rainmaker-cache"))
			if err := s.build(bin, &s.cold, "--clean"); err != nil {
				return err
			}
		}
	}
	for r := 0; r < runs; r++ {
		for _, s := range sites {
			if err := s.build(bin, &s.clean, "--clean"); err != nil {
				return err
			}
		}
		for _, s := range sites {
			// A build after the clean one settles the output's standby
			// folder, as any build between two edits has.
			var settle []time.Duration
			if err := s.build(bin, &settle); err != nil {
				return err
			}
			if err := s.editText(r); err != nil {
				return err
			}
			if err := s.build(bin, &s.text); err != nil {
				return err
			}
		}
		fmt.Printf("run %d/%d done\n", r+1, runs)
	}
	fmt.Printf("\n%d pages, photos %d px wide, %d cold and %d other runs (medians)\n\n", pages, width, coldRuns, runs)
	fmt.Println("| site | cold (no cache) | clean, image cache kept | text-only rebuild |")
	fmt.Println("|---|---:|---:|---:|")
	for _, s := range sites {
		fmt.Printf("| %s | %s | %s | %s |\n", s.name, median(s.cold), median(s.clean), median(s.text))
	}
	for _, s := range sites {
		fmt.Printf("\n%s, last build: %s", s.name, s.output)
	}
	if cards {
		return buildWithCards(bin, sites[0], pages)
	}
	return nil
}

// buildWithCards turns social cards on in the plain site and builds it
// with no cache: the cost of one card per page.
func buildWithCards(bin string, s *site, pages int) error {
	cfg := filepath.Join(s.dir, "site.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		return err
	}
	on := bytes.Replace(data, []byte("social_cards = false"), []byte("social_cards = true"), 1)
	if err := os.WriteFile(cfg, on, 0o644); err != nil {
		return err
	}
	os.RemoveAll(filepath.Join(s.dir, ".rainmaker-cache"))
	var cold, warm []time.Duration
	if err := s.build(bin, &cold, "--clean"); err != nil {
		return err
	}
	if err := s.build(bin, &warm, "--clean"); err != nil {
		return err
	}
	fmt.Printf("\nsocial cards on, %d pages: cold %s, clean with the card cache kept %s\n", pages, cold[0].Round(10*time.Millisecond), warm[0].Round(10*time.Millisecond))
	return nil
}

// build runs rainmaker on the site into its own output folder and
// records the wall time.
func (s *site) build(bin string, times *[]time.Duration, flags ...string) error {
	_ = exec.Command("sync").Run() // the other site's writes are not this build's to flush
	args := append([]string{"build", "-s", s.dir, "-o", filepath.Join(s.dir, "public")}, flags...)
	start := time.Now()
	out, err := exec.Command(bin, args...).CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", s.name, err, out)
	}
	*times = append(*times, elapsed)
	s.output = string(out)
	return nil
}

// editText appends a sentence to the first post, a plain one in both
// sites: a rebuild where no image changed.
func (s *site) editText(run int) error {
	file := filepath.Join(s.dir, "content", "posts", "post-000001.md")
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	data = append(data, fmt.Sprintf("\nEdited in run %d.\n", run)...)
	return os.WriteFile(file, data, 0o644)
}

func median(xs []time.Duration) string {
	if len(xs) == 0 {
		return "—"
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2].Round(10 * time.Millisecond).String()
}
