package submission_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/frontmatter"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

func sample() submission.Submission {
	return submission.Submission{
		Name: "Priya N.", Email: "priya@example.org", Role: "AE", Company: "Acme",
		Title: "From Burnout to My Best Quarter", Story: "Line one.\n\n---\n\nA line of dashes in the story is fine.",
		Result: "Closed 30% more", Tags: []string{"Coaching"}, Consent: true,
	}
}

func TestInboxSaveGetList(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	id, err := in.Save(sample(), now)
	if err != nil {
		t.Fatal(err)
	}
	if !submission.ValidID(id) || !strings.HasPrefix(id, "20261127T093000Z-") {
		t.Errorf("id = %q", id)
	}
	got, err := in.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	want := sample()
	if got.Submission.Title != want.Title || got.Email != want.Email || got.Story != want.Story ||
		got.Result != want.Result || !got.Consent || !got.Received.Equal(now) || strings.Join(got.Tags, ",") != "Coaching" {
		t.Errorf("got %+v", got)
	}
	list, err := in.List()
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("list = %v, %v", list, err)
	}
	// The file is Markdown whose front matter a standard parser reads.
	data, _ := os.ReadFile(filepath.Join(in.Dir, id+".md"))
	var fm map[string]any
	body, err := frontmatter.MustParse(strings.NewReader(string(data)), &fm)
	if err != nil {
		t.Fatal(err)
	}
	if fm["draft"] != true || fm["submission"] != id || !strings.Contains(string(body), "A line of dashes") {
		t.Errorf("front matter %v, body %q", fm, body)
	}
}

func TestInboxRefusesPathsAsIDs(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	for _, id := range []string{"../site.toml", "/etc/passwd", "20261127T093000Z-3f9a1c2b/../../x", "", "x.md"} {
		if _, err := in.Get(id); err == nil || !strings.Contains(err.Error(), "not a submission id") {
			t.Errorf("Get(%q) = %v", id, err)
		}
		if err := in.Reject(id); err == nil {
			t.Errorf("Reject(%q) succeeded", id)
		}
	}
}

func TestApproveMakesAUniqueStoryWithoutPrivateData(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	in.Open()
	stories := filepath.Join(t.TempDir(), "content", "stories")
	os.MkdirAll(stories, 0o755)
	os.WriteFile(filepath.Join(stories, "from-burnout-to-my-best-quarter.md"), []byte("existing"), 0o644)
	taken := map[string]bool{"from-burnout-to-my-best-quarter-2": true}
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	id, _ := in.Save(sample(), now)
	path, err := in.Approve(id, stories, func(s string) bool { return taken[s] })
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "from-burnout-to-my-best-quarter-3.md" {
		t.Errorf("path = %s, want the first free slug", path)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "priya@example.org") || strings.Contains(string(data), "private") {
		t.Errorf("the published story carries private data:\n%s", data)
	}
	var fm map[string]any
	if _, err := frontmatter.MustParse(strings.NewReader(string(data)), &fm); err != nil {
		t.Fatal(err)
	}
	if fm["draft"] != false || fm["submission"] != id || fm["name"] != "Priya N." || fm["result"] != "Closed 30% more" {
		t.Errorf("front matter = %v", fm)
	}
	if _, err := in.Get(id); err == nil {
		t.Error("the approved story is still waiting in the inbox")
	}
	if _, err := os.Stat(filepath.Join(in.Dir, "approved", id+".md")); err != nil {
		t.Errorf("the private record was not kept: %v", err)
	}
	entries, _ := os.ReadDir(stories)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left in stories: %s", e.Name())
		}
	}
}

func TestRejectRemoves(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	in.Open()
	id, _ := in.Save(sample(), time.Now())
	if err := in.Reject(id); err != nil {
		t.Fatal(err)
	}
	if list, _ := in.List(); len(list) != 0 {
		t.Errorf("list after reject = %v", list)
	}
	if err := in.Reject(id); err == nil || !strings.Contains(err.Error(), "no such submission") {
		t.Errorf("second reject: %v", err)
	}
}

func TestOpenRemovesLeftoverTemporaryFiles(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	in.Open()
	leftover := filepath.Join(in.Dir, ".incoming", ".tmp-123")
	os.WriteFile(leftover, []byte("half a sto"), 0o600)
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Error("a crash's temporary file survived Open")
	}
}
