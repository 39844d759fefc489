package generator

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// A file deleted, truncated or overwritten in the output between two
// builds is made again by the next build, which then equals a clean one.
func TestTamperedOutputIsRestored(t *testing.T) {
	tamper := map[string]func(path string){
		"deleted":     func(p string) { os.Remove(p) },
		"truncated":   func(p string) { os.Truncate(p, 10) },
		"overwritten": func(p string) { os.WriteFile(p, []byte("defaced"), 0o644) },
		"same size": func(p string) {
			data, _ := os.ReadFile(p)
			copy(data, "XXXX")
			os.WriteFile(p, data, 0o644)
		},
	}
	for how, change := range tamper {
		t.Run(how, func(t *testing.T) {
			site := copySite(t)
			out := filepath.Join(site, "public")
			first := build(t, site, out, nil)
			for _, rel := range []string{"index.html", "posts/yaml-post/index.html", "feed.xml", "css/main.css"} {
				change(filepath.Join(out, rel))
			}
			res := build(t, site, out, nil)
			if res.Files != 4 || res.Carried != first.Files-4 {
				t.Errorf("%d files written and %d carried, want 4 and %d", res.Files, res.Carried, first.Files-4)
			}
			clean := filepath.Join(t.TempDir(), "public")
			build(t, site, clean, func(o *Options) { o.Clean = true })
			sameTree(t, out, clean)
		})
	}
}

// TestRandomEditsEqualClean is a property test: after any sequence of
// edits (posts added, changed, retitled, retagged, renamed, deleted; a
// layout, a static file and site.toml changed; the output tampered with),
// the incremental build equals a clean build byte for byte.
func TestRandomEditsEqualClean(t *testing.T) {
	seeds := []int64{1, 2, 3}
	steps := 14
	if testing.Short() {
		seeds, steps = seeds[:1], 6
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			site := copySite(t)
			out := filepath.Join(site, "public")
			build(t, site, out, nil)
			var done []string
			for step := range steps {
				done = append(done, randomEdit(t, rng, site, out, step))
				build(t, site, out, nil)
				clean := filepath.Join(t.TempDir(), "public")
				build(t, site, clean, func(o *Options) { o.Clean = true })
				sameTree(t, out, clean)
				if t.Failed() {
					t.Fatalf("after the edits %s", strings.Join(done, ", then "))
				}
			}
		})
	}
}

// randomEdit makes one edit of a site and says what it did.
func randomEdit(t *testing.T, rng *rand.Rand, site, out string, step int) string {
	t.Helper()
	posts, _ := filepath.Glob(filepath.Join(site, "content/posts/*.md"))
	sort.Strings(posts)
	pick := func() string { return posts[rng.Intn(len(posts))] }
	tags := []string{"coaching", "Leadership", "sales", "Fresh Start", "habits"}
	switch rng.Intn(11) {
	case 0:
		name := fmt.Sprintf("added-%d.md", step)
		writeFile(t, filepath.Join(site, "content/posts", name), fmt.Sprintf("---\ntitle: Added %d\ndate: 2026-0%d-1%d\ntags: [%s]\n---\nA new post, number %d.\n",
			step, 1+rng.Intn(9), rng.Intn(10), tags[rng.Intn(len(tags))], step))
		return "add " + name
	case 1:
		p := pick()
		appendTo(t, p, fmt.Sprintf("\nA line added in step %d.\n", step))
		return "edit the body of " + filepath.Base(p)
	case 2:
		p := pick()
		retitle(t, p, fmt.Sprintf("Retitled in step %d", step))
		return "retitle " + filepath.Base(p)
	case 3:
		p := pick()
		retag(t, p, tags[rng.Intn(len(tags))])
		return "retag " + filepath.Base(p)
	case 4:
		p := pick()
		to := filepath.Join(filepath.Dir(p), fmt.Sprintf("moved-%d.md", step))
		os.Rename(p, to)
		return "rename " + filepath.Base(p)
	case 5:
		if len(posts) < 4 {
			return "nothing"
		}
		p := pick()
		os.Remove(p)
		return "delete " + filepath.Base(p)
	case 6:
		data, _ := os.ReadFile("../layouts/single.html")
		writeFile(t, filepath.Join(site, "layouts/single.html"), strings.Replace(string(data), "</article>", fmt.Sprintf("</article><!-- step %d -->", step), 1))
		return "change a layout"
	case 7:
		writeFile(t, filepath.Join(site, "static/img/pixel.txt"), fmt.Sprintf("pixel %d", step))
		return "change a static file"
	case 8:
		replaceIn(t, filepath.Join(site, "site.toml"), `title = "`, fmt.Sprintf(`title = "%d `, step))
		return "change site.toml"
	case 9:
		files := []string{"index.html", "feed.xml", "sitemap.xml", "tags/index.html", "css/main.css", "404.html"}
		f := filepath.Join(out, files[rng.Intn(len(files))])
		if rng.Intn(2) == 0 {
			os.Remove(f)
		} else {
			os.WriteFile(f, []byte("tampered"), 0o644)
		}
		return "tamper with " + filepath.Base(f)
	default:
		p := pick()
		os.Chtimes(p, time.Now(), time.Now())
		return "touch " + filepath.Base(p)
	}
}

