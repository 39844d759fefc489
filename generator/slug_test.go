package generator

import (
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Coaching Your Closers", "coaching-your-closers"},
		{"  Top   Performers ", "top-performers"},
		{"Don't Just Fix Weaknesses", "dont-just-fix-weaknesses"},
		{"President’s Club", "presidents-club"},
		{"Q3: 30% more!", "q3-30-more"},
		{"Führung", "führung"},
		{"営業", "営業"},
		{"2024-01-02-my-post", "2024-01-02-my-post"},
		{"../../etc/passwd", "etc-passwd"},
		{"%2e%2e%2f", "2e-2e-2f"},
		{"a/b\\c", "a-b-c"},
		{"...", ""},
		{"", ""},
		{"C++ & Go", "c-go"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugifyBoundsLength(t *testing.T) {
	got := Slugify(strings.Repeat("ü", 300))
	if len(got) > slug.MaxBytes || len(got) == 0 {
		t.Errorf("len = %d, want 1..%d", len(got), slug.MaxBytes)
	}
}
