package submission

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRetryAfterACrashStoresOnce: the first attempt wrote the key's
// record and died before the story; the retry stores it under the
// record's id, and a further retry stores nothing.
func TestRetryAfterACrashStoresOnce(t *testing.T) {
	in := &Inbox{Dir: t.TempDir()}
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	fp := []byte("fingerprint")
	rec, existed, err := in.reserve("key:k", fp, now) // then the crash
	if err != nil || existed {
		t.Fatal(err, existed)
	}
	s := Submission{Name: "Ana", Email: "ana@example.org", Title: "After the crash", Story: "text", Consent: true}
	for i, wantReplay := range []bool{true, true} {
		id, replayed, err := in.SaveOnce("key:k", fp, s, now.Add(time.Minute))
		if err != nil || id != rec.ID || replayed != wantReplay {
			t.Errorf("retry %d: %s %v %v, want %s", i+1, id, replayed, err, rec.ID)
		}
	}
	list, _ := in.List()
	if len(list) != 1 || list[0].ID != rec.ID {
		t.Errorf("stored %+v", list)
	}
	// Approved since: a retry still stores nothing.
	os.Remove(in.keyPath("key:k", ".done"))
	if _, err := in.Approve(rec.ID, filepath.Join(t.TempDir(), "stories"), nil); err != nil {
		t.Fatal(err)
	}
	if _, replayed, _ := in.SaveOnce("key:k", fp, s, now); !replayed {
		t.Error("a retry after approval stored the story again")
	}
	if list, _ := in.List(); len(list) != 0 {
		t.Errorf("stored again: %+v", list)
	}
}

func TestKeysAreForgottenAfterADay(t *testing.T) {
	in := &Inbox{Dir: t.TempDir()}
	in.Open()
	now := time.Now()
	in.SaveOnce("key:old", []byte("a"), Submission{Title: "x", Story: "y"}, now)
	old := now.Add(-KeyLifetime - time.Hour)
	os.Chtimes(in.keyPath("key:old", ".json"), old, old)
	in.Open()
	if _, err := os.Stat(in.keyPath("key:old", ".json")); !os.IsNotExist(err) {
		t.Errorf("a key older than a day is kept: %v", err)
	}
	if _, err := os.Stat(in.keyPath("key:old", ".done")); err != nil {
		t.Errorf("a fresh marker was removed: %v", err)
	}
}
