package permalink

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAliasFile(t *testing.T) {
	tests := []struct{ alias, want string }{
		// Hugo, Zola: folders.
		{"/old/path/", "old/path/index.html"},
		{"/old/", "old/index.html"},
		{"/posts/my-original-url/", "posts/my-original-url/index.html"},
		// No extension, no trailing slash: still a folder.
		{"/old/path", "old/path/index.html"},
		{"/old", "old/index.html"},
		// Jekyll's redirect_from: .html files.
		{"/2019/01/01/old.html", "2019/01/01/old.html"},
		{"/2019/01/01/old-post.html", "2019/01/01/old-post.html"},
		{"/old.htm", "old.htm"},
		{"/OLD.HTML", "OLD.HTML"},
		{"/old/index.html", "old/index.html"},
		// Relative, as Hugo writes them: from the site root here.
		{"old.html", "old.html"},
		{"old/path/", "old/path/index.html"},
		{"old", "old/index.html"},
		// A trailing slash makes a folder even with an extension.
		{"/old.html/", "old.html/index.html"},
		// Other extensions are not served as HTML: a folder.
		{"/blog/my-post.php", "blog/my-post.php/index.html"},
		{"/node.js-tips", "node.js-tips/index.html"},
		{"/v1.2/", "v1.2/index.html"},
		// Percent-escapes, decoded once.
		{"/caf%C3%A9/", "café/index.html"},
		{"/caf%c3%a9/", "café/index.html"},
		{"/café/", "café/index.html"},
		{"/my%20old%20post/", "my old post/index.html"},
		{"/100%25-pure/", "100%-pure/index.html"},
		{"/c%23-tips/", "c#-tips/index.html"},
		{"/營業/", "營業/index.html"},
		{"/a+b/", "a+b/index.html"},
		{"/it's/", "it's/index.html"},
		{"/%E2%80%8Cx/", "\u200cx/index.html"}, // a zero-width non-joiner, as Persian words have
		// Near the reserved names, but not them.
		{"/feed/", "feed/index.html"},
		{"/feed.xml.html", "feed.xml.html"},
		{"/apis/", "apis/index.html"},
		{"/old/api/", "old/api/index.html"},
		{"/old/feed.xml", "old/feed.xml/index.html"},
		{"/404/", "404/index.html"},
		{"/posts/index.html", "posts/index.html"},
		{"/" + strings.Repeat("a", 255) + "/", strings.Repeat("a", 255) + "/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.alias, func(t *testing.T) {
			got, err := AliasFile(tt.alias)
			if err != nil {
				t.Fatalf("AliasFile(%q): %v", tt.alias, err)
			}
			if got != tt.want {
				t.Errorf("AliasFile(%q) = %q, want %q", tt.alias, got, tt.want)
			}
		})
	}
}

