package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestBuildSampleBlog builds the shipped sample blog with the embedded
// theme, as "go run . build" does on a fresh clone.
func TestBuildSampleBlog(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCLI("build", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built 13 pages") {
		t.Errorf("stdout = %q", stdout)
	}
	for _, p := range []string{"index.html", "page/2/index.html", "posts/index.html", "stories/index.html", "404.html",
		"posts/top-performers-need-coaching-too/index.html", "stories/from-burnout-to-best-quarter/index.html",
		"css/main.css", "favicon.svg"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

// TestBuildWithOnlyContentUsesEmbeddedTheme proves the binary carries its
// layouts and static files: the site has only site.toml and content/.
func TestBuildWithOnlyContentUsesEmbeddedTheme(t *testing.T) {
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"Mini\"\nbase_url = \"https://mini.example/\"\n"), 0o644)
	os.MkdirAll(filepath.Join(site, "content", "posts"), 0o755)
	os.WriteFile(filepath.Join(site, "content", "posts", "hi.md"), []byte("---\ntitle: Hi\ndate: 2024-01-01\n---\nHello.\n"), 0o644)
	code, _, stderr := runCLI("build", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(site, "public", "posts", "hi", "index.html"))
	if err != nil || !bytes.Contains(page, []byte("<h1>Hi</h1>")) {
		t.Errorf("page: %v\n%s", err, page)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "css", "main.css")); err != nil {
		t.Error(err)
	}
}

func TestBuildErrorsExitNonZero(t *testing.T) {
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"Mini\"\nbase_url = \"https://mini.example/\"\n"), 0o644)
	os.MkdirAll(filepath.Join(site, "content", "posts"), 0o755)
	os.WriteFile(filepath.Join(site, "content", "posts", "a.md"), []byte("---\ntitle: A\ndate: someday\n---\n"), 0o644)
	os.WriteFile(filepath.Join(site, "content", "posts", "b.md"), []byte("no front matter\n"), 0o644)
	code, _, stderr := runCLI("build", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		filepath.ToSlash(site) + "/content/posts/a.md:3: date: cannot parse \"someday\"",
		filepath.ToSlash(site) + "/content/posts/b.md:1: front matter: none found",
		"build failed: 2 errors; nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("public/ was created by a failed build: %v", err)
	}
}

func TestUsageAndHelp(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{nil, 2, "Commands:"},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "--help"}, 0, "Examples:"},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"version"}, 0, "rainmaker "},
		{[]string{"version", "--help"}, 0, "Usage: rainmaker version"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.out) {
			t.Errorf("%v: exit %d (want %d), output %q lacks %q", tt.args, code, tt.code, stdout+stderr, tt.out)
		}
	}
	// Help asked for is every command's output on stdout, nothing on stderr.
	for _, cmd := range []string{"build", "check", "new", "serve", "receive", "inbox", "admin", "import", "version"} {
		for _, flag := range []string{"--help", "-h"} {
			code, stdout, stderr := runCLI(cmd, flag)
			if code != 0 || !strings.Contains(stdout, "Usage: rainmaker "+cmd) || stderr != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q", cmd, flag, code, stdout, stderr)
			}
		}
	}
}

func TestNewCommand(t *testing.T) {
	site := t.TempDir()
	code, stdout, stderr := runCLI("new", "-s", site, "post", "Coaching Your Closers", "--tags", "coaching,top performers")
	if code != 0 || !strings.Contains(stdout, filepath.Join("content", "posts", "coaching-your-closers.md")) {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI("new", "-s", site, "post", "Coaching Your Closers"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second new: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI("new", "-s", site, "page", "X"); code != 2 {
		t.Errorf("unknown kind: exit %d", code)
	}
	if code, _, _ := runCLI("new", "story"); code != 2 {
		t.Errorf("missing title: exit %d", code)
	}
}

func TestCheckCommand(t *testing.T) {
	code, stdout, stderr := runCLI("check")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "0 errors, 0 warnings") {
		t.Errorf("the sample blog: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI("check", "-s", "generator/testdata/checksite", "--format", "json")
	var report struct {
		Problems []struct {
			File, Severity, Message string
			Line                    int
		}
		Errors   int
		Warnings int
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	if code != 1 || report.Errors != 9 || report.Warnings != 2 || len(report.Problems) != 11 || report.Problems[0].Line == 0 {
		t.Errorf("exit %d, report %+v", code, report)
	}
	if code, _, _ := runCLI("check", "--format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}

func TestMemoryLimitGrowsWithTheSite(t *testing.T) {
	for _, tc := range []struct {
		files int
		want  int64
	}{
		{0, 512 << 20},
		{10000, 512 << 20}, // binds only far above what the site needs
		{100000, 512 << 20},
		{104858, 104858 * 5 << 10}, // about twice the live data
		{1000000, 1000000 * 5 << 10},
	} {
		if got := memoryLimit(tc.files); got != tc.want {
			t.Errorf("memoryLimit(%d) = %d MiB, want %d MiB", tc.files, got>>20, tc.want>>20)
		}
	}
}
