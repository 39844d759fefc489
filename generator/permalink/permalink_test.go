package permalink

import (
	"errors"
	"path"
	"strings"
	"testing"
	"time"
)

func TestParseGood(t *testing.T) {
	tests := []struct {
		pattern string
		want    string // expanded for section "posts", slug "my-post", 2021-05-09
	}{
		{"/:slug/", "/my-post/"},
		{"/:year/:month/:slug/", "/2021/05/my-post/"},
		{"/:year/:month/:day/:slug/", "/2021/05/09/my-post/"},
		{"/:section/:slug/", "/posts/my-post/"},
		{"/:section/:year/:slug/", "/posts/2021/my-post/"},
		{"/blog/:year/:slug/", "/blog/2021/my-post/"},
		{"/:title/", "/my-post/"}, // :title is :slug
		{"/:year-:month-:day-:slug/", "/2021-05-09-my-post/"},
		{"/:year:month:day/:slug/", "/20210509/my-post/"},
		{"/archive_2/:slug.v1/", "/archive_2/my-post.v1/"},
		{"/Blog/:slug/", "/Blog/my-post/"},
		{"/:slug/:slug/", "/my-post/my-post/"},
		{"/apis/:slug/", "/apis/my-post/"},      // only api/ itself is reserved
		{"/api-:slug/", "/api-my-post/"},        // not under api/
		{"/feeds/:slug/", "/feeds/my-post/"},    // not feed.xml
		{"/a.b/:slug/", "/a.b/my-post/"},        // inner dots are fine
		{"/:section.:slug/", "/posts.my-post/"}, // a token then a dot
	}
	date := time.Date(2021, 5, 9, 12, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := Parse(tt.pattern)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.String() != tt.pattern {
				t.Errorf("String() = %q, want %q", p.String(), tt.pattern)
			}
			if got := p.Expand("posts", "my-post", date); got != tt.want {
				t.Errorf("Expand = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, pattern string
		want          []string // every one must be in the error
	}{
		{"empty", "", []string{"is empty", `"/:year/:month/:slug/"`}},
		{"blank", "   ", []string{"is empty"}},
		{"no leading slash", ":year/:slug/", []string{`must start with "/"`, `did you mean "/:year/:slug/"?`}},
		{"full URL", "https://example.org/:slug/", []string{"drop the scheme and host"}},
		{"typo", "/:yaer/:slug/", []string{`unknown token ":yaer"`, "known tokens are :year, :month, :day, :slug, :title, :section", `did you mean ":year"?`}},
		{"typo in slug", "/:slgu/", []string{`unknown token ":slgu"`, `did you mean ":slug"?`}},
		{"capital", "/:Year/:slug/", []string{`unknown token ":Year"`, `did you mean ":year"?`}},
		{"plural", "/:sections/:slug/", []string{`unknown token ":sections"`, "use :section"}},
		{"hugo filename", "/:filename/", []string{`unknown token ":filename"`, "use :slug", "file name"}},
		{"jekyll i_month", "/:i_month/:slug/", []string{`unknown token ":i_month"`, "use :month"}},
		{"far from any", "/:categories2/:slug/", []string{`unknown token ":categories2"`}},
		{"underscore glued", "/:year_:month/:slug/", []string{`unknown token ":year_"`}},
		{"bare colon", "/:/:slug/", []string{`":" must start a token`}},
		{"trailing colon", "/:slug/:", []string{`":" must start a token`}},
		{"no slug", "/:year/:month/", []string{"must contain :slug", "two pages of one month would share a URL"}},
		{"no slug by day", "/:year/:month/:day/", []string{"must contain :slug", "two pages of one day would share a URL"}},
		{"no slug by year", "/:section/:year/", []string{"two pages of one year would share a URL"}},
		{"no slug at all", "/:section/", []string{"must contain :slug", "every page of a section would share one URL"}},
		{"home", "/", []string{"home page"}},
		{"no trailing slash", "/:year/:slug", []string{`must end with "/"`, `did you mean "/:year/:slug/"?`}},
		{"html ending", "/:year/:month/:day/:slug.html", []string{`must end with "/"`, "aliases", `did you mean "/:year/:month/:day/:slug/"?`}},
		{"dot dot", "/../:slug/", []string{`".." is not allowed`}},
		{"dot dot inside", "/a..b/:slug/", []string{`".." is not allowed`}},
		{"dot segment", "/./:slug/", []string{`has a "." segment`}},
		{"dot file", "/.hidden/:slug/", []string{`segment ".hidden" starts with "."`}},
		{"trailing dot", "/:slug./", []string{`segment ":slug." ends with "."`}},
		{"empty segment", "/:year//:slug/", []string{`empty segment ("//")`}},
		{"double slash start", "//:slug/", []string{`empty segment ("//")`}},
		{"space", "/my posts/:slug/", []string{`character ' ' is not allowed`, `use "-"`}},
		{"query", "/:slug/?x=1", []string{`character '?' is not allowed`, "query string"}},
		{"fragment", "/:slug/#top", []string{`character '#' is not allowed`, "fragment"}},
		{"percent", "/caf%C3%A9/:slug/", []string{`character '%' is not allowed`, "percent-escapes"}},
		{"non-ASCII", "/café/:slug/", []string{`character 'é' is not allowed`}},
		{"backslash", `/a\b/:slug/`, []string{`character '\\' is not allowed`}},
		{"NUL", "/a\x00/:slug/", []string{`character '\x00' is not allowed`}},
		{"invalid UTF-8", "/\xff/:slug/", []string{"not valid UTF-8"}},
		{"api", "/api/:slug/", []string{"starts with api/", "reserved by the generator"}},
		{"API", "/API/:slug/", []string{"starts with API/", "reserved"}},
		{"feed.xml folder", "/feed.xml/:slug/", []string{"feed.xml is the site's feed"}},
		{"index.html folder", "/index.html/:slug/", []string{"home page"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.pattern)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want an error", tt.pattern, p)
			}
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Pattern != tt.pattern {
				t.Errorf("error %v is not a *PatternError for %q", err, tt.pattern)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "permalink pattern ") {
				t.Errorf("error %q does not say it is about a permalink pattern", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if p.String() != "" || p.Expand("posts", "x", time.Now()) != "" {
				t.Errorf("a failed Parse returned a usable pattern %q", p)
			}
		})
	}
}

func TestUnknownTokenSuggestions(t *testing.T) {
	tests := []struct{ name, want string }{
		{"yaer", "year"},
		{"yr", ""}, // too far
		{"monht", "month"},
		{"mnth", "month"},
		{"dya", "day"},
		{"days", "day"},
		{"sulg", "slug"},
		{"titel", "title"},
		{"sectoin", "section"},
		{"SLUG", "slug"},
		{"x", ""},
		{"hour", ""},
		{strings.Repeat("y", 100), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := unknownToken(tt.name)
			_, suggestion, found := strings.Cut(msg, "did you mean ")
			switch {
			case tt.want == "" && found:
				t.Errorf("unknownToken(%q) suggests %s, want no suggestion", tt.name, suggestion)
			case tt.want != "" && suggestion != `":`+tt.want+`"?)`:
				t.Errorf("unknownToken(%q) = %q, want it to suggest :%s", tt.name, msg, tt.want)
			}
		})
	}
}

func TestExpandDates(t *testing.T) {
	p, err := Parse("/:year/:month/:day/:slug/")
	if err != nil {
		t.Fatal(err)
	}
	pacific := time.FixedZone("PDT", -7*3600)
	tokyo := time.FixedZone("JST", 9*3600)
	tests := []struct {
		name string
		date time.Time
		want string
	}{
		{"first day of the year", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "/2024/01/01/x/"},
		{"last second of the year", time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC), "/2023/12/31/x/"},
		{"end of February, leap year", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), "/2024/02/29/x/"},
		{"end of February, not a leap year", time.Date(2023, 2, 28, 12, 0, 0, 0, time.UTC), "/2023/02/28/x/"},
		{"day 32 normalizes", time.Date(2023, 1, 32, 0, 0, 0, 0, time.UTC), "/2023/02/01/x/"},
		{"two-digit month", time.Date(2021, 10, 9, 0, 0, 0, 0, time.UTC), "/2021/10/09/x/"},
		// Late on May 31 in California is June 1 in UTC: the page keeps
		// the day its author wrote.
		{"non-UTC zone stays in its zone", time.Date(2021, 5, 31, 23, 30, 0, 0, pacific), "/2021/05/31/x/"},
		{"ahead of UTC", time.Date(2022, 1, 1, 0, 30, 0, 0, tokyo), "/2022/01/01/x/"},
		{"year 1", time.Time{}, "/0001/01/01/x/"},
		{"year 999", time.Date(999, 3, 4, 0, 0, 0, 0, time.UTC), "/0999/03/04/x/"},
		{"year 10000", time.Date(10000, 3, 4, 0, 0, 0, 0, time.UTC), "/10000/03/04/x/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Expand("posts", "x", tt.date); got != tt.want {
				t.Errorf("Expand(%v) = %q, want %q", tt.date, got, tt.want)
			}
		})
	}
	// The same instant, seen from UTC, is a day later: the zone decides.
	instant := time.Date(2021, 5, 31, 23, 30, 0, 0, pacific)
	if got, want := p.Expand("posts", "x", instant.UTC()), "/2021/06/01/x/"; got != want {
		t.Errorf("Expand(UTC) = %q, want %q", got, want)
	}
}

