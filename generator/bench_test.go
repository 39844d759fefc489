package generator

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// benchSite generates a synthetic site of n pages once per test binary.
var benchSites sync.Map

func benchSite(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := benchSites.Load(n); ok {
		return dir.(string)
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("rainmaker-bench-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	if err := sitegen.Write(dir, sitegen.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	benchSites.Store(n, dir)
	return dir
}

// TestMain removes the sites the benchmarks generated, which would
// otherwise stay in the temporary folder after every benchmark run.
func TestMain(m *testing.M) {
	code := m.Run()
	benchSites.Range(func(_, dir any) bool {
		os.RemoveAll(dir.(string))
		return true
	})
	os.Exit(code)
}

// BenchmarkBuild is a whole build of a 1,000-page site without the disk.
func BenchmarkBuild(b *testing.B) {
	site := benchSite(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: publish.NewMemory(nil)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildToDisk is the same build through the disk writer.
func BenchmarkBuildToDisk(b *testing.B) {
	site := benchSite(b, 1000)
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := Build(Options{Source: site, Output: out, Theme: defaultTheme(), Now: fixedNow}); err != nil {
			b.Fatal(err)
		}
	}
}

func samplePage(b *testing.B) []byte {
	rng := rand.New(rand.NewSource(1))
	return []byte(sitegen.Page(rng, 1, false, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)))
}

func BenchmarkFrontMatter(b *testing.B) {
	src := samplePage(b)
	fsys := fstest.MapFS{"content/posts/p.md": {Data: src}}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, errs := loadPage(fsys, "content/posts/p.md", nil); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	src := samplePage(b)
	fsys := fstest.MapFS{"content/posts/p.md": {Data: src}}
	p, _ := loadPage(fsys, "content/posts/p.md", nil)
	body := src[p.BodyOffset:]
	md := markdown.New(markdown.Options{})
	var out bytes.Buffer
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if _, err := md.Render(&out, body, markdown.RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

var benchPageSize = 16 << 10

// BenchmarkDevRebuild is the dev server's rebuild after one post's body
// changed, on a 10,000-page site: the in-process part of edit-to-served.
func BenchmarkDevRebuild(b *testing.B) {
	site := benchSite(b, 10000)
	post := filepath.Join(site, "content", "posts", "post-000040.md")
	original, err := os.ReadFile(post)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(post, original, 0o644) })
	dev := NewDevSite(Options{Source: site, Theme: defaultTheme(), Now: fixedNow})
	if _, err := dev.Rebuild(); err != nil {
		b.Fatal(err)
	}
	if os.Getenv("RAINMAKER_BENCH_STAGES") != "" {
		dev.opts.Log = os.Stderr
	}
	// -cpuprofile would also take in making the site and its first build.
	if name := os.Getenv("RAINMAKER_BENCH_PROFILE"); name != "" {
		out, err := os.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	n, cpu := 0, processCPUTime()
	for b.Loop() {
		n++
		edited := append(bytes.Clone(original), fmt.Sprintf("\nEdit number %d.\n", n)...)
		if err := os.WriteFile(post, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := dev.Rebuild("content/posts/post-000040.md"); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time varies less than wall time on a shared machine.
	b.ReportMetric(float64(processCPUTime()-cpu)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
}