func TestAliasFileErrors(t *testing.T) {
	tests := []struct {
		name, alias string
		want        string // in the error
		reserved    bool   // wraps ErrReserved
	}{
		{"empty", "", "is empty", false},
		{"blank", "  ", "is empty", false},
		{"home", "/", "home page", true},
		{"home file", "/index.html", "home page", true},
		{"home file, capitals", "/Index.HTML", "home page", true},
		{"home file, relative", "index.html", "home page", true},
		{"full URL", "https://example.org/old/", "an alias is a path on this site, like /old/; drop the scheme and host", false},
		{"http", "http://example.org/old/", "drop the scheme and host", false},
		{"capital scheme", "HTTPS://example.org/", "drop the scheme and host", false},
		{"scheme-relative", "//example.org/old/", "drop the host", false},
		{"javascript", "javascript:alert(1)", "drop the scheme", false},
		{"mailto", "mailto:me@example.org", "drop the scheme", false},
		{"query", "/old/?p=1", "query string", false},
		{"jekyll query", "/?p=123", "query string", false},
		{"fragment", "/old/#top", "fragment", false},
		{"dot dot", "..", `".."`, false},
		{"dot dot slash", "../x", `".."`, false},
		{"parent", "/../x", `".."`, false},
		{"parent inside", "/a/../b/", `".."`, false},
		{"parent at end", "/a/..", `".."`, false},
		{"dots in a name", "/a..b/", `".."`, false},
		{"encoded parent", "%2e%2e", `".."`, false},
		{"encoded parent in path", "/%2e%2e/x", `".."`, false},
		{"encoded parent, capitals", "/%2E%2E/etc/passwd", `".."`, false},
		{"half encoded parent", "/.%2e/x", `".."`, false},
		{"double encoded parent", "/%252e%252e/x", "percent-encoded twice", false},
		{"double encoded letter", "/%2541/", "percent-encoded twice", false},
		{"dot", "./", `"." segment`, false},
		{"dot segment", "/a/./b/", `"." segment`, false},
		{"dot first", "./old/", `"." segment`, false},
		{"encoded dot", "/%2e/", `"." segment`, false},
		{"dot file", "/.htaccess", "dot files", false},
		{"dot folder", "/.git/config", "dot files", false},
		{"trailing dot", "/old./", "ends with a dot or a space", false},
		{"trailing space", "/old%20/", "ends with a dot or a space", false},
		{"leading space", "/%20old/", "starts with a space", false},
		{"space around", " /old/", "space", false},
		{"space first", " old/", "starts with a space", false},
		{"empty segment", "/a//b/", "empty segment", false},
		{"trailing double slash", "/a//", "empty segment", false},
		{"encoded slash", "/a%2fb/", "encoded slash (%2f)", false},
		{"encoded slash, capitals", "/a%2Fb/", "encoded slash (%2F)", false},
		{"encoded leading slash", "%2F%2Fevil.example/", "encoded slash", false},
		{"backslash", `\x`, "backslash", false},
		{"backslash inside", `/a\b/`, "backslash", false},
		{"backslash parent", `/..\..\x`, "backslash", false},
		{"encoded backslash", "/a%5Cb/", "backslash", false},
		{"NUL", "/a\x00b/", "NUL", false},
		{"encoded NUL", "/a%00b/", "NUL", false},
		{"newline", "/a\nb/", "control character U+000A", false},
		{"encoded newline", "/a%0D%0Ab/", "control character U+000D", false},
		{"tab", "/a\tb/", "control character U+0009", false},
		{"DEL", "/a\x7fb/", "control character U+007F", false},
		{"C1 control", "/a\u0085b/", "control character U+0085", false},
		{"invalid UTF-8", "/\xff/", "not valid UTF-8", false},
		{"encoded invalid UTF-8", "/%ff/", "not UTF-8", false},
		{"broken escape", "/100%/", `broken percent-escape "%/"`, false},
		{"broken escape at end", "/a%2", `broken percent-escape "%2"`, false},
		{"broken escape, non-hex", "/a%zzb/", `broken percent-escape "%zz"`, false},
		{"broken escape before non-ASCII", "/a%éb/", `broken percent-escape "%é`, false},
		{"colon", "/a:b/", `contains ':'`, false},
		{"star", "/a*b/", `contains '*'`, false},
		{"pipe", "/a|b/", `contains '|'`, false},
		{"angle", "/<script>/", `contains '<'`, false},
		{"quote", `/a"b/`, `contains '"'`, false},
		{"encoded question mark", "/a%3Fb/", `contains '?'`, false},
		{"long segment", "/" + strings.Repeat("a", 256) + "/", "segment of 256 bytes", false},
		{"feed", "/feed.xml", "feed.xml is the site's feed", true},
		{"feed, relative", "feed.xml", "feed.xml is the site's feed", true},
		{"feed, capitals", "/FEED.XML", "feed.xml is the site's feed", true},
		{"feed folder", "/feed.xml/", "feed.xml is the site's feed", true},
		{"under feed", "/feed.xml/x.html", "feed.xml is the site's feed", true},
		{"sitemap", "/sitemap.xml", "sitemap", true},
		{"robots", "/robots.txt", "robots.txt", true},
		{"404", "/404.html", "missing URLs", true},
		{"redirects", "/_redirects", "redirect rules", true},
		{"headers", "/_headers", "header rules", true},
		{"api", "/api/", "api/", true},
		{"api bare", "/api", "api/", true},
		{"api endpoint", "/api/stories", "api/", true},
		{"api page", "/api/old.html", "api/", true},
		{"api, capitals", "/API/x/", "api/", true},
		{"api, encoded", "/%61pi/x/", "api/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, err := AliasFile(tt.alias)
			if err == nil {
				t.Fatalf("AliasFile(%q) = %q, want an error", tt.alias, file)
			}
			if file != "" {
				t.Errorf("AliasFile(%q) returned %q with its error", tt.alias, file)
			}
			var ae *AliasError
			if !errors.As(err, &ae) || ae.Alias != tt.alias {
				t.Errorf("error %v is not an *AliasError for %q", err, tt.alias)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "alias ") {
				t.Errorf("error %q does not say it is about an alias", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not contain %q", msg, tt.want)
			}
			if got := errors.Is(err, ErrReserved); got != tt.reserved {
				t.Errorf("errors.Is(%v, ErrReserved) = %v, want %v", err, got, tt.reserved)
			}
		})
	}
}