// retitle and retag change a post's front matter, in YAML or TOML.
func retitle(t *testing.T, path, title string) {
	setField(t, path, "title", title)
}

func retag(t *testing.T, path, tag string) {
	setField(t, path, "tags", tag)
}

func setField(t *testing.T, path, field, value string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	toml := strings.TrimSpace(lines[0]) == "+++"
	for i, l := range lines[1:] {
		if strings.HasPrefix(strings.TrimSpace(l), "---") || strings.HasPrefix(strings.TrimSpace(l), "+++") {
			break
		}
		if strings.HasPrefix(strings.ToLower(l), field) {
			switch {
			case toml && field == "tags":
				lines[i+1] = fmt.Sprintf("%s = [%q]", field, value)
			case toml:
				lines[i+1] = fmt.Sprintf("%s = %q", field, value)
			case field == "tags":
				lines[i+1] = fmt.Sprintf("%s: [%q]", field, value)
			default:
				lines[i+1] = fmt.Sprintf("%s: %q", field, value)
			}
			writeFile(t, path, strings.Join(lines, "\n"))
			return
		}
	}
}

// keysOf plans a site in memory and returns every output's key.
func keysOf(t *testing.T, site string) map[string]outputKey {
	t.Helper()
	b, err := newBuilder(Options{Source: site, Theme: defaultTheme(), Now: fixedNow, memory: publish.NewMemory(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.run("plan"); err != nil {
		t.Fatal(err)
	}
	keys := map[string]outputKey{}
	for path, key := range b.plan.Files() {
		if _, dup := keys[path]; dup {
			t.Fatalf("two jobs write %s", path)
		}
		keys[path] = key
	}
	return keys
}

// Each edit changes the keys of exactly the files that show it.
func TestKeysOfOneEdit(t *testing.T) {
	tests := []struct {
		name string
		edit func(site string)
		want []string // outputs whose key changes; "*.html" style globs allowed
	}{
		{"the body of an older post", func(site string) {
			appendTo(t, filepath.Join(site, "content/posts/toml-post.md"), "\nOne more line.\n")
		}, []string{"posts/toml-post/index.html", "page/3/index.html", "posts/page/2/index.html", "feed.xml", "tags/coaching/index.html", "tags/coaching/feed.xml"}},
		{"the title of an older post", func(site string) {
			retitle(t, filepath.Join(site, "content/posts/toml-post.md"), "Retitled")
		}, []string{"posts/toml-post/index.html", "page/3/index.html", "posts/page/2/index.html", "feed.xml", "tags/coaching/index.html", "tags/coaching/feed.xml",
			// its neighbours and the pages that link to it as related
			"posts/json-custom-slug/index.html", "posts/yaml-post/index.html", "stories/a-story/index.html"}},
		{"a standalone page's body", func(site string) {
			appendTo(t, filepath.Join(site, "content/about.md"), "\nOne more line.\n")
		}, []string{"about/index.html"}},
		{"a static file", func(site string) {
			writeFile(t, filepath.Join(site, "static/img/pixel.txt"), "another pixel")
		}, []string{"img/pixel.txt"}},
		{"the page layout", func(site string) {
			data, _ := os.ReadFile("../layouts/page.html")
			writeFile(t, filepath.Join(site, "layouts/page.html"), string(data)+"\n")
		}, []string{"about/index.html"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := copySite(t)
			writeFile(t, filepath.Join(site, "content/about.md"), "---\ntitle: About\n---\nWho we are.\n")
			before := keysOf(t, site)
			tt.edit(site)
			after := keysOf(t, site)
			var changed []string
			for path, k := range after {
				if before[path] != k {
					changed = append(changed, path)
				}
			}
			for path := range before {
				if _, ok := after[path]; !ok {
					changed = append(changed, path)
				}
			}
			sort.Strings(changed)
			want := slices.Clone(tt.want)
			sort.Strings(want)
			if !slices.Equal(changed, want) {
				t.Errorf("changed keys:\n  %s\nwant:\n  %s", strings.Join(changed, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}
