package notify_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

var testSecret = []byte("test-secret-0123456789")

// receiver is a webhook endpoint as a user would write one: it checks
// the signature and counts what it took, by delivery id.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	taken    map[string]int // delivery id → times answered 2xx
	messages map[string]notify.Message
	badSig   int
	requests int
	answer   func(n int) int  // status for the n-th request (from 1); nil is 204
	now      func() time.Time // the receiver's clock
}

func newReceiver(t *testing.T, secret []byte) *receiver {
	r := &receiver{taken: map[string]int{}, messages: map[string]notify.Message{}, now: time.Now}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.requests++
		if err := notify.VerifySignature(secret, req.Header.Get(notify.SignatureHeader), body, r.now(), 5*time.Minute); err != nil {
			r.badSig++
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		status := http.StatusNoContent
		if r.answer != nil {
			status = r.answer(r.requests)
		}
		if status < 300 {
			var m notify.Message
			json.Unmarshal(body, &m)
			id := req.Header.Get(notify.DeliveryHeader)
			r.taken[id]++
			r.messages[id] = m
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) counts() (map[string]int, int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := map[string]int{}
	for k, v := range r.taken {
		c[k] = v
	}
	return c, r.badSig, r.requests
}

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newQueue(t *testing.T, dests ...notify.Destination) *notify.Queue {
	t.Helper()
	q := notify.NewQueue(filepath.Join(t.TempDir(), ".notify"), dests, "https://stories.example.org/")
	if err := q.Open(); err != nil {
		t.Fatal(err)
	}
	return q
}

func webhook(t *testing.T, url string, secret []byte) *notify.Webhook {
	t.Helper()
	w, err := notify.NewWebhook(url, secret)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func message(id string) notify.Message {
	return notify.Message{ID: id, Title: "Doubled my pipeline", Name: "Ana", Result: "2x pipeline"}
}
