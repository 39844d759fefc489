package submission_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

// nowhere is a destination that never gets to send: its records stay.
type nowhere struct{}

func (nowhere) Key() string    { return "n000000000000" }
func (nowhere) String() string { return "nowhere" }
func (nowhere) Send(context.Context, *notify.Delivery, time.Time) error {
	return nil
}

// confirmInbox is an inbox that queues a notification and a
// confirmation, which holds the submitter's address, for each story.
func confirmInbox(t *testing.T) *submission.Inbox {
	t.Helper()
	in := &submission.Inbox{Dir: t.TempDir()}
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	q := notify.NewQueue(in.NotifyDir(), []notify.Destination{nowhere{}}, "https://example.test/")
	q.Confirm = &notify.Confirmation{SMTP: &notify.Email{Host: "127.0.0.1", From: "r@example.test"}}
	if err := q.Open(); err != nil {
		t.Fatal(err)
	}
	in.Notify = q
	in.WithdrawURL = func(token string) string { return "https://example.test/api/stories/withdraw/" + token }
	return in
}

func story(email, title string) submission.Submission {
	return submission.Submission{Name: "Priya N.", Email: email, Title: title, Story: strings.Repeat("Coaching helped. ", 20),
		Consent: true, ConsentVersion: "0123456789ab", ConsentText: "I agree"}
}

// TestForgetErasesEveryRecordOfAnAddress: waiting, approved and
// published stories of the address, and the records of a rejected one,
// go; another submitter's stay; the address is then nowhere on disk.
func TestForgetErasesEveryRecordOfAnAddress(t *testing.T) {
	in := confirmInbox(t)
	site := t.TempDir()
	stories := filepath.Join(site, "content", "stories")
	day := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	waiting, _ := in.Save(story("Priya@Example.org", "Waiting story"), day)
	approved, _ := in.Save(story("priya@example.org", "Approved story"), day)
	rejected, _ := in.Save(story("priya@example.org", "Rejected story"), day)
	kept, _ := in.Save(story("sam@example.org", "Somebody else"), day)
	if _, err := in.Approve(approved, stories, nil); err != nil {
		t.Fatal(err)
	}
	if err := in.Reject(rejected); err != nil {
		t.Fatal(err)
	}

	got, err := in.Forget(" PRIYA@example.ORG ", stories)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]*submission.Erasure{}
	for _, e := range got.Stories {
		ids[e.ID] = e
	}
	if len(ids) != 2 || ids[waiting] == nil || ids[approved] == nil || len(ids[approved].Published) != 1 {
		t.Fatalf("erased %+v", got.Stories)
	}
	// The rejected story's confirmation held the address.
	if got.Notifications != 1 {
		t.Errorf("%d notification records of the rejected story removed, want 1", got.Notifications)
	}
	for _, want := range []string{"the story waiting for review", "2 notifications of the story"} {
		if !strings.Contains(strings.Join(ids[waiting].Removed, "\n"), want) {
			t.Errorf("waiting story: removed %q, want %q", ids[waiting].Removed, want)
		}
	}
	assertNowhere(t, "priya@example.org", in.Dir, site)
	if list, _ := in.List(); len(list) != 1 || list[0].ID != kept {
		t.Errorf("left in the inbox: %+v", list)
	}
	again, err := in.Forget("priya@example.org", stories)
	if err != nil || !again.Empty() {
		t.Errorf("forgetting again: %+v %v", again, err)
	}
}

// TestRetainPrivateDays: past the retention, an approved story's private
// data goes, its public part stays; newer and waiting ones are untouched.
func TestRetainPrivateDays(t *testing.T) {
	in := confirmInbox(t)
	stories := filepath.Join(t.TempDir(), "stories")
	received := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	old, _ := in.Save(story("old@example.org", "An old story"), received)
	recent, _ := in.Save(story("recent@example.org", "A recent story"), received.Add(20*24*time.Hour))
	waiting, _ := in.Save(story("waiting@example.org", "A waiting story"), received)
	for _, id := range []string{old, recent} {
		if _, err := in.Approve(id, stories, nil); err != nil {
			t.Fatal(err)
		}
	}
	retain := 30 * 24 * time.Hour
	if ids, err := in.ErasePrivate(retain, received.Add(retain-time.Minute)); err != nil || len(ids) != 0 {
		t.Fatalf("before the retention ends: %v %v", ids, err)
	}
	now := received.Add(retain + time.Hour)
	ids, err := in.ErasePrivate(retain, now)
	if err != nil || len(ids) != 1 || ids[0] != old {
		t.Fatalf("erased %v, %v; want [%s]", ids, err, old)
	}
	assertNowhere(t, "old@example.org", in.Dir)
	record, err := os.ReadFile(filepath.Join(in.Dir, "approved", old+".md"))
	if err != nil || !strings.Contains(string(record), "submission: "+old) || !strings.Contains(string(record), "title: An old story") ||
		strings.Contains(string(record), "private") || strings.Contains(string(record), "consent") {
		t.Errorf("the approved record after erasure: %v\n%s", err, record)
	}
	for _, email := range []string{"recent@example.org", "waiting@example.org"} {
		found := false
		filepath.WalkDir(in.Dir, func(path string, d os.DirEntry, err error) error {
			if data, _ := os.ReadFile(path); strings.Contains(string(data), email) {
				found = true
			}
			return nil
		})
		if !found {
			t.Errorf("%s was erased too", email)
		}
	}
	if s, err := in.Get(waiting); err != nil || s.Email != "waiting@example.org" {
		t.Errorf("waiting story: %+v %v", s, err)
	}
	if entries, _ := os.ReadDir(filepath.Join(in.Dir, ".incoming")); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
	// Erasing again finds nothing more; 0 keeps everything.
	if ids, _ := in.ErasePrivate(retain, now); len(ids) != 0 {
		t.Errorf("second pass erased %v", ids)
	}
	if ids, _ := in.ErasePrivate(0, now.Add(1000*24*time.Hour)); len(ids) != 0 {
		t.Errorf("retention 0 erased %v", ids)
	}
}
