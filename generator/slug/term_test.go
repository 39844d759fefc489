package slug

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestTerm(t *testing.T) {
	tests := []struct {
		name string // defaults to in
		in   string
		want string
	}{
		// Names that differ only in signs get distinct segments.
		{in: "C", want: "c"},
		{in: "C#", want: "c-sharp"},
		{in: "F#", want: "f-sharp"},
		{in: "C# tips", want: "c-sharp-tips"},
		{in: "C++", want: "c-plus-plus"},
		{in: "g++", want: "g-plus-plus"},
		{in: "C++11", want: "c-plus-plus-11"},
		{in: "C+++", want: "c-plus-plus"},
		{in: "Google+", want: "google-plus"},
		{in: "a+b", want: "a-b"}, // not a trailing "+"
		{in: ".NET", want: "dotnet"},
		{in: ".net core", want: "dotnet-core"},
		{in: "(.NET)", want: "dotnet"},
		{in: "C#.NET", want: "c-sharp-dotnet"},
		{in: "ASP.NET", want: "asp-net"},
		{in: "node.js", want: "node-js"},
		{in: "nodejs", want: "nodejs"},
		{in: ".5", want: "5"},
		{in: "#golang", want: "golang"}, // a hashtag, not C#
		// Everything else is as Make gives it.
		{in: "Coaching", want: "coaching"},
		{in: "Top Performers", want: "top-performers"},
		{in: "café", want: "café"},
		{in: "Don't", want: "dont"},
		{in: "c-sharp", want: "c-sharp"},
		{in: "營業", want: "營業"},
		// NFD gets the NFC segment, also when Make's dropping of an
		// apostrophe brings a letter and a mark together.
		{name: "café NFD", in: "cafe\u0301", want: "café"},
		{name: "apostrophe before mark", in: "e'\u0301", want: "é"},
		{name: "dotted capital I with mark", in: "İ\u0301", want: "í"},
		// Hostile input.
		{in: "", want: ""},
		{in: "   ", want: ""},
		{in: "/", want: ""},
		{in: "../x", want: "x"},
		{in: "..net", want: "net"},
		{in: "%2e%2e", want: "2e-2e"},
		{in: "C#/../../etc", want: "c-sharp-etc"},
		{in: "#", want: ""},
		{in: "++", want: ""},
		{in: "+", want: ""},
		{in: ".", want: ""},
		{in: "🎉🚀", want: ""},
		{name: "emoji with variation selector", in: "❤️", want: ""},
		{name: "invalid UTF-8", in: "\xff\xfe", want: ""},
		{name: "long", in: strings.Repeat("C# ", 50), want: strings.Repeat("c-sharp-", 12) + "c-sh"},
		{name: "long NFD", in: strings.Repeat("e\u0301", 80), want: strings.Repeat("é", 50)},
	}
	for _, tt := range tests {
		name := tt.name
		if name == "" {
			name = tt.in
		}
		t.Run(name, func(t *testing.T) {
			got := Term(tt.in)
			if got != tt.want {
				t.Errorf("Term(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkTerm(t, tt.in, got)
		})
	}
}

// checkTerm checks the guarantees Term shares with Make.
func checkTerm(t *testing.T, in, got string) {
	t.Helper()
	switch {
	case !utf8.ValidString(got):
		t.Errorf("Term(%q) = %q is not UTF-8", in, got)
	case strings.ContainsAny(got, "/.%"):
		t.Errorf("Term(%q) = %q contains / . or %%", in, got)
	case len(got) > MaxBytes:
		t.Errorf("Term(%q) is %d bytes, more than %d", in, len(got), MaxBytes)
	case strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--"):
		t.Errorf("Term(%q) = %q has a stray hyphen", in, got)
	case got != "" && strings.IndexFunc(got, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0:
		t.Errorf("Term(%q) = %q has no letter or digit", in, got)
	case !norm.NFC.IsNormalString(got):
		t.Errorf("Term(%q) = %q is not NFC", in, got)
	case Term(got) != got:
		t.Errorf("Term(Term(%q)) = %q, want %q", in, Term(got), got)
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name string // defaults to in
		in   string
		want string
	}{
		{in: "Go", want: "go"},
		{in: "go", want: "go"},
		{in: " GO ", want: "go"},
		{in: "café", want: "café"},
		{name: "café NFD", in: "cafe\u0301", want: "café"},
		{name: "CAFÉ NFD", in: "CAFE\u0301", want: "café"},
		{in: "Sales Coaching", want: "sales coaching"},
		{in: "sales-coaching", want: "sales coaching"},
		{in: "sales_coaching", want: "sales coaching"},
		{name: "mixed separators", in: "\t-Sales -_\u00a0 Coaching_ ", want: "sales coaching"},
		{in: "C", want: "c"},
		{in: "C#", want: "c#"},
		{in: "C++", want: "c++"},
		{in: "node.js", want: "node.js"},
		{in: "nodejs", want: "nodejs"},
		{in: "Straße", want: "straße"}, // lower-cased, not case-folded
		{name: "dotted capital I with mark", in: "İ\u0301", want: "í"},
		{in: "", want: ""},
		{in: " -_ ", want: ""},
	}
	for _, tt := range tests {
		name := tt.name
		if name == "" {
			name = tt.in
		}
		t.Run(name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTermFollowsFold checks that spellings of one term share a segment
// and that the terms this package exists to keep apart do not.
func TestTermFollowsFold(t *testing.T) {
	same := [][2]string{
		{"Go", "go"},
		{"Go", " GO "},
		{"café", "cafe\u0301"},
		{"CAFÉ", "cafe\u0301"},
		{"Sales Coaching", "sales-coaching"},
		{"Sales Coaching", "sales_coaching"},
		{"Sales Coaching", "  sales -- coaching "},
		{"C#", "c#"},
		{"C++", "c++"},
		{".NET", ".net"},
		{".NET Core", ".net-core"},
		{"Google+", "GOOGLE+"},
	}
	for _, p := range same {
		t.Run(p[0]+"="+p[1], func(t *testing.T) {
			if Fold(p[0]) != Fold(p[1]) {
				t.Fatalf("Fold(%q) = %q, Fold(%q) = %q, want equal", p[0], Fold(p[0]), p[1], Fold(p[1]))
			}
			if Term(p[0]) != Term(p[1]) {
				t.Errorf("Term(%q) = %q, Term(%q) = %q, want equal", p[0], Term(p[0]), p[1], Term(p[1]))
			}
		})
	}
	apart := [][2]string{
		{"C", "C#"},
		{"C", "C++"},
		{"C#", "C++"},
		{"F", "F#"},
		{"Google", "Google+"},
		{"NET", ".NET"},
		{"node.js", "nodejs"},
	}
	for _, p := range apart {
		t.Run(p[0]+"≠"+p[1], func(t *testing.T) {
			if Fold(p[0]) == Fold(p[1]) {
				t.Errorf("Fold(%q) = Fold(%q) = %q, want different", p[0], p[1], Fold(p[0]))
			}
			if Term(p[0]) == Term(p[1]) {
				t.Errorf("Term(%q) = Term(%q) = %q, want different", p[0], p[1], Term(p[0]))
			}
		})
	}
}

// TestTermCollisions pins down that different terms can share a segment,
// which is why a site must check for it.
func TestTermCollisions(t *testing.T) {
	for _, p := range [][2]string{
		{"node.js", "node js"},
		{"C#", "C sharp"},
		{"Don't", "dont"},
	} {
		if Fold(p[0]) == Fold(p[1]) || Term(p[0]) != Term(p[1]) {
			t.Errorf("%q and %q: Folds %q, %q; Terms %q, %q; want different Folds, one Term",
				p[0], p[1], Fold(p[0]), Fold(p[1]), Term(p[0]), Term(p[1]))
		}
	}
}

// TestTermMatchesMake checks that ordinary tags keep the segment Make
// gave them.
func TestTermMatchesMake(t *testing.T) {
	for _, s := range []string{
		"Coaching", "Top Performers", "café", "Don't", "ASP.NET", "node.js",
		"2024 Review", "Q&A", "R&D", "über-cool", "營業", "Sales_Coaching",
		"a+b", "1.5", "post-000002",
	} {
		if got, want := Term(s), Make(s); got != want {
			t.Errorf("Term(%q) = %q, Make gives %q", s, got, want)
		}
	}
}

// FuzzTerm checks Term's guarantees, and that spellings with equal Fold
// get equal Terms.
func FuzzTerm(f *testing.F) {
	for _, s := range []string{
		"C", "C#", "C++", "g++", "Google+", ".NET", ".net core", "ASP.NET",
		"C# tips", "Sales Coaching", "sales_coaching", "cafe\u0301", "e'\u0301",
		"İ\u0301", "../x", "%2e%2e", "#", "++", ".", "❤️", "Don't",
		strings.Repeat("C# ", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Term(s)
		checkTerm(t, s, got)
		fold := Fold(s)
		if !utf8.ValidString(fold) || Fold(fold) != fold {
			t.Errorf("Fold(%q) = %q is not UTF-8 or not its own Fold", s, fold)
		}
		for _, v := range []string{
			strings.ToUpper(s),
			strings.ToLower(s),
			norm.NFD.String(s),
			strings.ReplaceAll(s, " ", "_"),
			strings.ReplaceAll(s, "-", " - "),
		} {
			if Fold(v) == fold && Term(v) != got {
				t.Errorf("Fold(%q) == Fold(%q) = %q, but Terms %q, %q", s, v, fold, got, Term(v))
			}
		}
	})
}
