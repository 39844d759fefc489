package images

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An unchanged image is never encoded twice: a second build, with a new
// Processor as a new run of rainmaker has, finds every file in the cache.
func TestCacheEncodesOnce(t *testing.T) {
	dir := t.TempDir()
	src := jpegBytes(t, halves(150, 100))

	first := newTestProcessor(t, testSettings(), dir)
	r1, err := first.Process("photo.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	if st := first.Stats(); st.Encoded != int64(len(r1.Variants)) || st.Processed != 1 || r1.Cached {
		t.Fatalf("first run: %+v, want every variant encoded", st)
	}

	second := newTestProcessor(t, testSettings(), dir)
	r2, err := second.Process("photo.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	if st := second.Stats(); st.Encoded != 0 || st.Cached != 1 || !r2.Cached {
		t.Fatalf("second run: %+v, want no encoding", st)
	}
	for i, v := range r2.Variants {
		if v != r1.Variants[i] {
			t.Errorf("variant %d differs between runs: %+v, %+v", i, v, r1.Variants[i])
		}
	}

	changed := testSettings()
	changed.JPEGQuality = 60
	third := newTestProcessor(t, changed, dir)
	r3, err := third.Process("photo.jpg", src)
	if err != nil {
		t.Fatal(err)
	}
	if st := third.Stats(); st.Encoded == 0 || r3.Key == r1.Key {
		t.Fatalf("a changed quality must re-encode: %+v", st)
	}
	assertNoTempFiles(t, dir)
}

// A cache folder left incomplete or damaged is made again, not served.
func TestCacheDamageIsAMiss(t *testing.T) {
	src := jpegBytes(t, halves(100, 50))
	for _, tc := range []struct {
		name   string
		damage func(r *Result)
	}{
		{"file cut short", func(r *Result) { os.WriteFile(r.Variants[0].Path, []byte("x"), 0o644) }},
		{"file missing", func(r *Result) { os.Remove(r.Variants[1].Path) }},
		{"not sealed", func(r *Result) { os.Remove(filepath.Join(filepath.Dir(r.Variants[0].Path), doneName)) }},
		{"seal garbled", func(r *Result) {
			os.WriteFile(filepath.Join(filepath.Dir(r.Variants[0].Path), doneName), []byte("{"), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			r, err := newTestProcessor(t, testSettings(), dir).Process("p.jpg", src)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := os.ReadFile(r.Variants[0].Path)
			tc.damage(r)
			p := newTestProcessor(t, testSettings(), dir)
			if _, err := p.Process("p.jpg", src); err != nil {
				t.Fatal(err)
			}
			if p.Stats().Encoded == 0 {
				t.Fatal("a damaged cache was served")
			}
			if got, _ := os.ReadFile(r.Variants[0].Path); !bytes.Equal(got, want) {
				t.Error("the re-encoded file differs from the first: encoding must be deterministic")
			}
		})
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