func TestAliasURL(t *testing.T) {
	tests := []struct{ file, want string }{
		{"old/path/index.html", "/old/path/"},
		{"old.html", "/old.html"},
		{"2019/01/01/old.html", "/2019/01/01/old.html"},
		{"index.html", "/"},
		{"café/index.html", "/caf%C3%A9/"},
		{"my old post/index.html", "/my%20old%20post/"},
		{"100%-pure/index.html", "/100%25-pure/"},
		{"c#-tips/index.html", "/c%23-tips/"},
		{"a;b,c/index.html", "/a%3Bb%2Cc/"},
		{"a+b=c@d$e&f/index.html", "/a+b=c@d$e&f/"},
		{"營業/index.html", "/%E7%87%9F%E6%A5%AD/"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := AliasURL(tt.file); got != tt.want {
				t.Errorf("AliasURL(%q) = %q, want %q", tt.file, got, tt.want)
			}
		})
	}
}

// TestAliasRoundTrip checks that the URL AliasURL gives for a file is an
// alias for the same file, so the _redirects rule and the redirect page
// serve the same old URL.
func TestAliasRoundTrip(t *testing.T) {
	for _, alias := range []string{
		"/old/path/", "/old/path", "/2019/01/01/old.html", "old.html", "/caf%C3%A9/", "/café/",
		"/my%20old%20post/", "/100%25-pure/", "/c%23-tips/", "/營業/", "/a+b/", "/it's/", "/old/index.html",
		"/blog/my-post.php", "/a;b,c/", "/(x)!~/", "/%E2%80%8Cx/",
	} {
		t.Run(alias, func(t *testing.T) {
			file, err := AliasFile(alias)
			if err != nil {
				t.Fatal(err)
			}
			u := AliasURL(file)
			again, err := AliasFile(u)
			if err != nil || again != file {
				t.Errorf("AliasFile(%q) = %q, AliasURL = %q, AliasFile of that = %q, %v", alias, file, u, again, err)
			}
			if strings.ContainsAny(u, " \t\n") || !strings.HasPrefix(u, "/") {
				t.Errorf("AliasURL(%q) = %q is not a path for _redirects", file, u)
			}
		})
	}
}

func TestResolveHugoAlias(t *testing.T) {
	tests := []struct{ page, alias, want string }{
		{"/posts/new/", "old.html", "/posts/old.html"},
		{"/posts/new/", "old/", "/posts/old/"},
		{"/posts/new/", "/old/", "/old/"},
		{"/posts/2021/new/", "old", "/posts/2021/old"},
		{"/new/", "old.html", "/old.html"},
		{"/", "old.html", "/old.html"},
		{"", "old.html", "/old.html"},
		{"/posts/new.html", "old.html", "/posts/old.html"},
		{"/posts/new/", "https://example.org/x/", "https://example.org/x/"}, // AliasFile refuses it
		{"/posts/new/", "../x/", "/posts/../x/"},                            // AliasFile refuses it
		{"/posts/new/", "", ""},
	}
	for _, tt := range tests {
		if got := ResolveHugoAlias(tt.page, tt.alias); got != tt.want {
			t.Errorf("ResolveHugoAlias(%q, %q) = %q, want %q", tt.page, tt.alias, got, tt.want)
		}
	}
}

