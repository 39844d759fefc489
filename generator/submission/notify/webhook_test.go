package notify_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

const storyID = "20261127T093000Z-3f9a1c2b"

func TestWebhookIsSignedAndVerifies(t *testing.T) {
	r := newReceiver(t, testSecret)
	q := newQueue(t, webhook(t, r.URL, testSecret))
	if err := q.Enqueue(message(storyID), time.Now()); err != nil {
		t.Fatal(err)
	}
	d := &notify.Dispatcher{Queue: q}
	if sent := d.Pass(context.Background()); sent != 1 {
		t.Fatalf("sent %d, want 1", sent)
	}
	taken, badSig, _ := r.counts()
	if len(taken) != 1 || badSig != 0 {
		t.Fatalf("taken %v, %d bad signatures", taken, badSig)
	}
	for id, m := range r.messages {
		if !strings.HasPrefix(id, storyID+".w") || m.ID != storyID || m.Title != "Doubled my pipeline" || m.Name != "Ana" || m.Result != "2x pipeline" ||
			m.ReviewURL != "https://stories.example.org/admin/stories/"+storyID {
			t.Errorf("delivery %s: message %+v", id, m)
		}
	}
	if p, _ := q.Pending(); len(p) != 0 {
		t.Errorf("still pending: %+v", p)
	}
	if done, _ := q.Delivered(); len(done) != 1 || done[0].Delivered.IsZero() {
		t.Errorf("delivered: %+v", done)
	}
	if d.Pass(context.Background()) != 0 {
		t.Error("a delivered notification was sent again")
	}
}

// TestWrongSecretFailsVerification: a receiver with another secret
// refuses the request (401), which is permanent: no retries, kept as
// failed with the receiver's answer.
func TestWrongSecretFailsVerification(t *testing.T) {
	r := newReceiver(t, []byte("the receiver's own secret"))
	q := newQueue(t, webhook(t, r.URL, testSecret))
	q.Enqueue(message(storyID), time.Now())
	d := &notify.Dispatcher{Queue: q}
	d.Pass(context.Background())
	d.Pass(context.Background())
	taken, badSig, requests := r.counts()
	if len(taken) != 0 || badSig != 1 || requests != 1 {
		t.Fatalf("taken %v, %d bad signatures, %d requests; want 0, 1, 1", taken, badSig, requests)
	}
	failed, _ := q.Failed()
	if len(failed) != 1 || !strings.Contains(failed[0].LastError, "401") || failed[0].Attempts != 1 {
		t.Fatalf("failed: %+v", failed)
	}
	line := notify.Describe(failed[0])
	for _, want := range []string{failed[0].ID, "webhook " + r.URL, "attempts 1", "failed 20", "last error: answered 401"} {
		if !strings.Contains(line, want) {
			t.Errorf("Describe = %q, want it to contain %q", line, want)
		}
	}
}

