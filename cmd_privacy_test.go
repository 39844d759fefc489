package main

import (
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// privacySite writes a small site with extra lines in site.toml and an
// inbox holding one story per address, received at the given time.
func privacySite(t *testing.T, extra string, received time.Time, emails ...string) (string, []string) {
	t.Helper()
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "content", "stories"), 0o755)
	os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n"+extra), 0o644)
	in := &submission.Inbox{Dir: filepath.Join(site, "inbox")}
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	v := submission.NewValidator(nil)
	var ids []string
	for i, email := range emails {
		s := submission.Submission{Name: "Priya N.", Email: email, Title: "Story number " + string(rune('A'+i)),
			Story: strings.Repeat("Coaching helped me. ", 15), Consent: true, ConsentVersion: v.ConsentVersion(), ConsentText: v.ConsentText()}
		id, err := in.Save(s, received)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return site, ids
}

func TestInboxShowPrintsConsent(t *testing.T) {
	site, ids := privacySite(t, "", time.Now(), "priya.forget@example.org")
	code, stdout, stderr := runCLI("inbox", "show", ids[0], "-s", site)
	v := submission.NewValidator(nil)
	if code != 0 || !strings.Contains(stdout, "Consent:  version "+v.ConsentVersion()+", given ") || !strings.Contains(stdout, v.ConsentText()) {
		t.Errorf("inbox show: %d\n%s%s", code, stdout, stderr)
	}
}

func TestInboxForget(t *testing.T) {
	site, ids := privacySite(t, "", time.Now(), "Priya.Forget@Example.org", "sam@example.org", "priya.forget@example.org")
	if code, _, stderr := runCLI("inbox", "approve", ids[2], "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCLI("inbox", "forget", "PRIYA.FORGET@example.org", "-s", site)
	if code != 0 {
		t.Fatalf("forget: %d %s", code, stderr)
	}
	for _, want := range []string{ids[0] + ":\n  removed the story waiting for review", ids[2] + ":\n  unpublished: removed " + filepath.Join(site, "content", "stories", "story-number-c.md"),
		"the record of the approved story", "built "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("forget's report lacks %q:\n%s", want, stdout)
		}
	}
	walkFor(t, site, "priya.forget@example.org")
	if _, err := os.Stat(filepath.Join(site, "inbox", ids[1]+".md")); err != nil {
		t.Errorf("another submitter's story went: %v", err)
	}
	code, _, stderr = runCLI("inbox", "--inbox", filepath.Join(site, "inbox"), "forget", "priya.forget@example.org", "-s", site)
	if code != 1 || !strings.Contains(stderr, `holds "priya.forget@example.org"`) {
		t.Errorf("forgetting again: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI("inbox", "forget", "-s", site); code != 2 || !strings.Contains(stderr, "give exactly one email address") {
		t.Errorf("forget without an address: %d %s", code, stderr)
	}
}

// TestRetentionByListAndReceive: inbox list and receive's start erase
// the private data of approved stories older than retain_private_days.
func TestRetentionByListAndReceive(t *testing.T) {
	for _, by := range []string{"inbox list", "receive"} {
		t.Run(by, func(t *testing.T) {
			old := time.Now().Add(-40 * 24 * time.Hour)
			site, ids := privacySite(t, "retain_private_days = 30\n", old, "old@example.org")
			if code, _, stderr := runCLI("inbox", "approve", ids[0], "-s", site); code != 0 {
				t.Fatal(stderr)
			}
			if by == "receive" {
				rf := receiveFlags{}
				if _, _, err := rf.handler(site, log.New(io.Discard, "", 0)); err != nil {
					t.Fatal(err)
				}
				if rf.retention == nil {
					t.Error("receive runs no hourly erasure")
				}
			} else if code, _, stderr := runCLI("inbox", "list", "-s", site); code != 0 {
				t.Fatalf("list: %s", stderr)
			}
			walkFor(t, site, "old@example.org")
			record, err := os.ReadFile(filepath.Join(site, "inbox", "approved", ids[0]+".md"))
			if err != nil || !strings.Contains(string(record), "submission: "+ids[0]) {
				t.Errorf("the approved record: %v\n%s", err, record)
			}
		})
	}
}