func TestAppendPadded(t *testing.T) {
	tests := []struct {
		n, width int
		want     string
	}{
		{0, 4, "0000"}, {7, 4, "0007"}, {42, 4, "0042"}, {999, 4, "0999"}, {2021, 4, "2021"}, {12345, 4, "12345"},
		{0, 2, "00"}, {5, 2, "05"}, {12, 2, "12"}, {-5, 4, "-5"},
	}
	for _, tt := range tests {
		if got := string(appendPadded(nil, tt.n, tt.width)); got != tt.want {
			t.Errorf("appendPadded(%d, %d) = %q, want %q", tt.n, tt.width, got, tt.want)
		}
	}
}

func TestUsesDate(t *testing.T) {
	for pattern, want := range map[string]bool{
		"/:slug/":          false,
		"/:section/:slug/": false,
		"/:year/:slug/":    true,
		"/:month-:slug/":   true,
		"/x/:day/:slug/":   true,
		"/:title/":         false,
	} {
		p, err := Parse(pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", pattern, err)
		}
		if p.UsesDate() != want {
			t.Errorf("Parse(%q).UsesDate() = %v, want %v", pattern, !want, want)
		}
	}
	if (Pattern{}).UsesDate() {
		t.Error("the zero Pattern uses a date")
	}
}