func TestVerifySignature(t *testing.T) {
	body := []byte(`{"id":"x"}`)
	now := time.Unix(1_800_000_000, 0)
	good := notify.Sign(testSecret, body, now)
	other := notify.Sign([]byte("another"), body, now)
	tests := []struct {
		name, header string
		body         []byte
		at           time.Time
		want         error
	}{
		{"good", good, body, now, nil},
		{"good, 4 minutes later", good, body, now.Add(4 * time.Minute), nil},
		{"rotation: one of two matches", other + "," + good[strings.Index(good, "v1="):], body, now, nil},
		{"wrong secret", other, body, now, notify.ErrSignatureMismatch},
		{"body changed", good, []byte(`{"id":"y"}`), now, notify.ErrSignatureMismatch},
		{"time changed", strings.Replace(good, "t=1800000000", "t=1800000001", 1), body, now, notify.ErrSignatureMismatch},
		{"replayed an hour later", good, body, now.Add(time.Hour), notify.ErrSignatureExpired},
		{"from the future", good, body, now.Add(-time.Hour), notify.ErrSignatureExpired},
		{"missing", "", body, now, notify.ErrSignatureMalformed},
		{"no time", good[strings.Index(good, "v1="):], body, now, notify.ErrSignatureMalformed},
		{"no signature", "t=1800000000", body, now, notify.ErrSignatureMalformed},
		{"not hex", "t=1800000000,v1=zz", body, now, notify.ErrSignatureMalformed},
		{"garbage", "hello", body, now, notify.ErrSignatureMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := notify.VerifySignature(testSecret, tt.header, tt.body, tt.at, 5*time.Minute)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("VerifySignature = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestRetryWithBackoff: 503 three times, then taken. With the jitter at
// its middle, the tries come at 0, 30 s, 90 s and 210 s, and not between.
func TestRetryWithBackoff(t *testing.T) {
	r := newReceiver(t, testSecret)
	r.answer = func(n int) int {
		if n <= 3 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	}
	start := time.Now().Truncate(time.Second)
	clk := &clock{now: start}
	r.now = clk.Now
	q := newQueue(t, webhook(t, r.URL, testSecret))
	q.Enqueue(message(storyID), clk.Now())
	backoff := notify.DefaultBackoff
	backoff.Rand = func() float64 { return 0.5 }
	d := &notify.Dispatcher{Queue: q, Now: clk.Now, Backoff: backoff}
	for _, step := range []struct {
		at       time.Duration
		requests int
	}{{0, 1}, {29 * time.Second, 1}, {30 * time.Second, 2}, {89 * time.Second, 2}, {90 * time.Second, 3}, {209 * time.Second, 3}, {210 * time.Second, 4}, {time.Hour, 4}} {
		clk.now = start.Add(step.at)
		d.Pass(context.Background())
		if _, _, n := r.counts(); n != step.requests {
			t.Fatalf("at %s: %d requests, want %d", step.at, n, step.requests)
		}
		if step.at == 90*time.Second {
			p, _ := q.Pending()
			if len(p) != 1 || p[0].Attempts != 3 || !p[0].NextTry.Equal(start.Add(210*time.Second)) || !strings.Contains(p[0].LastError, "503") {
				t.Fatalf("pending after the third try: %+v", p)
			}
		}
	}
	if taken, _, _ := r.counts(); len(taken) != 1 {
		t.Fatalf("taken %v", taken)
	}
}

func TestBackoffDelays(t *testing.T) {
	b := notify.DefaultBackoff
	b.Rand = func() float64 { return 0.5 }
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := b.Delay(i + 1); got != w {
			t.Errorf("delay after %d failures = %s, want %s", i+1, got, w)
		}
	}
	for _, r := range []float64{0, 0.999999} {
		b.Rand = func() float64 { return r }
		if got := b.Delay(1); got < 24*time.Second || got > 36*time.Second {
			t.Errorf("jitter %v: delay %s outside 30 s ± 20%%", r, got)
		}
	}
}

// TestGivesUpAfterADay: a receiver that always fails is tried until a
// day has passed, the last try at the day exactly; then the delivery is
// failed and kept, and not sent again.
func TestGivesUpAfterADay(t *testing.T) {
	r := newReceiver(t, testSecret)
	r.answer = func(int) int { return http.StatusBadGateway }
	start := time.Now().Truncate(time.Second)
	clk := &clock{now: start}
	r.now = clk.Now
	q := newQueue(t, webhook(t, r.URL, testSecret))
	q.Enqueue(message(storyID), clk.Now())
	d := &notify.Dispatcher{Queue: q, Now: clk.Now}
	for range 100 {
		d.Pass(context.Background())
		p, _ := q.Pending()
		if len(p) == 0 {
			break
		}
		clk.now = p[0].NextTry
	}
	failed, _ := q.Failed()
	if len(failed) != 1 || !failed[0].Failed.Equal(start.Add(24*time.Hour)) {
		t.Fatalf("failed: %+v (started %s)", failed, start)
	}
	if n := failed[0].Attempts; n < 25 || n > 35 {
		t.Errorf("%d attempts in a day; want about 30", n)
	}
	_, _, before := r.counts()
	clk.Add(48 * time.Hour)
	d.Pass(context.Background())
	if _, _, after := r.counts(); after != before {
		t.Error("a failed delivery was tried again")
	}
}

func TestWhichAnswersAreRetried(t *testing.T) {
	for _, tt := range []struct {
		status int
		retry  bool
	}{{400, false}, {401, false}, {404, false}, {410, false}, {301, false}, {408, true}, {429, true}, {500, true}, {503, true}} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			r := newReceiver(t, testSecret)
			r.answer = func(int) int { return tt.status }
			q := newQueue(t, webhook(t, r.URL, testSecret))
			q.Enqueue(message(storyID), time.Now())
			(&notify.Dispatcher{Queue: q}).Pass(context.Background())
			p, _ := q.Pending()
			f, _ := q.Failed()
			if tt.retry && (len(p) != 1 || len(f) != 0) || !tt.retry && (len(p) != 0 || len(f) != 1) {
				t.Errorf("after %d: %d pending, %d failed", tt.status, len(p), len(f))
			}
		})
	}
}

