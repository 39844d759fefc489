package importer_test

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/importer"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	wxrFile     = "testdata/wordpress/export.xml"
	uploadsDir  = "testdata/wordpress/uploads"
	ghostFile   = "testdata/ghost/export.json"
	ghostImages = "testdata/ghost/images"
)

func importWordPress(t *testing.T, site string, mod func(*importer.Options)) *importer.Report {
	t.Helper()
	opts := importer.Options{Site: site, Export: wxrFile, Media: uploadsDir, StoriesFrom: "testimonial"}
	if mod != nil {
		mod(&opts)
	}
	rep, err := importer.WordPress(opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func importGhost(t *testing.T, site string, mod func(*importer.Options)) *importer.Report {
	t.Helper()
	opts := importer.Options{Site: site, Export: ghostFile, Media: ghostImages}
	if mod != nil {
		mod(&opts)
	}
	rep, err := importer.Ghost(opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// siteFiles reads every file the import wrote: content/ and site.toml.
func siteFiles(t *testing.T, site string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && strings.HasPrefix(rel, ".") && rel != "." {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(rel, ".md") || rel == "site.toml") {
			b, err := os.ReadFile(p)
			files[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The produced Markdown is compared with testdata/golden/<format>/;
// go test -update rewrites it.
func TestGolden(t *testing.T) {
	for name, run := range map[string]func(*testing.T, string, func(*importer.Options)) *importer.Report{
		"wordpress": importWordPress, "ghost": importGhost,
	} {
		t.Run(name, func(t *testing.T) {
			site := t.TempDir()
			rep := run(t, site, nil)
			got := siteFiles(t, site)
			got["report.txt"] = rep.String()
			dir := filepath.Join("testdata", "golden", name)
			if *update {
				os.RemoveAll(dir)
				for rel, text := range got {
					p := filepath.Join(dir, filepath.FromSlash(rel))
					os.MkdirAll(filepath.Dir(p), 0o755)
					if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := siteFiles(t, dir)
			if b, err := os.ReadFile(filepath.Join(dir, "report.txt")); err == nil {
				want["report.txt"] = string(b)
			}
			for rel, text := range want {
				if got[rel] != text {
					t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", rel, got[rel], text)
				}
			}
			for rel := range got {
				if _, ok := want[rel]; !ok {
					t.Errorf("%s was written but has no golden file", rel)
				}
			}
		})
	}
}

func TestImagesCopiedBesideThePost(t *testing.T) {
	site := t.TempDir()
	rep := importWordPress(t, site, nil)
	for _, f := range []string{"content/posts/coaching-your-closers/closers-team.jpg",
		"content/posts/coaching-your-closers/whiteboard.jpg", "content/about/dana.png"} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Errorf("%s not copied: %v", f, err)
		}
	}
	if rep.ImagesCopied != 3 {
		t.Errorf("ImagesCopied = %d, want 3", rep.ImagesCopied)
	}
	if len(rep.Remote) != 1 || !strings.Contains(rep.Remote[0], `"Forecast Calls That Coach" (https://coach.example/2023/05/forecast-calls-that-coach/): https://coach.example/wp-content/uploads/2023/05/pipeline-chart.png`) {
		t.Errorf("Remote = %q, want the pipeline chart, named with its post", rep.Remote)
	}
	if !strings.Contains(rep.String(), "Images left on the old server (1)") {
		t.Errorf("the report does not list the remote image:\n%s", rep)
	}
}

// Without --uploads every uploaded image stays on the old server, as its
// absolute URL, and is listed; the posts are single files.
func TestNoUploadsLeavesImagesRemote(t *testing.T) {
	site := t.TempDir()
	rep := importWordPress(t, site, func(o *importer.Options) { o.Media = "" })
	if rep.ImagesCopied != 0 || len(rep.Remote) != 5 {
		t.Errorf("copied %d, remote %d (%q); want 0 and 5", rep.ImagesCopied, len(rep.Remote), rep.Remote)
	}
	b, err := os.ReadFile(filepath.Join(site, "content/posts/coaching-your-closers.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "image: https://coach.example/wp-content/uploads/2023/04/closers-team.jpg") {
		t.Errorf("the featured image is not its old URL:\n%s", b)
	}
}
