package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rainmaker-blog/rainmaker/internal/browsertest"
)

// toolPath finds a checker that .ci/run installs with npm in tools/; a
// missing one is a skip here and a failure in CI.
func toolPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("tools", "node_modules", rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv(browsertest.RequireEnv) != "" {
			t.Fatalf("%s is missing and %s is set; run: npm ci --prefix tools", p, browsertest.RequireEnv)
		}
		t.Skipf("%s is missing; run npm ci --prefix tools to install the checkers", p)
	}
	return p
}

// buildSample builds the sample blog and lists its HTML pages.
func buildSample(t *testing.T) (string, []string) { return buildAndList(t) }

// buildMigrated builds the fixture of migrated Jekyll, Hugo and Zola posts,
// which has what the sample blog lacks: standalone pages, categories,
// redirect pages, raw HTML embeds.
func buildMigrated(t *testing.T) (string, []string) {
	src := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(src, os.DirFS("generator/testdata/realblogs")); err != nil {
		t.Fatal(err)
	}
	return buildAndList(t, "-s", src)
}

// migratedKinds are pages of each kind of the migrated site, for the
// checks too slow to run on all of them. Redirect pages are left to
// html-validate: a browser follows them before axe can look.
var migratedKinds = []string{"about/index.html", "pages/privacy/index.html", "categories/index.html",
	"categories/coaching/index.html", "tags/c-sharp/index.html",
	"2022/08/ride-along-notes/index.html", "2021/05/listen-before-you-lead/index.html",
	"2019/08/objection-handling-script/index.html"}

func buildAndList(t *testing.T, args ...string) (string, []string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI(append([]string{"build", "-o", out}, args...)...); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	var pages []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	sort.Strings(pages)
	return out, pages
}

// TestAccessibilityWithAxe runs axe-core on every page of the sample blog,
// in light and dark mode, and fails on any WCAG 2.1 A or AA violation.
func TestAccessibilityWithAxe(t *testing.T) {
	axe, err := os.ReadFile(toolPath(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	sample, pages := buildSample(t)
	migrated, _ := buildMigrated(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(sample)))
	defer srv.Close()
	migratedSrv := httptest.NewServer(http.FileServer(http.Dir(migrated)))
	defer migratedSrv.Close()
	for _, p := range migratedKinds {
		pages = append(pages, migratedSrv.URL+"/"+p)
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`
	checked := 0
	for _, scheme := range []string{"light", "dark"} {
		for _, page := range pages {
			url := srv.URL + "/" + strings.TrimSuffix(page, "index.html")
			if strings.HasPrefix(page, "http") {
				url = strings.TrimSuffix(page, "index.html")
			}
			err := chromedp.Do(ctx, browsertest.EmulateColorScheme(scheme), chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")),
				chromedp.Evaluate[chromedp.Void](string(axe)))
			if err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			result, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe: %v", page, err)
			}
			var violations []struct {
				ID, Help string
				Nodes    []string
			}
			if err := json.Unmarshal([]byte(result), &violations); err != nil {
				t.Fatalf("%s: %v: %s", page, err, result)
			}
			for _, v := range violations {
				t.Errorf("%s (%s): %s: %s, at %s", page, scheme, v.ID, v.Help, strings.Join(v.Nodes, "; "))
			}
			checked++
		}
	}
	t.Logf("axe-core checked %d pages in two color schemes", checked)
}

// TestHTMLIsValid runs html-validate on every page of the sample blog.
func TestHTMLIsValid(t *testing.T) {
	out, pages := buildSample(t)
	files := map[string]string{}
	for _, p := range pages {
		files[p] = filepath.Join(out, p)
	}
	migrated, more := buildMigrated(t)
	for _, p := range more {
		files["migrated/"+p] = filepath.Join(migrated, p)
	}
	validateHTML(t, files)
	t.Logf("html-validate checked %d pages", len(files))
}

// validateHTML runs html-validate, with the project's rules, on files
// (a name to report each by, and its path) and fails on every message.
func validateHTML(t *testing.T, files map[string]string) {
	t.Helper()
	bin := toolPath(t, ".bin/html-validate")
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	args := []string{"--config", ".htmlvalidate.json", "--formatter", "json"}
	names := map[string]string{}
	for name, path := range files {
		args = append(args, path)
		names[path] = name
	}
	data, err := exec.Command(bin, args...).Output()
	var results []struct {
		FilePath string
		Messages []struct {
			RuleID   string
			Severity int
			Message  string
			Line     int
		}
	}
	if jerr := json.Unmarshal(data, &results); jerr != nil {
		t.Fatalf("html-validate: %v %v: %s", err, jerr, data)
	}
	for _, r := range results {
		for _, m := range r.Messages {
			t.Errorf("%s:%d: %s [%s]", names[r.FilePath], m.Line, m.Message, m.RuleID)
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("html-validate failed without messages: %v", err)
	}
}

// TestPageWeight keeps the home page and an article, with the stylesheets
// each links, under 30 KB uncompressed, and free of scripts other than
// structured data.
func TestPageWeight(t *testing.T) {
	out, _ := buildSample(t)
	for _, page := range []string{"index.html", "posts/time-allocation-for-sales-managers/index.html", "stories/from-burnout-to-best-quarter/index.html"} {
		html, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		css := 0
		for _, m := range stylesheetLink.FindAllStringSubmatch(string(html), -1) {
			info, err := os.Stat(filepath.Join(out, filepath.FromSlash(m[1])))
			if err != nil {
				t.Fatalf("%s links %s, which was not built", page, m[1])
			}
			css += int(info.Size())
		}
		total := len(html) + css
		t.Logf("%s: %d bytes of HTML + %d of CSS = %.1f KB", page, len(html), css, float64(total)/1024)
		if total > 30*1024 {
			t.Errorf("%s weighs %d bytes with its CSS, over 30 KB", page, total)
		}
		for _, script := range strings.Split(string(html), "<script")[1:] {
			if !strings.HasPrefix(script, ` type="application/ld+json">`) {
				t.Errorf("%s has a script: <script%s", page, fmt.Sprint(script[:min(len(script), 60)]))
			}
		}
	}
}

// stylesheetLink finds the site's own stylesheets a page links.
var stylesheetLink = regexp.MustCompile(`<link rel="stylesheet" href="/([^"]+)">`)
