package notify

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// lease is one process's claim on one delivery, held while it is sent:
// an exclusive lock on the delivery's file in leases/. Lock files are
// never replaced while a delivery is pending, so two claims always lock
// the same file; a claim re-reads the record after locking, so one that
// comes after the delivery was finished sees it gone.
type lease struct{ f *os.File }

func (l *lease) release() { l.f.Close() }

// claim locks a pending delivery and reads it. It returns nil, nil when
// another process holds it or it is no longer pending.
func (q *Queue) claim(id string) (*lease, *Delivery, error) {
	if !deliveryIDPattern.MatchString(id) {
		return nil, nil, errors.New("not a delivery id: " + id)
	}
	f, err := os.OpenFile(filepath.Join(q.Dir, leasesDir, id), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	ok, err := tryLock(f)
	if err != nil || !ok {
		f.Close()
		return nil, nil, err
	}
	l := &lease{f: f}
	d, err := q.read(pendingDir, id)
	if errors.Is(err, fs.ErrNotExist) {
		l.release()
		return nil, nil, nil
	}
	if err != nil {
		l.release()
		return nil, nil, err
	}
	// A crash between finishing and dropping leaves the record twice.
	for _, sub := range []string{deliveredDir, failedDir} {
		if _, err := os.Stat(q.path(sub, id)); err == nil {
			q.drop(id)
			l.release()
			return nil, nil, nil
		}
	}
	return l, d, nil
}
