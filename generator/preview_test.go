package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// TestStoryPreviewIsThePublishedPage: the preview of a waiting story is
// the page a build makes of it once approved, but for the links to the
// site's own files, which point where the preview is served.
func TestStoryPreviewIsThePublishedPage(t *testing.T) {
	recv, err := LoadReceiver(Options{Source: "testdata/site", Theme: defaultTheme(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	s := &submission.Stored{ID: "20261127T093000Z-3f9a1c2b", Received: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Submission: submission.Submission{Name: "Ana <b>B</b>", Title: "A previewed story", Result: "Closed more",
			Story: "It **worked**. <script>alert(1)</script> [x](javascript:alert(1))", Email: "ana@example.org"}}
	file, err := (&submission.Inbox{}).PublishedFile(s)
	if err != nil {
		t.Fatal(err)
	}
	slug := submission.PublishedSlug(s)
	page, err := recv.RenderStoryPreview(slug, file, "/admin/site/")
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{"<h1", "A previewed story", "<strong>worked</strong>", `href="/admin/site/css/main.css"`, "Closed more", "&lt;script&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "javascript:", "ana@example.org", "<b>B</b>"} {
		if strings.Contains(html, bad) {
			t.Errorf("the preview has %q", bad)
		}
	}
}