func TestRedirectPage(t *testing.T) {
	page := string(RedirectPage("/posts/new-post/", "https://example.org/posts/new-post/", "New post"))
	for _, want := range []string{
		"<!DOCTYPE html>\n",
		`<html lang="en">`,
		`<meta charset="utf-8">`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<title>Moved: New post</title>`,
		`<meta http-equiv="refresh" content="0; url=/posts/new-post/">`,
		`<link rel="canonical" href="https://example.org/posts/new-post/">`,
		`<meta name="robots" content="noindex">`,
		`<main>`,
		`This page has moved to <a href="/posts/new-post/">New post</a>.`,
		"</html>\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q:\n%s", want, page)
		}
	}
}

func TestRedirectPageEscapes(t *testing.T) {
	tests := []struct {
		name, target, canonical, title string
		want, never                    []string
	}{
		{
			name: "script in the title", target: "/new/", canonical: "https://example.org/new/",
			title: `</title><script>alert("x")</script> & 'quotes'`,
			want:  []string{`&lt;/title&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quotes&#39;</a>`},
			never: []string{"<script", `"x"`},
		},
		{
			name: "quotes in the target", target: `/new/"><script>alert(1)</script>`, canonical: `https://example.org/"onmouseover="x`,
			title: "T",
			want:  []string{`url=/new/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"`, `href="https://example.org/%22onmouseover=%22x"`},
			never: []string{"<script", `"onmouseover`},
		},
		{
			name: "a single quote cannot quote the refresh URL", target: "'/evil/", canonical: "", title: "T",
			want:  []string{"url=%27/evil/"},
			never: []string{"url='", "url=&#39;"},
		},
		{
			name: "javascript target", target: "javascript:alert(1)", canonical: "javascript:alert(2)", title: "T",
			want:  []string{"url=#ZgotmplZ", `href="#ZgotmplZ"`},
			never: []string{"javascript:", "alert"},
		},
		{
			name: "data target", target: "data:text/html,<script>alert(1)</script>", canonical: "", title: "T",
			never: []string{"data:", "<script"},
		},
		{
			name: "ampersand and non-ASCII", target: "/caf\u00e9/?a=1&b=2", canonical: "https://example.org/caf%C3%A9/", title: "Café",
			want: []string{"url=/caf%C3%A9/?a=1&amp;b=2\"", `<a href="/caf%C3%A9/?a=1&amp;b=2">Café</a>`, `href="https://example.org/caf%C3%A9/"`},
		},
		{
			name: "line breaks in the target", target: "/new/\n<b>", canonical: "", title: "T",
			want:  []string{"url=/new/%0A%3Cb%3E"},
			never: []string{"<b>"},
		},
		{
			name: "no canonical", target: "/new/", canonical: "", title: "T",
			never: []string{"canonical"},
		},
		{
			name: "blank title shows the target", target: "/new/", canonical: "", title: "  ",
			want: []string{`<a href="/new/">/new/</a>`, "<title>Moved: /new/</title>"},
		},
		{
			name: "absolute target", target: "https://other.example/x?y=1", canonical: "https://other.example/x", title: "T",
			want: []string{"url=https://other.example/x?y=1\"", `<a href="https://other.example/x?y=1">`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := string(RedirectPage(tt.target, tt.canonical, tt.title))
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %q:\n%s", w, page)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(page, n) {
					t.Errorf("the page contains %q:\n%s", n, page)
				}
			}
			// Exactly the template's own tags, whatever the input.
			if got := strings.Count(page, "<"); got != strings.Count(string(RedirectPage("/x/", "https://e.org/x/", "x")), "<")-boolInt(tt.canonical == "") {
				t.Errorf("the page has %d tags, not the template's own:\n%s", got, page)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestRedirectPageIsValid runs html-validate, with the repository's rules,
// on redirect pages, when the checkers are installed (npm ci --prefix
// tools, or html-validate on PATH). CI installs them and sets
// RAINMAKER_REQUIRE_BROWSER, which makes a missing checker a failure.
func TestRedirectPageIsValid(t *testing.T) {
	bin := filepath.Join("..", "..", "tools", "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("html-validate"); err != nil {
			if os.Getenv("RAINMAKER_REQUIRE_BROWSER") != "" {
				t.Fatal("html-validate is missing and RAINMAKER_REQUIRE_BROWSER is set; run: npm ci --prefix tools")
			}
			t.Skip("html-validate is missing; run npm ci --prefix tools to install it")
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	dir := t.TempDir()
	pages := map[string][]byte{
		"plain.html":    RedirectPage("/posts/new/", "https://example.org/posts/new/", "New post"),
		"hostile.html":  RedirectPage(`/new/"><script>x</script>`, "https://example.org/new/", `</title><script>alert("x")</script>`),
		"blank.html":    RedirectPage("/new/", "", ""),
		"unicode.html":  RedirectPage("/營業/", "https://example.org/營業/", "營業 & more"),
		"absolute.html": RedirectPage("https://other.example/x?a=1&b=2", "https://other.example/x", "Elsewhere"),
	}
	args := []string{"--config", filepath.Join("..", "..", ".htmlvalidate.json"), "--formatter", "json"}
	for name, data := range pages {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(bin, args...).Output()
	var results []struct {
		FilePath string
		Messages []struct {
			RuleID  string
			Message string
			Line    int
		}
	}
	if jerr := json.Unmarshal(out, &results); jerr != nil {
		t.Fatalf("html-validate: %v %v: %s", err, jerr, out)
	}
	for _, r := range results {
		for _, m := range r.Messages {
			t.Errorf("%s:%d: %s [%s]", filepath.Base(r.FilePath), m.Line, m.Message, m.RuleID)
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("html-validate failed without messages: %v", err)
	}
}

func TestRedirects(t *testing.T) {
	got := string(Redirects([]Redirect{
		{"/old/b/", "/posts/b/"},
		{"/2019/01/01/old.html", "/posts/old/"},
		{"/old/a/", "/posts/a/"},
		{"/old/b/", "/posts/b/"},         // a repeat
		{"/old/a/", "/posts/elsewhere/"}, // the same From again: the first wins
		{"/caf%C3%A9/", "https://example.org/café/"},
		{"/café/", "/posts/other/"}, // the same path as above, once escaped
		{"", "/posts/x/"},
		{"/x/", ""},
		{"/loop/", "/loop/"},
	}))
	want := "/2019/01/01/old.html /posts/old/ 301\n" +
		"/caf%C3%A9/ https://example.org/caf%C3%A9/ 301\n" +
		"/old/a/ /posts/a/ 301\n" +
		"/old/b/ /posts/b/ 301\n"
	if got != want {
		t.Errorf("Redirects =\n%s\nwant\n%s", got, want)
	}
	if got := Redirects(nil); len(got) != 0 {
		t.Errorf("Redirects(nil) = %q, want nothing", got)
	}
}

func TestRedirectsCannotInject(t *testing.T) {
	got := string(Redirects([]Redirect{
		{"/a b/", "/new/\n/ /evil/ 200!"},
		{"/c\r\n# x", "/d\t/"},
	}))
	want := "/a%20b/ /new/%0A/%20/evil/%20200! 301\n" +
		"/c%0D%0A#%20x /d%09/ 301\n"
	if got != want {
		t.Errorf("Redirects =\n%q\nwant\n%q", got, want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if f := strings.Fields(line); len(f) != 3 || f[2] != "301" {
			t.Errorf("line %q is not FROM TO 301", line)
		}
	}
}

// TestRedirectsFromAliases is the way the pieces fit: aliases become
// files, and their URLs become rules.
func TestRedirectsFromAliases(t *testing.T) {
	var rules []Redirect
	for _, alias := range []string{"/2019/01/01/old.html", "/caf%C3%A9/", "/café", "old/"} {
		file, err := AliasFile(alias)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, Redirect{From: AliasURL(file), To: "/posts/new/"})
	}
	want := "/2019/01/01/old.html /posts/new/ 301\n/caf%C3%A9/ /posts/new/ 301\n/old/ /posts/new/ 301\n"
	if got := string(Redirects(rules)); got != want {
		t.Errorf("Redirects =\n%s\nwant\n%s", got, want)
	}
}

// FuzzAliasFile checks that no alias, however hostile, gives a file that
// could be written outside the output folder, and that the URL of every
// file is an alias for the same file.
func FuzzAliasFile(f *testing.F) {
	for _, s := range []string{
		"/old/path/", "/old/path", "/2019/01/01/old.html", "old.html", "/caf%C3%A9/", "https://example.org/old/",
		"..", "/../x", "./", "%2e%2e", "/%2e%2e/x", "/.%2e/", "/%252e%252e/", `\..\x`, "/a\x00b", "/a%00b", "/", "",
		"/feed.xml", "/api/x", "/a//b", "//host/x", "/a%2fb", "/%ff/", "/x?y", "/x#y", "/a. /", "/100%25/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, alias string) {
		file, err := AliasFile(alias)
		if err != nil {
			if file != "" {
				t.Fatalf("AliasFile(%q) = %q with error %v", alias, file, err)
			}
			var ae *AliasError
			if !errors.As(err, &ae) {
				t.Fatalf("AliasFile(%q): %v is not an *AliasError", alias, err)
			}
			return
		}
		switch {
		case file == "":
			t.Fatalf("AliasFile(%q) = \"\" without an error", alias)
		case strings.Contains(file, ".."):
			t.Fatalf("AliasFile(%q) = %q contains \"..\"", alias, file)
		case strings.HasPrefix(file, "/"):
			t.Fatalf("AliasFile(%q) = %q starts with \"/\"", alias, file)
		case strings.ContainsAny(file, "\\\x00"):
			t.Fatalf("AliasFile(%q) = %q contains a backslash or NUL", alias, file)
		case !utf8.ValidString(file):
			t.Fatalf("AliasFile(%q) = %q is not valid UTF-8", alias, file)
		case path.Clean(file) != file:
			t.Fatalf("AliasFile(%q) = %q, but path.Clean makes it %q", alias, file, path.Clean(file))
		case !filepath.IsLocal(filepath.FromSlash(file)):
			t.Fatalf("AliasFile(%q) = %q is not a local path", alias, file)
		}
		if again, err := AliasFile(AliasURL(file)); err != nil || again != file {
			t.Fatalf("AliasFile(%q) = %q, AliasURL = %q, AliasFile of that = %q, %v", alias, file, AliasURL(file), again, err)
		}
	})
}
