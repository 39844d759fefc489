package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestNewContentParsesBack(t *testing.T) {
	site := t.TempDir()
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		section, title string
		tags           []string
		file           string
	}{
		{SectionPosts, "Coaching Your Closers", []string{"coaching", " top performers "}, "content/posts/coaching-your-closers.md"},
		{SectionStories, `A "quoted": title, with # and 'marks'`, nil, "content/stories/a-quoted-title-with-and-marks.md"},
	} {
		path, err := NewContent(NewContentOptions{Source: site, Theme: defaultTheme(), Section: tt.section, Title: tt.title, Tags: tt.tags, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if path != filepath.Join(site, tt.file) {
			t.Errorf("path = %s, want %s", path, tt.file)
		}
		data, _ := os.ReadFile(path)
		p, errs := loadPage(fstest.MapFS{tt.file: {Data: data}}, tt.file, nil)
		if len(errs) > 0 {
			t.Fatalf("the new file does not parse: %v\n%s", errs, data)
		}
		if p.Title != tt.title || !p.Draft || !p.Date.Equal(now) || p.Section != tt.section {
			t.Errorf("parsed back: %+v", p)
		}
		if len(tt.tags) > 0 && strings.Join(p.Tags, ",") != "coaching,top performers" {
			t.Errorf("tags = %v", p.Tags)
		}
	}
}

func TestNewContentNeverOverwrites(t *testing.T) {
	site := t.TempDir()
	opts := NewContentOptions{Source: site, Theme: defaultTheme(), Section: SectionPosts, Title: "Same Title", Now: time.Now()}
	path, err := NewContent(opts)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("the author's words"), 0o644)
	if _, err := NewContent(opts); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second time: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "the author's words" {
		t.Error("the existing file was changed")
	}
}

func TestNewContentUsesTheSitesArchetype(t *testing.T) {
	site := t.TempDir()
	writeFile(t, filepath.Join(site, "archetypes/post.md"), "---\ntitle: {{ quote .Title }}\ndate: {{ .Date }}\ndraft: true\nauthor: House Style\n---\nHouse template.\n")
	path, err := NewContent(NewContentOptions{Source: site, Theme: defaultTheme(), Section: SectionPosts, Title: "Mine", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "author: House Style") || !strings.Contains(string(data), "House template.") {
		t.Errorf("the site's archetype was not used:\n%s", data)
	}
	if _, err := NewContent(NewContentOptions{Source: site, Theme: defaultTheme(), Section: "pages", Title: "X", Now: time.Now()}); err == nil {
		t.Error("an unknown section was accepted")
	}
	if _, err := NewContent(NewContentOptions{Source: site, Theme: defaultTheme(), Section: SectionPosts, Title: "!!!", Now: time.Now()}); err == nil {
		t.Error("a title without letters was accepted")
	}
}
