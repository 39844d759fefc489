package notify

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// forgetWait is how long Forget waits for a delivery being sent to be
// done with, before it removes the record all the same.
const forgetWait = 3 * time.Second

// Forget removes every record of a story's notifications, pending, sent
// and failed, and returns how many it removed: a withdrawn or erased
// story leaves nothing behind in the queue. A delivery being sent right
// now is waited for briefly, so that its sender does not record it again
// after it was removed.
func (q *Queue) Forget(storyID string) (int, error) {
	return q.forget(func(d *Delivery) bool { return d.Story == storyID }, storyID+".")
}

// ForgetAddress removes the records that hold an email address (the
// confirmations not sent yet), compared without regard to case, and
// returns how many it removed.
func (q *Queue) ForgetAddress(email string) (int, error) {
	return q.forget(func(d *Delivery) bool {
		return d.Submitter != nil && strings.EqualFold(strings.TrimSpace(d.Submitter.Email), strings.TrimSpace(email))
	}, "")
}

// forget removes the records that match, in every folder; prefix, when
// not "", picks the names worth reading.
func (q *Queue) forget(match func(*Delivery) bool, prefix string) (int, error) {
	removed := 0
	var errs []error
	for _, sub := range []string{pendingDir, deliveredDir, failedDir} {
		ids, err := q.ids(sub)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, id := range ids {
			if !strings.HasPrefix(id, prefix) {
				continue
			}
			d, err := q.read(sub, id)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if !match(d) {
				continue
			}
			if err := q.remove(sub, id); err != nil {
				errs = append(errs, err)
				continue
			}
			removed++
		}
	}
	return removed, errors.Join(errs...)
}

// remove deletes one record; a pending one under its lease, so that no
// sender is in the middle of it.
func (q *Queue) remove(sub, id string) error {
	if sub == pendingDir {
		if f, err := os.OpenFile(filepath.Join(q.Dir, leasesDir, id), os.O_RDWR|os.O_CREATE, 0o600); err == nil {
			for deadline := time.Now().Add(forgetWait); ; time.Sleep(50 * time.Millisecond) {
				if ok, err := tryLock(f); ok || err != nil || time.Now().After(deadline) {
					break
				}
			}
			defer f.Close()
		}
	}
	err := os.Remove(q.path(sub, id))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if sub == pendingDir {
		// A sender that finished meanwhile recorded it elsewhere.
		for _, other := range []string{deliveredDir, failedDir} {
			os.Remove(q.path(other, id))
			durable.SyncDir(filepath.Join(q.Dir, other))
		}
		os.Remove(filepath.Join(q.Dir, leasesDir, id))
	}
	return durable.SyncDir(filepath.Join(q.Dir, sub))
}

// ForgetAddressOf removes the records of a story that hold its
// submitter's address (a confirmation not sent yet), and returns how
// many it removed.
func (q *Queue) ForgetAddressOf(storyID string) (int, error) {
	return q.forget(func(d *Delivery) bool { return d.Story == storyID && d.Submitter != nil }, storyID+".")
}
