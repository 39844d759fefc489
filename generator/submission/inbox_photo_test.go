package submission_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/adrg/frontmatter"

	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

func withPhoto(t *testing.T, s submission.Submission) submission.Submission {
	t.Helper()
	up, err := images.Reencode("photo", jpegOf(t, 40, 30), submission.MaxPhotoPixels)
	if err != nil {
		t.Fatal(err)
	}
	s.Photo = up
	return s
}

func openInbox(t *testing.T) *submission.Inbox {
	t.Helper()
	in := &submission.Inbox{Dir: t.TempDir()}
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestInboxKeepsPhotoBesideStory: the photo is ID.photo.jpg; List and
// Open are not confused by it; Get names it.
func TestInboxKeepsPhotoBesideStory(t *testing.T) {
	in := openInbox(t)
	now := time.Now()
	id, err := in.Save(withPhoto(t, sample()), now)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := in.Save(sample(), now)
	if err := in.Open(); err != nil { // the sweep leaves a waiting story's photo be
		t.Fatal(err)
	}
	list, err := in.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("list = %v, %v", list, err)
	}
	for _, s := range list {
		want := ""
		if s.ID == id {
			want = id + ".photo.jpg"
		}
		if s.PhotoFile != want {
			t.Errorf("%s: photo %q, want %q", s.ID, s.PhotoFile, want)
		}
	}
	if !in.Holds(id) || !in.Holds(plain) {
		t.Error("Holds lost a story")
	}
}

func TestRejectRemovesPhoto(t *testing.T) {
	in := openInbox(t)
	id, err := in.Save(withPhoto(t, sample()), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Reject(id); err != nil {
		t.Fatal(err)
	}
	if left := photosIn(t, in.Dir); len(left) != 0 {
		t.Errorf("left after reject: %v", left)
	}
}

// TestOpenSweepsOrphanPhotos: a photo whose story never came (a crash
// between the two writes) is removed once it is old; a fresh one may
// still be followed by its story and stays.
func TestOpenSweepsOrphanPhotos(t *testing.T) {
	in := openInbox(t)
	old := filepath.Join(in.Dir, "20261127T093000Z-0000abcd.photo.jpg")
	fresh := filepath.Join(in.Dir, "20261127T093000Z-0000abce.photo.png")
	os.WriteFile(old, []byte("x"), 0o600)
	os.WriteFile(fresh, []byte("x"), 0o600)
	past := time.Now().Add(-2 * time.Hour)
	os.Chtimes(old, past, past)
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	if left := photosIn(t, in.Dir); !slices.Equal(left, []string{filepath.Base(fresh)}) {
		t.Errorf("left %v", left)
	}
}

// TestApprovePublishesBundle: a story with a photo becomes
// content/stories/SLUG/index.md with photo.jpg beside it, named in its
// front matter; the inbox keeps no copy. A slug taken by a bundle or a
// file is not reused, by stories with or without photos.
func TestApprovePublishesBundle(t *testing.T) {
	in := openInbox(t)
	stories := filepath.Join(t.TempDir(), "content", "stories")
	os.MkdirAll(filepath.Join(stories, "from-burnout-to-my-best-quarter"), 0o755) // a bundle, its index.md aside
	os.WriteFile(filepath.Join(stories, "from-burnout-to-my-best-quarter-2.md"), []byte("---\ntitle: x\n---\n"), 0o644)
	s := withPhoto(t, sample())
	id, err := in.Save(s, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	path, err := in.Approve(id, stories, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(stories, "from-burnout-to-my-best-quarter-3")
	if path != filepath.Join(dir, "index.md") {
		t.Fatalf("published as %s", path)
	}
	photo, err := os.ReadFile(filepath.Join(dir, "photo.jpg"))
	if err != nil || !bytes.Equal(photo, s.Photo.Data) {
		t.Errorf("photo beside the story: %d bytes, %v", len(photo), err)
	}
	data, _ := os.ReadFile(path)
	var fm map[string]any
	if _, err := frontmatter.MustParse(bytes.NewReader(data), &fm); err != nil {
		t.Fatal(err)
	}
	if fm["image"] != "photo.jpg" || fm["image_alt"] != "Photo of Priya N." || fm["submission"] != id || fm["private"] != nil {
		t.Errorf("front matter %v", fm)
	}
	if strings.Contains(string(data), "priya@example.org") {
		t.Error("the published story holds the email")
	}
	if left := photosIn(t, in.Dir); len(left) != 0 {
		t.Errorf("the inbox still holds %v", left)
	}
	for _, f := range filesIn(t, stories) {
		if strings.Contains(f, ".bundle-") {
			t.Errorf("a staging folder is left: %s", f)
		}
	}
	// A story without a photo does not take a bundle's slug either.
	plain, _ := in.Save(sample(), time.Now())
	path, err = in.Approve(plain, stories, nil)
	if err != nil || filepath.Base(path) != "from-burnout-to-my-best-quarter-4.md" {
		t.Errorf("plain story published as %s, %v", path, err)
	}
}

// The photo's alt text is in the site's language: the inbox's PhotoAlt,
// with {name} for the storyteller; English without one.
func TestPublishedPhotoAltText(t *testing.T) {
	s := &submission.Stored{ID: "20261127T093000Z-3f9a1c2b", PhotoFile: "20261127T093000Z-3f9a1c2b.photo.jpg",
		Submission: submission.Submission{Title: "T", Name: "Jana K.", Story: "S"}}
	for alt, want := range map[string]string{"": "image_alt: Photo of Jana K.", "Foto von {name}": "image_alt: Foto von Jana K.", "no name": "image_alt: Photo of Jana K."} {
		data, err := (&submission.Inbox{PhotoAlt: alt}).PublishedFile(s)
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("PhotoAlt %q: %v\n%s", alt, err, data)
		}
	}
}
