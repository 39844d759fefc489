package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// partialCached renders a partial with the data it is given, for every
// page: a footer that shows the page's title shows each page's own.
func TestPartialCachedRendersEachPage(t *testing.T) {
	site := copySite(t)
	writeFile(t, filepath.Join(site, "layouts/partials/footer.html"), `<footer>{{.Title}} · {{.Site.Title}}</footer>`)
	out, _, err := buildSite(t, site, nil)
	if err != nil {
		t.Fatal(err)
	}
	for page, title := range map[string]string{"posts/yaml-post/index.html": "A YAML post with &lt;angle&gt; &amp; ampersand", "posts/toml-post/index.html": "A TOML post"} {
		html, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(html, []byte("<footer>"+title+" · ")) {
			t.Errorf("%s: footer does not show its own title %q:\n%s", page, title, html[bytes.LastIndex(html, []byte("<footer")):])
		}
	}
}