// TestTwoDispatchersSendExactlyOnce: two dispatchers on one queue folder,
// as two receive processes on one inbox, each with its own workers,
// racing over the same deliveries: each is taken exactly once.
func TestTwoDispatchersSendExactlyOnce(t *testing.T) {
	r := newReceiver(t, testSecret)
	r.answer = func(int) int { time.Sleep(2 * time.Millisecond); return http.StatusOK }
	first := newQueue(t, webhook(t, r.URL, testSecret))
	second := notify.NewQueue(first.Dir, first.Destinations, first.ReviewBase)
	const stories = 60
	for i := range stories {
		if err := first.Enqueue(message(fmt.Sprintf("20261127T093000Z-%08x", i)), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, q := range []*notify.Queue{first, second, first, second} {
		wg.Go(func() {
			d := &notify.Dispatcher{Queue: q, Workers: 3}
			for range 5 {
				d.Pass(context.Background())
			}
		})
	}
	wg.Wait()
	taken, _, requests := r.counts()
	if len(taken) != stories || requests != stories {
		t.Fatalf("%d deliveries taken in %d requests, want %d", len(taken), requests, stories)
	}
	for id, n := range taken {
		if n != 1 {
			t.Errorf("%s taken %d times", id, n)
		}
	}
}

// TestStoryNotStoredIsNotNotified: the record comes before the story;
// while the story is missing nothing is sent, and once it has been
// missing too long the record is dropped.
func TestStoryNotStoredIsNotNotified(t *testing.T) {
	r := newReceiver(t, testSecret)
	start := time.Now()
	clk := &clock{now: start}
	q := newQueue(t, webhook(t, r.URL, testSecret))
	q.Enqueue(message(storyID), clk.Now())
	stored := false
	d := &notify.Dispatcher{Queue: q, Now: clk.Now, StoryExists: func(id string) bool { return stored && id == storyID }}
	d.Pass(context.Background())
	if _, _, n := r.counts(); n != 0 {
		t.Fatal("notified before the story was stored")
	}
	stored = true
	d.Pass(context.Background())
	if _, _, n := r.counts(); n != 1 {
		t.Fatal("not notified once the story was stored")
	}

	q.Enqueue(message("20261127T093000Z-00000001"), clk.Now())
	clk.Add(notify.StoryGrace + time.Second)
	d.Pass(context.Background())
	if p, _ := q.Pending(); len(p) != 0 {
		t.Errorf("the notification of a story never stored is still queued: %+v", p)
	}
	if _, _, n := r.counts(); n != 1 {
		t.Error("a story never stored was notified")
	}
}

func TestDestinationRemovedFromConfig(t *testing.T) {
	r := newReceiver(t, testSecret)
	q := newQueue(t, webhook(t, r.URL, testSecret))
	q.Enqueue(message(storyID), time.Now())
	q.Destinations = []notify.Destination{webhook(t, r.URL+"/other", testSecret)}
	(&notify.Dispatcher{Queue: q}).Pass(context.Background())
	f, _ := q.Failed()
	if len(f) != 1 || !strings.Contains(f[0].LastError, "no longer in site.toml") {
		t.Fatalf("failed: %+v", f)
	}
}
