package notify_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

// TestConfirmationReachesTheSubmitterOnce: with confirm_submitter, the
// submitter gets one email with the withdraw link through a real SMTP
// server; the record kept afterwards no longer holds the address.
func TestConfirmationReachesTheSubmitterOnce(t *testing.T) {
	ms := startMailServer(t, "")
	n := config.Notify{SMTPHost: "127.0.0.1", SMTPPort: ms.addr.Port, SMTPTLS: config.SMTPNoTLS,
		EmailFrom: "Rainmaker <stories@example.org>", EmailTo: []string{"coach@example.org"}}
	if notify.ConfirmationFromConfig(n, func(string) string { return "" }) != nil {
		t.Fatal("a confirmation without confirm_submitter")
	}
	n.ConfirmSubmitter = true
	q := newQueue(t)
	q.Confirm = notify.ConfirmationFromConfig(n, func(string) string { return "" })
	link := "https://example.org/api/stories/withdraw/" + storyID + ".sig"
	if err := q.EnqueueConfirmation(message(storyID), notify.Submitter{Email: "ana@example.net", WithdrawURL: link}, time.Now()); err != nil {
		t.Fatal(err)
	}
	d := &notify.Dispatcher{Queue: q}
	if sent := d.Pass(context.Background()) + d.Pass(context.Background()); sent != 1 {
		p, _ := q.Pending()
		t.Fatalf("sent %d; pending %+v", sent, p)
	}
	ms.mu.Lock()
	if len(ms.messages) != 1 || strings.Join(ms.rcpts[0], ",") != "ana@example.net" {
		t.Fatalf("%d messages, to %v", len(ms.messages), ms.rcpts)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(ms.messages[0].Body))
	ms.mu.Unlock()
	if !strings.Contains(string(body), link) || strings.Contains(string(body), "admin/stories") {
		t.Errorf("body:\n%s", body)
	}
	filepath.WalkDir(q.Dir, func(path string, e os.DirEntry, err error) error {
		if data, _ := os.ReadFile(path); strings.Contains(string(data), "ana@example.net") || strings.Contains(string(data), link) {
			t.Errorf("%s still holds the submitter's address or link", path)
		}
		return nil
	})
}
