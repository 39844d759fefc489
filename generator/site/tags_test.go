package site

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/content"
)

func TestTagsFoldSpellings(t *testing.T) {
	mk := func(title string, day int, tags ...string) *Page {
		return &Page{Meta: content.Meta{Title: title, Date: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC), Tags: tags}}
	}
	pages := []*Page{mk("c", 3, "Coaching", "Führung"), mk("b", 2, "coaching"), mk("a", 1, "Coaching", "führung", "Solo")}
	tags := collectTags(pages)
	var got []string
	for _, tag := range tags {
		got = append(got, fmt.Sprintf("%s=%s:%d", tag.Slug, tag.Name, len(tag.Pages)))
	}
	want := "coaching=Coaching:3 führung=Führung:2 solo=Solo:1"
	if strings.Join(got, " ") != want {
		t.Errorf("tags = %q, want %q", strings.Join(got, " "), want)
	}
	if tags[0].Pages[0].Title != "c" || tags[0].Pages[2].Title != "a" {
		t.Error("a tag's pages are not newest first")
	}
}

// TestAssemblePacksTags checks that assemble moves the pages' tags into
// one array without changing them, and that a page's list cannot grow
// into its neighbour's.
func TestAssemblePacksTags(t *testing.T) {
	own := []string{"Coaching", "Hiring"}
	pages := []*Page{
		{Meta: content.Meta{Title: "new", Section: config.SectionPosts, URL: "/posts/new/", SourcePath: "content/posts/new.md", Date: time.Unix(2000, 0), Tags: own}},
		{Meta: content.Meta{Title: "none", Section: config.SectionPosts, URL: "/posts/none/", SourcePath: "content/posts/none.md", Date: time.Unix(1500, 0)}},
		{Meta: content.Meta{Title: "old", Section: config.SectionPosts, URL: "/posts/old/", SourcePath: "content/posts/old.md", Date: time.Unix(1000, 0), Tags: []string{"Hiring"}}},
	}
	if _, errs := assemble(config.Config{PerPage: 10}, pages, nil); len(errs) > 0 {
		t.Fatal(errs)
	}
	newer, none, older := pages[0], pages[1], pages[2]
	if strings.Join(newer.Tags, "|") != "Coaching|Hiring" || strings.Join(older.Tags, "|") != "Hiring" || none.Tags != nil {
		t.Fatalf("tags changed: %q %q %q", newer.Tags, none.Tags, older.Tags)
	}
	if &newer.Tags[0] == &own[0] {
		t.Error("the page still holds its own list")
	}
	if unsafe.Add(unsafe.Pointer(unsafe.SliceData(newer.Tags)), 2*unsafe.Sizeof("")) != unsafe.Pointer(unsafe.SliceData(older.Tags)) {
		t.Error("the pages' tags are not in one array")
	}
	grown := append(newer.Tags, "Extra")
	if older.Tags[0] != "Hiring" || &grown[0] == &newer.Tags[0] {
		t.Error("appending to one page's tags changed its neighbour's")
	}
	if own[0] != "Coaching" || own[1] != "Hiring" {
		t.Errorf("the list the page came with changed: %q", own)
	}
}
