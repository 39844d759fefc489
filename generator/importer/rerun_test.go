package importer_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/importer"
)

// snapshot is every file of the site with its modification time.
func snapshot(t *testing.T, site string) map[string]time.Time {
	t.Helper()
	out := map[string]time.Time{}
	filepath.Walk(site, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.Contains(p, ".rainmaker-cache") {
			out[p] = info.ModTime()
		}
		return err
	})
	return out
}

func TestSecondRunChangesNothing(t *testing.T) {
	for name, run := range map[string]func(*testing.T, string, func(*importer.Options)) *importer.Report{
		"wordpress": importWordPress, "ghost": importGhost,
	} {
		t.Run(name, func(t *testing.T) {
			site := t.TempDir()
			first := run(t, site, nil)
			before := snapshot(t, site)
			time.Sleep(10 * time.Millisecond)
			second := run(t, site, nil)
			if len(second.Written) != 0 || len(second.Kept) != 0 || second.SiteTOML != "" || second.Permalinks != "" {
				t.Errorf("second run wrote %q, kept %q, site.toml %q, permalinks %q", second.Written, second.Kept, second.SiteTOML, second.Permalinks)
			}
			if len(second.Unchanged) != len(first.Written) {
				t.Errorf("second run: %d unchanged, first wrote %d", len(second.Unchanged), len(first.Written))
			}
			after := snapshot(t, site)
			for p, mt := range before {
				if !after[p].Equal(mt) {
					t.Errorf("%s was touched by the second run", p)
				}
			}
			if len(after) != len(before) {
				t.Errorf("the second run added files: %d then %d", len(before), len(after))
			}
		})
	}
}

func TestAuthorEditedFileIsLeftAlone(t *testing.T) {
	site := t.TempDir()
	importWordPress(t, site, nil)
	edited := filepath.Join(site, "content/posts/forecast-calls-that-coach.md")
	mine := []byte("---\ntitle: My own words\ndate: 2023-05-02\n---\n\nRewritten by hand.\n")
	if err := os.WriteFile(edited, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(site, "content/posts/the-year-end-push.md"))
	rep := importWordPress(t, site, nil)
	if got, _ := os.ReadFile(edited); string(got) != string(mine) {
		t.Errorf("the edited file was overwritten:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(site, "content/posts/the-year-end-push.md")); err == nil {
		t.Error("a file the author deleted was written again")
	}
	want := []string{"content/posts/forecast-calls-that-coach.md (edited since the last import)",
		"content/posts/the-year-end-push.md (deleted since the last import; not written again)"}
	if !slices.Equal(rep.Kept, want) || len(rep.Written) != 0 {
		t.Errorf("kept %q written %q, want kept %q", rep.Kept, rep.Written, want)
	}
	if !strings.Contains(rep.String(), "Left alone, edited since the last import (2)") {
		t.Errorf("the report does not say which files it skipped:\n%s", rep)
	}
}

// A file that was there before any import is the author's too.
func TestExistingFileIsLeftAlone(t *testing.T) {
	site := t.TempDir()
	path := filepath.Join(site, "content/posts/forecast-calls-that-coach.md")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte("mine"), 0o644)
	rep := importWordPress(t, site, nil)
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Error("a file that was there before was overwritten")
	}
	if !slices.Contains(rep.Kept, "content/posts/forecast-calls-that-coach.md (already there, not written by an import)") {
		t.Errorf("kept %q", rep.Kept)
	}
}

// A newer export updates the files the author has not touched.
func TestNewerExportUpdatesUntouchedFiles(t *testing.T) {
	site := t.TempDir()
	importWordPress(t, site, nil)
	src, _ := os.ReadFile(wxrFile)
	changed := strings.Replace(string(src), "Write the <strong>next step</strong> down", "Write the <strong>next two steps</strong> down", 1)
	export := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(export, []byte(changed), 0o644)
	rep := importWordPress(t, site, func(o *importer.Options) { o.Export = export })
	if !slices.Equal(rep.Written, []string{"content/posts/forecast-calls-that-coach.md"}) {
		t.Errorf("written %q, want only the changed post", rep.Written)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "content/posts/forecast-calls-that-coach.md")); !strings.Contains(string(b), "next two steps") {
		t.Errorf("the post was not updated:\n%s", b)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	site := t.TempDir()
	rep := importWordPress(t, site, func(o *importer.Options) { o.DryRun = true })
	entries, _ := os.ReadDir(site)
	if len(entries) != 0 {
		t.Errorf("--dry-run wrote %v", entries)
	}
	out := rep.String()
	for _, s := range []string{"Would write (12):", "content/posts/coaching-your-closers/index.md",
		`site.toml would get [permalinks] posts = "/:year/:month/:slug/"`, "site.toml would be created.", "Would import 6 posts, 2 pages, 1 story (3 drafts, 1 scheduled)"} {
		if !strings.Contains(out, s) {
			t.Errorf("the dry run's report lacks %q:\n%s", s, out)
		}
	}
}
