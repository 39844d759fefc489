package slug

import (
	"strings"
	"testing"
)

func TestIsSlug(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"post-000002", true},
		{"2024-01-02-my-post", true},
		{"a", true},
		{"", false},
		{"-a", false},
		{"a-", false},
		{"a--b", false},
		{"My-post", false},
		{"über", false}, // Make keeps it, but the shortcut is ASCII only
		{"a_b", false},
		{"a.b", false},
		{strings.Repeat("a", MaxBytes), true},
		{strings.Repeat("a", MaxBytes+1), false}, // Make would cut it
	}
	for _, tt := range tests {
		if got := isSlug(tt.in); got != tt.want {
			t.Errorf("isSlug(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzMake checks that the shortcut for slugs agrees with building one,
// and that a slug is its own slug.
func FuzzMake(f *testing.F) {
	for _, s := range []string{"post-000002", "Coaching Your Closers", "a--b", "-x-", "Don't", "營業", "../etc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isSlug(s) && build(s) != s {
			t.Fatalf("isSlug(%q) but build gives %q", s, build(s))
		}
		if m := Make(s); Make(m) != m || build(m) != m {
			t.Fatalf("Make(%q) = %q is not its own slug", s, m)
		}
	})
}
