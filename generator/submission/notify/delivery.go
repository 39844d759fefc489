// Package notify tells authors about accepted stories: a signed webhook
// POST to each configured URL and an email over SMTP. Every notification
// is queued on disk before the story is stored, retried with backoff for
// a day, and sent once per story even when several receive processes
// share one inbox: a delivery is claimed with a lock before it is sent
// and moved out of the queue, durably, once the receiver has taken it.
//
// A crash after the receiver took a delivery and before it was marked
// sent makes it go out again, with the same Rainmaker-Delivery id, which
// receivers use to drop the repeat.
package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"regexp"
	"time"
)

// Message is what a notification says about one story. Its JSON is the
// body of a webhook request; nothing private (the email address) is in it.
type Message struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Name      string `json:"name"`
	Result    string `json:"result,omitempty"`
	ReviewURL string `json:"review_url"`
}

// Delivery is one notification of one story to one destination, as
// recorded in the queue.
type Delivery struct {
	ID          string    `json:"id"` // story id, ".", destination key
	Story       string    `json:"story"`
	Destination string    `json:"destination"` // as shown to people
	Message     Message   `json:"message"`
	Created     time.Time `json:"created"`
	Attempts    int       `json:"attempts"`
	NextTry     time.Time `json:"next_try"`
	LastError   string    `json:"last_error,omitempty"`
	Delivered   time.Time `json:"delivered,omitzero"`
	Failed      time.Time `json:"failed,omitzero"`
	// Submitter is who a confirmation goes to. It is private and kept
	// only while the delivery is pending: the records of deliveries sent
	// or given up do not hold it.
	Submitter *Submitter `json:"submitter,omitempty"`
}

// Destination is where notifications go: a webhook URL or the email.
type Destination interface {
	// Key names the destination in delivery ids, the same across
	// restarts while site.toml says the same.
	Key() string
	// String describes it for people, in logs and "inbox list".
	String() string
	// Send delivers one notification. An error wrapped in
	// *PermanentError is not retried.
	Send(ctx context.Context, d *Delivery, now time.Time) error
}

// PermanentError is a failure that a retry cannot fix, like a webhook
// answering 404.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

func isPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// destinationKey makes a Key: a kind letter and a digest of what the
// destination is, so no file name is ever built from a URL.
func destinationKey(kind byte, what string) string {
	sum := sha256.Sum256([]byte(what))
	return string(kind) + hex.EncodeToString(sum[:6])
}

// The ids the queue builds file names from: a story id is made by the
// server, a key by destinationKey; anything else is refused.
var (
	storyIDPattern    = regexp.MustCompile(`^[0-9A-Za-z-]{1,64}$`)
	deliveryIDPattern = regexp.MustCompile(`^[0-9A-Za-z-]{1,64}\.[a-z][0-9a-f]{12}$`)
)

// Backoff is when a failed delivery is tried again: First after the
// first failure, doubling up to Max, each delay spread by ±Jitter (a
// fraction) so that many deliveries failed together do not come back
// together; after GiveUp since it was queued, it has failed for good.
type Backoff struct {
	First, Max, GiveUp time.Duration
	Jitter             float64
	Rand               func() float64 // in [0, 1); nil is math/rand
}

// DefaultBackoff tries for a day: 30 s, 1 min, 2 min, … then hourly.
var DefaultBackoff = Backoff{First: 30 * time.Second, Max: time.Hour, GiveUp: 24 * time.Hour, Jitter: 0.2}

// Delay is the wait after the attempts-th failed attempt (1 or more).
func (b Backoff) Delay(attempts int) time.Duration {
	d := b.First
	for i := 1; i < attempts && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	return time.Duration(float64(d) * (1 - b.Jitter + 2*b.Jitter*r()))
}

// next schedules a delivery after a failed attempt at now: its next try,
// or false when it has been tried long enough. The last try falls at
// GiveUp exactly, so a day of retries means a day.
func (b Backoff) next(d *Delivery, now time.Time) (time.Time, bool) {
	deadline := d.Created.Add(b.GiveUp)
	if !now.Before(deadline) {
		return time.Time{}, false
	}
	next := now.Add(b.Delay(d.Attempts))
	if next.After(deadline) {
		next = deadline
	}
	return next, true
}
