package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

// hookCounter is a webhook receiver that checks signatures and counts
// the deliveries it answered 2xx, by delivery id and by story. While
// stalled it holds every request without answering, as a hung receiver
// does.
type hookCounter struct {
	secret  []byte
	release chan struct{}

	mu       sync.Mutex
	arrived  int
	byID     map[string]int
	byStory  map[string]int
	badSigs  int
	reviewOK bool
}

func (h *hookCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.arrived++
	h.mu.Unlock()
	select {
	case <-h.release:
	case <-r.Context().Done():
		return // the sender died: nothing was answered
	}
	var m notify.Message
	err := notify.VerifySignature(h.secret, r.Header.Get(notify.SignatureHeader), body, time.Now(), 5*time.Minute)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil || json.Unmarshal(body, &m) != nil {
		h.badSigs++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.byID[r.Header.Get(notify.DeliveryHeader)]++
	h.byStory[m.ID]++
	h.reviewOK = m.ReviewURL == "https://example.org/admin/stories/"+m.ID
	w.WriteHeader(http.StatusNoContent)
}

func (h *hookCounter) snapshot() (arrived, delivered int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.arrived, len(h.byID)
}

// notifySite writes a site whose [notify] posts to hook.
func notifySite(t *testing.T, hook string) string {
	t.Helper()
	site := t.TempDir()
	toml := fmt.Sprintf("title = \"T\"\nbase_url = \"https://example.org/\"\n\n[notify]\nwebhooks = [%q]\n", hook)
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	return site
}

// TestNotificationsSurviveSIGKILL: receive is killed while its webhook
// receiver hangs, with notifications queued and some in flight. After a
// restart, with two processes on the inbox, every accepted story is
// notified, and each delivery is taken exactly once.
func TestNotificationsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	hook := &hookCounter{secret: []byte("crash-test-secret-0123456789"), release: make(chan struct{}),
		byID: map[string]int{}, byStory: map[string]int{}}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	t.Setenv("RAINMAKER_WEBHOOK_SECRET", string(hook.secret))
	site := notifySite(t, srv.URL+"/hook")
	inbox := filepath.Join(site, "inbox")

	cmd, endpoint := startReceive(t, inbox, "-s", site, "--rate-limit", "0")
	const stories = 20
	accepted := map[string]bool{}
	for i := range stories {
		resp, err := http.Post(endpoint, "application/json", bytes.NewReader(storyJSON(i)))
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ ID string }
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("story %d answered %d", i, resp.StatusCode)
		}
		accepted[got.ID] = true
	}
	waitFor(t, "deliveries in flight to the hung receiver", func() bool { arrived, _ := hook.snapshot(); return arrived > 0 })
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	if out := inboxListOutput(t, inbox); !strings.Contains(out, fmt.Sprintf("notifications not delivered yet: %d", stories)) {
		t.Fatalf("after the kill, inbox list says:\n%s", out)
	}
	close(hook.release)
	startReceive(t, inbox, "-s", site, "--rate-limit", "0")
	startReceive(t, inbox, "-s", site, "--rate-limit", "0")
	waitFor(t, "every notification delivered", func() bool { _, n := hook.snapshot(); return n >= stories })
	time.Sleep(time.Second) // time for a wrong second send to arrive

	hook.mu.Lock()
	defer hook.mu.Unlock()
	for id, n := range hook.byID {
		if n != 1 {
			t.Errorf("delivery %s taken %d times", id, n)
		}
	}
	for id := range accepted {
		if hook.byStory[id] != 1 {
			t.Errorf("story %s notified %d times", id, hook.byStory[id])
		}
	}
	if len(hook.byStory) != stories || hook.badSigs != 0 || !hook.reviewOK {
		t.Errorf("%d stories notified, %d bad signatures, review link right: %v", len(hook.byStory), hook.badSigs, hook.reviewOK)
	}
	if out := inboxListOutput(t, inbox); strings.Contains(out, "notifications") {
		t.Errorf("after delivery, inbox list still shows notifications:\n%s", out)
	}
}

func inboxListOutput(t *testing.T, inbox string) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "inbox", "list", "--inbox", inbox).CombinedOutput()
	if err != nil {
		t.Fatalf("inbox list: %v\n%s", err, out)
	}
	return string(out)
}

func waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestReceiveRefusesWebhooksWithoutASecret: the process does not start,
// and says which variable to set.
func TestReceiveRefusesWebhooksWithoutASecret(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	site := notifySite(t, "https://hooks.example.org/rainmaker")
	cmd := exec.Command(bin, "receive", "-s", site, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "RAINMAKER_WEBHOOK_SECRET=")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "RAINMAKER_WEBHOOK_SECRET is not set") {
		t.Errorf("receive without a secret: %v\n%s", err, out)
	}
}
