package importer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/importer"
)

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadExports(t *testing.T) {
	wxr, _ := os.ReadFile(wxrFile)
	ghost, _ := os.ReadFile(ghostFile)
	cases := []struct {
		name, format, text string
		want               []string
	}{
		{"html page", "wordpress", "<!DOCTYPE html>\n<html><body>hi</body></html>", []string{"export.xml:2:", "root element is <html>", "Tools → Export"}},
		{"rss feed", "wordpress", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>`, []string{"RSS feed, not a WordPress export"}},
		{"truncated wxr", "wordpress", string(wxr[:len(wxr)/2]), []string{"export.xml:", "malformed XML", "truncated"}},
		{"malformed wxr", "wordpress", strings.Replace(string(wxr), "</wp:post_name>", "</wp:post_nam>", 1), []string{"export.xml:36:", "malformed XML", "<post_name> closed by </post_nam>"}},
		{"newer wxr", "wordpress", strings.Replace(string(wxr), "<wp:wxr_version>1.2", "<wp:wxr_version>1.3", 1), []string{"export.xml:16:", "WXR version 1.3 is newer", "(1.2)"}},
		{"ghost json to wordpress", "wordpress", string(ghost), []string{"is JSON, not a WordPress export", "rainmaker import ghost"}},
		{"empty", "wordpress", "", []string{"empty"}},
		{"not ghost", "ghost", `{"posts": []}`, []string{"not a Ghost export", "Export content"}},
		{"truncated ghost", "ghost", string(ghost[:len(ghost)/2]), []string{"export.json:", "malformed JSON", "truncated"}},
		{"malformed ghost", "ghost", strings.Replace(string(ghost), `"slug": "hiring-closers",`, `"slug": "hiring-closers",,`, 1), []string{fmt.Sprintf("export.json:%d:", lineOf(string(ghost), `"slug": "hiring-closers"`)), "malformed JSON"}},
		{"newer ghost", "ghost", strings.Replace(string(ghost), `"version": "5.82.2"`, `"version": "6.0.0"`, 1), []string{"Ghost 6.0.0, newer than this importer knows (Ghost 5)"}},
		{"wrong types", "ghost", `{"db":[{"meta":{"version":"5.1.0"},"data":{"posts":[{"title": 7}]}}]}`, []string{"export.json:1:", "posts.title is a JSON number"}},
		{"wxr to ghost", "ghost", string(wxr), []string{"is XML, not JSON", "rainmaker import wordpress"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := t.TempDir()
			name := map[string]string{"wordpress": "export.xml", "ghost": "export.json"}[c.format]
			opts := importer.Options{Site: site, Export: writeTemp(t, name, c.text)}
			var err error
			if c.format == "wordpress" {
				_, err = importer.WordPress(opts)
			} else {
				_, err = importer.Ghost(opts)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if entries, _ := os.ReadDir(site); len(entries) != 0 {
				t.Errorf("a failed import wrote %v", entries)
			}
		})
	}
}

func lineOf(text, s string) int {
	return 1 + strings.Count(text[:strings.Index(text, s)], "\n")
}

// wxrWith is a WXR export holding the given items.
func wxrWith(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
` + strings.Join(items, "\n") + `
</channel></rss>`
}

func wxrPost(title, slug, body string) string {
	return fmt.Sprintf(`<item><title><![CDATA[%s]]></title><link>https://old.example/%s/</link>
<content:encoded><![CDATA[%s]]></content:encoded><wp:post_id>1</wp:post_id>
<wp:post_date>2024-01-02 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-02 10:00:00</wp:post_date_gmt>
<wp:post_name><![CDATA[%s]]></wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`, title, slug, body, slug)
}

func TestBadItems(t *testing.T) {
	uploads := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.jpg"), []byte("secret"), 0o644)
	os.MkdirAll(filepath.Join(uploads, "2024"), 0o755)
	if err := os.Symlink(filepath.Join(outside, "secret.jpg"), filepath.Join(uploads, "2024", "link.jpg")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	export := writeTemp(t, "export.xml", wxrWith(
		wxrPost("Escape", "../../etc", "<p>x</p>"),
		wxrPost("First", "dup", "<p>one</p>"),
		wxrPost("Second", "dup", "<p>two</p>"),
		wxrPost("", "untitled-thoughts", "<p>no title</p>"),
		wxrPost("Dot dot", "dotdot", `<p><img src="https://old.example/wp-content/uploads/../../secret.jpg" alt="x"></p>`),
		wxrPost("Linked", "linked", `<p><img src="https://old.example/wp-content/uploads/2024/link.jpg" alt="x"></p>`),
	))
	site := t.TempDir()
	rep, err := importer.WordPress(importer.Options{Site: site, Export: export, Media: uploads})
	if err != nil {
		t.Fatal(err)
	}
	out := rep.String()
	for _, w := range []string{
		`line 4: "Escape" (https://old.example/../../etc/): not imported: its slug "../../etc" would name a file outside content/`,
		`"Second" (https://old.example/dup/): it has the slug "dup" of "First" (https://old.example/dup/) too, so it is named dup-2; its old URL redirects there`,
		`"Untitled thoughts" (https://old.example/untitled-thoughts/): it has no title; it is titled "Untitled thoughts", from its slug`,
		`"Dot dot" (https://old.example/dotdot/): the image https://old.example/wp-content/uploads/../../secret.jpg names a path outside --uploads`,
		`"Linked" (https://old.example/linked/): the image https://old.example/wp-content/uploads/2024/link.jpg is outside --uploads`,
		"1 item was not imported; see above.",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("the report lacks %q:\n%s", w, out)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content/posts/dup-2.md")); err != nil {
		t.Error("the second post with the slug dup was not written as dup-2")
	}
	m := meta(t, site, "content/posts/dup-2.md")
	if len(m.Aliases) != 1 || m.Aliases[0] != "/dup/" {
		t.Errorf("dup-2 aliases %q, want /dup/", m.Aliases)
	}
	if entries, _ := os.ReadDir(filepath.Join(site, "content")); len(entries) != 1 {
		t.Errorf("content/ holds %v, want only posts/", entries)
	}
	if rep.ImagesCopied != 0 {
		t.Error("an image outside --uploads was copied")
	}
}