func TestZeroPattern(t *testing.T) {
	var p Pattern
	if p.String() != "" || p.Expand("posts", "x", time.Now()) != "" {
		t.Errorf("zero Pattern: String %q, Expand %q; want both empty", p.String(), p.Expand("posts", "x", time.Now()))
	}
}

func TestPatternText(t *testing.T) {
	var p Pattern
	if err := p.UnmarshalText([]byte("/:year/:slug/")); err != nil {
		t.Fatal(err)
	}
	if got := p.Expand("posts", "a", time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)); got != "/2020/a/" {
		t.Errorf("Expand = %q", got)
	}
	text, err := p.MarshalText()
	if err != nil || string(text) != "/:year/:slug/" {
		t.Errorf("MarshalText = %q, %v", text, err)
	}
	err = p.UnmarshalText([]byte("/:yaer/:slug/"))
	var pe *PatternError
	if !errors.As(err, &pe) {
		t.Fatalf("UnmarshalText of a bad pattern: %v, want a *PatternError", err)
	}
	if p.String() != "/:year/:slug/" {
		t.Errorf("a failed UnmarshalText changed the pattern to %q", p)
	}
}

// FuzzParse checks that every pattern Parse accepts gives page URLs that
// start and end with "/", stay inside the site, and are themselves paths
// AliasFile accepts, for the folder the page is written to.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"/:year/:month/:slug/", "/:slug/", "/:section/:title/", "/:yaer/:slug/", "/../:slug/", "/a.b/:slug/", "/:slug./", "/api/:slug/", "//:slug/", "/:year:month:day:slug/"} {
		f.Add(s)
	}
	date := time.Date(2021, 5, 31, 23, 30, 0, 0, time.FixedZone("PDT", -7*3600))
	f.Fuzz(func(t *testing.T, pattern string) {
		p, err := Parse(pattern)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): %v is not a *PatternError", pattern, err)
			}
			return
		}
		if p.String() != pattern {
			t.Fatalf("Parse(%q).String() = %q", pattern, p.String())
		}
		u := p.Expand("posts", "my-slug", date)
		if !strings.HasPrefix(u, "/") || !strings.HasSuffix(u, "/") || strings.Contains(u, "..") || path.Clean(u)+"/" != u {
			t.Fatalf("Parse(%q).Expand = %q is not a clean folder URL", pattern, u)
		}
		for _, seg := range strings.Split(u, "/") {
			if len(seg) > maxSegment {
				return // a slug made it too long for a folder name: the page's error, not the pattern's
			}
		}
		file, err := AliasFile(u)
		if err != nil || file != u[1:]+"index.html" {
			t.Fatalf("Parse(%q).Expand = %q, but AliasFile gives %q, %v", pattern, u, file, err)
		}
	})
}

func TestFile(t *testing.T) {
	for url, want := range map[string]string{"/": "index.html", "/posts/x/": "posts/x/index.html", "/404.html": "404.html", "/submit/": "submit/index.html"} {
		if got := File(url); got != want {
			t.Errorf("File(%q) = %q, want %q", url, got, want)
		}
	}
}
