package wxr

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// The reader never panics, and every error it gives is a *ParseError.
func FuzzRead(f *testing.F) {
	seed, err := os.ReadFile("../testdata/wordpress/export.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/3])
	f.Add([]byte(`<rss><channel><wp:wxr_version>9</wp:wxr_version></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><title>&nbsp;</title></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := Read(bytes.NewReader(data))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			return
		}
		if ex.Version == "" || newer(ex.Version) {
			t.Fatalf("accepted version %q", ex.Version)
		}
	})
}

func TestReadLines(t *testing.T) {
	f, err := os.Open("../testdata/wordpress/export.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Version != "1.2" || ex.Authors["dana"] != "Dana Whitfield" || ex.Title != "Coaching the Closers" {
		t.Errorf("channel read as %q %q %q", ex.Version, ex.Authors, ex.Title)
	}
	if len(ex.Items) != 12 || ex.Items[0].Line != 24 || ex.Items[1].Excerpt == "" || ex.Items[1].Content == "" {
		t.Errorf("%d items, first on line %d", len(ex.Items), ex.Items[0].Line)
	}
}
