package submission_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

// notifyingServer is a test server whose inbox queues a webhook to a
// real receiver, which counts what it takes by delivery id.
func notifyingServer(t *testing.T) (*testServer, *notify.Queue, func() map[string]notify.Message) {
	t.Helper()
	secret := []byte("submission-test-secret")
	var mu sync.Mutex
	got := map[string]notify.Message{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.VerifySignature(secret, r.Header.Get(notify.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var m notify.Message
		json.Unmarshal(body, &m)
		mu.Lock()
		got[r.Header.Get(notify.DeliveryHeader)] = m
		mu.Unlock()
	}))
	t.Cleanup(recv.Close)
	hook, err := notify.NewWebhook(recv.URL, secret)
	if err != nil {
		t.Fatal(err)
	}
	var queue *notify.Queue
	s := newTestServer(t, func(o *submission.ServerOptions) {
		queue = notify.NewQueue(o.Inbox.NotifyDir(), []notify.Destination{hook}, "https://stories.example.test/")
		if err := queue.Open(); err != nil {
			t.Fatal(err)
		}
		o.Inbox.Notify = queue
	})
	return s, queue, func() map[string]notify.Message {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
}

// TestAcceptedStoryIsQueuedBeforeTheAnswer: when the 201 comes, the
// notification is on disk; it is sent with the story's public fields,
// and a retry of the same request queues nothing new.
func TestAcceptedStoryIsQueuedBeforeTheAnswer(t *testing.T) {
	s, queue, received := notifyingServer(t)
	data, _ := json.Marshal(validJSON())
	first := s.do(keyed(string(data), "key-1"))
	again := s.do(keyed(string(data), "key-1"))
	if first.Code != http.StatusCreated || again.Code != http.StatusCreated {
		t.Fatalf("answers %d, %d", first.Code, again.Code)
	}
	id := answerID(t, first.Body.Bytes())
	pending, err := queue.Pending()
	if err != nil || len(pending) != 1 || pending[0].Story != id {
		t.Fatalf("pending %+v, %v", pending, err)
	}
	d := &notify.Dispatcher{Queue: queue, StoryExists: s.inbox.Holds}
	if sent := d.Pass(context.Background()); sent != 1 {
		t.Fatalf("sent %d", sent)
	}
	got := received()
	m, ok := got[pending[0].ID]
	if len(got) != 1 || !ok || m.ID != id || m.Title != "From burnout to my best quarter" || m.Name != "Priya N." ||
		m.Result != "Closed 30% more in Q3" || m.ReviewURL != "https://stories.example.test/admin/stories/"+id {
		t.Errorf("received %+v", got)
	}
	raw, _ := json.Marshal(got)
	if strings.Contains(string(raw), "priya@example.org") {
		t.Error("the private email address was sent in a notification")
	}
}

// TestQueueFailureStoresNothing: a notification that cannot be queued
// fails the submission, so no story is on disk without one.
func TestQueueFailureStoresNothing(t *testing.T) {
	s, queue, _ := notifyingServer(t)
	// A file where the folder should be fails every write, even as root.
	pending := filepath.Join(queue.Dir, "pending")
	if err := os.Remove(pending); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(pending, nil, 0o600)
	data, _ := json.Marshal(validJSON())
	if w := s.do(jsonRequest(string(data))); w.Code != http.StatusInternalServerError {
		t.Fatalf("answer %d %s", w.Code, w.Body)
	}
	if stored := s.stored(t); len(stored) != 0 {
		t.Errorf("%d stories stored without their notification", len(stored))
	}
}
