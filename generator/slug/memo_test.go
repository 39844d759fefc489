package slug

import "testing"

// TestCachedTerm: the memo gives what Term gives, the first time and after.
func TestCachedTerm(t *testing.T) {
	for _, s := range []string{"Sales Coaching", "C#", "C++", ".NET", "...", "Go"} {
		for range 2 {
			if got, want := CachedTerm(s), Term(s); got != want {
				t.Errorf("CachedTerm(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
