package notify

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"time"
)

// StoryGrace is how long a delivery waits for its story to appear: the
// record is written just before the story, so a story missing for
// longer was never stored (the save failed) or was rejected already.
const StoryGrace = 2 * time.Minute

// Dispatcher sends the queue's due deliveries. Any number of dispatchers,
// in one process or several, may work on one queue: each delivery is
// claimed before it is sent.
type Dispatcher struct {
	Queue *Queue
	// StoryExists reports whether a story is waiting or approved; a
	// story that is neither is not notified.
	StoryExists func(id string) bool
	Backoff     Backoff // zero: DefaultBackoff
	Now         func() time.Time
	Log         *log.Logger
	Workers     int           // deliveries sent at once; 0 is 4
	Poll        time.Duration // how often the folder is read for other processes' work; 0 is 5 s
}

func (d *Dispatcher) defaults() {
	if d.Backoff.First == 0 {
		d.Backoff = DefaultBackoff
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = log.New(io.Discard, "", 0)
	}
	if d.Workers == 0 {
		d.Workers = 4
	}
	if d.Poll == 0 {
		d.Poll = 5 * time.Second
	}
	if d.StoryExists == nil {
		d.StoryExists = func(string) bool { return true }
	}
}

// Run sends due deliveries until ctx ends: at once when this process
// queues one, else every Poll, which also picks up what a restarted or
// another process left.
func (d *Dispatcher) Run(ctx context.Context) {
	d.defaults()
	tick := time.NewTicker(d.Poll)
	defer tick.Stop()
	for {
		d.Pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-d.Queue.Added():
		}
	}
}

// Pass tries every due delivery once and returns how many were sent.
func (d *Dispatcher) Pass(ctx context.Context) int {
	d.defaults()
	ids, err := d.Queue.ids(pendingDir)
	if err != nil {
		d.Log.Printf("notify: %v", err)
		return 0
	}
	work := make(chan string)
	var sent sync.WaitGroup
	var mu sync.Mutex
	count := 0
	for range min(d.Workers, len(ids)) {
		sent.Go(func() {
			for id := range work {
				if d.attempt(ctx, id) {
					mu.Lock()
					count++
					mu.Unlock()
				}
			}
		})
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		work <- id
	}
	close(work)
	sent.Wait()
	return count
}

// attempt sends one delivery if it is due and no one else is sending
// it, and records the outcome durably. It reports whether it was sent.
func (d *Dispatcher) attempt(ctx context.Context, id string) bool {
	// Most records are waiting for a later try: a read, no lock, says so.
	if rec, err := d.Queue.read(pendingDir, id); err == nil && d.Now().Before(rec.NextTry) {
		return false
	}
	l, rec, err := d.Queue.claim(id)
	if err != nil {
		d.Log.Printf("notify: %v", err)
		return false
	}
	if l == nil {
		return false // being sent by another, or done
	}
	defer l.release()
	now := d.Now()
	if now.Before(rec.NextTry) {
		return false
	}
	dest := d.destination(rec.ID)
	if dest == nil {
		d.give(rec, now, "its destination is no longer in site.toml [notify]")
		return false
	}
	if !d.StoryExists(rec.Story) {
		if now.Sub(rec.Created) > StoryGrace {
			d.Log.Printf("notify: %s dropped: story %s is not in the inbox (rejected, or never stored)", rec.ID, rec.Story)
			d.Queue.drop(rec.ID)
		}
		return false
	}
	rec.Attempts++
	err = dest.Send(ctx, rec, now)
	if err != nil && ctx.Err() != nil {
		return false // shutting down: this attempt does not count
	}
	if err == nil {
		return d.delivered(rec)
	}
	rec.LastError = oneLine(err.Error())
	if isPermanent(err) {
		d.give(rec, now, "")
		return false
	}
	next, ok := d.Backoff.next(rec, now)
	if !ok {
		d.give(rec, now, "")
		return false
	}
	rec.NextTry = next
	d.Log.Printf("notify: %s to %s failed (attempt %d), next try %s: %s", rec.ID, rec.Destination, rec.Attempts, next.Format(time.RFC3339), rec.LastError)
	if err := d.Queue.update(rec); err != nil {
		d.Log.Printf("notify: %s: %v", rec.ID, err)
	}
	return false
}

func (d *Dispatcher) delivered(rec *Delivery) bool {
	rec.Delivered = d.Now().UTC()
	rec.Submitter = nil // the address served its purpose
	if err := d.Queue.finish(rec, deliveredDir); err != nil {
		// Sent, but not recorded: it goes again, with the same id.
		d.Log.Printf("notify: %v", err)
		return false
	}
	d.Log.Printf("notify: %s sent to %s", rec.ID, rec.Destination)
	return true
}

// give records a delivery as failed for good.
func (d *Dispatcher) give(rec *Delivery, now time.Time, reason string) {
	if reason != "" {
		rec.LastError = reason
	}
	rec.Failed = now.UTC()
	rec.Submitter = nil
	d.Log.Printf("notify: %s to %s failed for good after %d attempts: %s", rec.ID, rec.Destination, rec.Attempts, rec.LastError)
	if err := d.Queue.finish(rec, failedDir); err != nil {
		d.Log.Printf("notify: %v", err)
	}
}

func (d *Dispatcher) destination(deliveryID string) Destination {
	key := deliveryID[strings.LastIndexByte(deliveryID, '.')+1:]
	if c := d.Queue.Confirm; c != nil && c.Key() == key {
		return c
	}
	for _, dest := range d.Queue.Destinations {
		if dest.Key() == key {
			return dest
		}
	}
	return nil
}

// oneLine keeps an error short enough to list.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}

// Describe is a one-line summary of a pending or failed delivery.
func Describe(d Delivery) string {
	state := fmt.Sprintf("next try %s", d.NextTry.Local().Format("2006-01-02 15:04:05"))
	if !d.Failed.IsZero() {
		state = "failed " + d.Failed.Local().Format("2006-01-02 15:04:05")
	}
	s := fmt.Sprintf("%s  %s  attempts %d  %s", d.ID, d.Destination, d.Attempts, state)
	if d.LastError != "" {
		s += "  last error: " + d.LastError
	}
	return s
}
