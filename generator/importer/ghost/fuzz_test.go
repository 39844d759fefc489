package ghost

import (
	"errors"
	"os"
	"testing"
)

// The reader never panics, every error it gives is a *ParseError, and
// an internal tag never reaches a post as a public one.
func FuzzRead(f *testing.F) {
	seed, err := os.ReadFile("../testdata/ghost/export.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte(`{"db":[{"meta":{"version":"1.0"},"data":{"posts":[{"id":1,"page":true}]}}]}`))
	f.Add([]byte(`{"meta":{"version":"v5"},"data":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := Read(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			return
		}
		for _, p := range ex.Posts {
			for _, tag := range p.Tags {
				if len(tag.Name) > 0 && tag.Name[0] == '#' && !tag.Internal {
					t.Fatalf("tag %q not marked internal", tag.Name)
				}
			}
		}
	})
}

func TestReadJoins(t *testing.T) {
	data, err := os.ReadFile("../testdata/ghost/export.json")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	p := ex.Posts[0]
	if len(p.Tags) != 3 || p.Tags[0].Name != "Forecasting" || !p.Tags[2].Internal || len(p.Authors) != 2 || p.Authors[1] != "Sam Ortiz" {
		t.Errorf("tags %v authors %v", p.Tags, p.Authors)
	}
	if ex.Title != "Coaching the Closers" || ex.Posts[3].Type != "page" {
		t.Errorf("title %q, type %q", ex.Title, ex.Posts[3].Type)
	}
}
