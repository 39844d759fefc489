package generator

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// The dev server's rebuilds, told which files changed as the watcher
// tells them, serve after every edit what a clean build makes. Most edits
// are of a body, which the dev build answers from its memo of the last
// site (site.Memo, and render.Memo for the keys); the others make it
// assemble again.
func TestDevRebuildsEqualClean(t *testing.T) {
	seeds := []int64{1, 2, 3}
	steps := 24
	if testing.Short() {
		seeds, steps = seeds[:1], 10
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			site := copySite(t)
			dev := NewDevSite(Options{Source: site, Theme: defaultTheme(), Now: fixedNow})
			if _, err := dev.Rebuild(); err != nil {
				t.Fatal(err)
			}
			var done []string
			for step := range steps {
				before := siteStamps(t, site)
				if rng.Intn(2) == 0 {
					done = append(done, editBody(t, rng, site, step))
				} else {
					done = append(done, randomEdit(t, rng, site, t.TempDir(), step))
				}
				if _, err := dev.Rebuild(changedPaths(before, siteStamps(t, site))...); err != nil {
					t.Fatalf("after the edits %s: %v", strings.Join(done, ", then "), err)
				}
				clean := publish.NewMemory(nil)
				if _, err := Build(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: clean}); err != nil {
					t.Fatal(err)
				}
				sameFiles(t, dev.Snapshot().Files(), clean.Files())
				if t.Failed() {
					t.Fatalf("after the edits %s", strings.Join(done, ", then "))
				}
			}
		})
	}
}

// editBody changes a post's body at its start, which its summary and
// card show, or at its end, which only its own page shows.
func editBody(t *testing.T, rng *rand.Rand, site string, step int) string {
	t.Helper()
	posts, _ := filepath.Glob(filepath.Join(site, "content/posts/*.md"))
	sort.Strings(posts)
	p := posts[rng.Intn(len(posts))]
	if rng.Intn(2) == 0 {
		appendTo(t, p, fmt.Sprintf("\nThe end changed in step %d.\n", step))
		return "edit the end of " + filepath.Base(p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	delim := strings.TrimSpace(lines[0])
	for i, l := range lines[1:] {
		if (delim == "---" || delim == "+++") && strings.TrimSpace(l) == delim {
			start := append(lines[:i+2:i+2], fmt.Sprintf("\nThe start changed in step %d.\n", step))
			writeFile(t, p, strings.Join(append(start, lines[i+2:]...), ""))
			return "edit the start of " + filepath.Base(p)
		}
	}
	appendTo(t, p, fmt.Sprintf("\nThe end changed in step %d.\n", step)) // JSON front matter
	return "edit the end of " + filepath.Base(p)
}

// siteStamps fingerprints every file of a site, as a watcher sees edits.
func siteStamps(t *testing.T, site string) map[string][32]byte {
	t.Helper()
	stamps := map[string][32]byte{}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(site, p)
		stamps[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return stamps
}

func changedPaths(before, after map[string][32]byte) []string {
	var paths []string
	for p, sum := range after {
		if old, ok := before[p]; !ok || old != sum {
			paths = append(paths, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths
}

func sameFiles(t *testing.T, got map[string][]byte, want map[string]publish.File) {
	t.Helper()
	for name, f := range want {
		if !bytes.Equal(got[name], f.Data) {
			t.Errorf("%s differs from a clean build:\n%s", name, firstDiff(string(f.Data), string(got[name])))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is left over: a clean build does not make it", name)
		}
	}
}

// A broken layout fails every rebuild until it is fixed, also those that
// only content edits set off: the dev build keeps the last layouts only
// while they loaded and nothing in layouts/ changed.
func TestDevBrokenLayoutFailsUntilFixed(t *testing.T) {
	site := copySite(t)
	dev := NewDevSite(Options{Source: site, Theme: defaultTheme(), Now: fixedNow})
	if _, err := dev.Rebuild(); err != nil {
		t.Fatal(err)
	}
	layout := filepath.Join(site, "layouts", "single.html")
	good, err := os.ReadFile("../layouts/single.html")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, layout, string(good)+"{{ if }}")
	if _, err := dev.Rebuild("layouts/single.html"); err == nil || !strings.Contains(err.Error(), "single.html") {
		t.Fatalf("broken layout: err = %v, want one naming single.html", err)
	}
	post := filepath.Join(site, "content", "posts", "yaml-post.md")
	appendTo(t, post, "\nMore.\n")
	if _, err := dev.Rebuild("content/posts/yaml-post.md"); err == nil || !strings.Contains(err.Error(), "single.html") {
		t.Fatalf("content edit with the layout still broken: err = %v", err)
	}
	writeFile(t, layout, string(good))
	if _, err := dev.Rebuild("layouts/single.html"); err != nil {
		t.Fatalf("fixed layout: %v", err)
	}
}
