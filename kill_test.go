package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
)

// siteDigest fingerprints every file of a built site, by path.
func siteDigest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameDigest(a, b map[string][32]byte) string {
	for p, h := range a {
		if g, ok := b[p]; !ok {
			return p + " is missing"
		} else if g != h {
			return p + " differs"
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			return p + " is new"
		}
	}
	return ""
}

// TestKillDuringIncrementalBuildLeavesThePreviousSite kills the real binary
// (SIGKILL) at points through an incremental build that re-renders every
// page: the output is each time exactly the previous site, and the build
// after the kills equals a clean build.
func TestKillDuringIncrementalBuildLeavesThePreviousSite(t *testing.T) {
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	if err := sitegen.Write(site, sitegen.Options{Pages: 1500, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	run := func(args ...string) {
		t.Helper()
		if b, err := exec.Command(bin, append([]string{"build", "-s", site, "-o", out}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
	}
	run()
	before := siteDigest(t, out)
	// A layout every page uses: the next build makes every file again.
	layout := filepath.Join(site, "layouts", "partials", "footer.html")
	footer, err := os.ReadFile("layouts/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(layout), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(layout, []byte(strings.Replace(string(footer), "</footer>", "<p>Edited.</p></footer>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	timed := filepath.Join(t.TempDir(), "timed")
	if b, err := exec.Command(bin, "build", "-s", site, "-o", timed).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	took := time.Since(start)
	killed := 0
	// The timed build may have run beside other packages' tests and taken
	// longer than these do: the earliest kill points land inside a build
	// even then.
	fracs := []float64{0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95}
	for _, frac := range fracs {
		cmd := exec.Command(bin, "build", "-s", site, "-o", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(took)))
		cmd.Process.Kill()
		if err := cmd.Wait(); err != nil {
			killed++
		}
		now := siteDigest(t, out)
		if diff := sameDigest(before, now); diff != "" {
			// A build whose swap came before the kill published the whole new site.
			if sameDigest(siteDigest(t, timed), now) == "" {
				before = now
				continue
			}
			t.Fatalf("killed at %.0f%% of a build: the output is neither the previous site nor the new one: %s", frac*100, diff)
		}
	}
	if killed == 0 {
		t.Fatalf("no build was killed before it finished (a build takes %s)", took)
	}
	t.Logf("%d of %d builds killed part way; a build takes %s", killed, len(fracs), took)
	run()
	clean := filepath.Join(t.TempDir(), "clean")
	if b, err := exec.Command(bin, "build", "-s", site, "-o", clean, "--clean").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	if diff := sameDigest(siteDigest(t, clean), siteDigest(t, out)); diff != "" {
		t.Errorf("after the kills, the build differs from a clean one: %s", diff)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.staging-*"))
	t.Log(fmt.Sprintf("%d staging folders of killed builds left for the next hour's cleanup", len(left)))
}
