package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// Queue is the notifications' folder in the inbox: one JSON record per
// delivery in pending/ until it is sent (then it moves to delivered/) or
// given up (failed/, kept to be listed). Records are written the way
// stories are: a temporary file, flushed, then linked or renamed into
// place, the folder flushed too.
type Queue struct {
	Dir          string
	Destinations []Destination
	ReviewBase   string // the review link is ReviewBase + "admin/stories/" + id
	// Confirm, when set, sends each submitter a confirmation (see
	// EnqueueConfirmation); Enqueue leaves it out.
	Confirm Destination

	added chan struct{}
}

// The folders of a queue.
const (
	pendingDir   = "pending"
	deliveredDir = "delivered"
	failedDir    = "failed"
	leasesDir    = "leases" // lock files: who is sending a delivery now
	tmpDir       = "tmp"
)

// abandonedAfter is when a temporary file is a crash's leftover: no
// record takes an hour to write.
const abandonedAfter = time.Hour

// NewQueue returns the queue kept in dir (the inbox's ".notify").
func NewQueue(dir string, destinations []Destination, reviewBase string) *Queue {
	return &Queue{Dir: dir, Destinations: destinations, ReviewBase: reviewBase, added: make(chan struct{}, 1)}
}

// Open makes the queue's folders and removes temporary files a crash
// left behind.
func (q *Queue) Open() error {
	for _, sub := range []string{pendingDir, deliveredDir, failedDir, leasesDir, tmpDir} {
		if err := os.MkdirAll(filepath.Join(q.Dir, sub), 0o700); err != nil {
			return fmt.Errorf("open notification queue: %w", err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(q.Dir, tmpDir))
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > abandonedAfter {
			os.Remove(filepath.Join(q.Dir, tmpDir, e.Name()))
		}
	}
	return nil
}

// Added is signalled after Enqueue, so a dispatcher in this process
// sends at once instead of at its next look at the folder.
func (q *Queue) Added() <-chan struct{} { return q.added }

// Enqueue records one delivery per destination of a story, durably. It
// is called before the story itself is stored, so that a story on disk
// always has its notifications queued; a delivery already queued (a
// retried submission with the same id) is left as it is.
func (q *Queue) Enqueue(msg Message, now time.Time) error {
	if !storyIDPattern.MatchString(msg.ID) {
		return fmt.Errorf("queue notification: %q is not a story id", msg.ID)
	}
	msg.ReviewURL = q.ReviewBase + "admin/stories/" + msg.ID
	for _, dest := range q.Destinations {
		d := Delivery{
			ID: msg.ID + "." + dest.Key(), Story: msg.ID, Destination: dest.String(), Message: msg,
			Created: now.UTC(), NextTry: now.UTC(),
		}
		data, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return fmt.Errorf("queue notification: %w", err)
		}
		err = q.write(q.path(pendingDir, d.ID), data, os.Link)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("queue notification of %s: %w", msg.ID, err)
		}
	}
	select {
	case q.added <- struct{}{}:
	default:
	}
	return nil
}

func (q *Queue) path(sub, id string) string { return filepath.Join(q.Dir, sub, id+".json") }

// write writes data to a temporary file, flushes it and puts it at path
// with place: os.Link to create (fails if path exists), os.Rename to
// replace.
func (q *Queue) write(path string, data []byte, place func(tmp, path string) error) error {
	tmp, err := os.CreateTemp(filepath.Join(q.Dir, tmpDir), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := place(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fs.ErrExist
		}
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

// read reads one record; a name that is not a delivery id is refused.
func (q *Queue) read(sub, id string) (*Delivery, error) {
	if !deliveryIDPattern.MatchString(id) {
		return nil, fmt.Errorf("%q is not a delivery id", id)
	}
	data, err := os.ReadFile(q.path(sub, id))
	if err != nil {
		return nil, err
	}
	var d Delivery
	if err := json.Unmarshal(data, &d); err != nil || d.ID != id {
		return nil, fmt.Errorf("%s: not a delivery record: %v", q.path(sub, id), err)
	}
	return &d, nil
}

// update replaces a pending record after a failed attempt.
func (q *Queue) update(d *Delivery) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return q.write(q.path(pendingDir, d.ID), data, os.Rename)
}

// finish moves a delivery out of pending/ into sub (delivered or
// failed), with its final state. The new record is in place before the
// pending one goes, so a crash between the two leaves both, and the
// pending one is then dropped when it is claimed.
func (q *Queue) finish(d *Delivery, sub string) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	if err := q.write(q.path(sub, d.ID), data, os.Rename); err != nil {
		return fmt.Errorf("record delivery %s: %w", d.ID, err)
	}
	return q.drop(d.ID)
}

// drop removes a pending record and its lock file.
func (q *Queue) drop(id string) error {
	if err := os.Remove(q.path(pendingDir, id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	os.Remove(filepath.Join(q.Dir, leasesDir, id))
	return durable.SyncDir(filepath.Join(q.Dir, pendingDir))
}

// ids lists the delivery ids in one of the folders, oldest story first.
func (q *Queue) ids(sub string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(q.Dir, sub))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".json"); ok && deliveryIDPattern.MatchString(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// Pending returns the deliveries not sent yet, and Failed those given
// up. A record that cannot be read is named in the error; the others are
// returned all the same.
func (q *Queue) Pending() ([]Delivery, error) { return q.list(pendingDir) }
func (q *Queue) Failed() ([]Delivery, error)  { return q.list(failedDir) }

// Delivered returns the deliveries sent.
func (q *Queue) Delivered() ([]Delivery, error) { return q.list(deliveredDir) }

func (q *Queue) list(sub string) ([]Delivery, error) {
	ids, err := q.ids(sub)
	if err != nil {
		return nil, fmt.Errorf("read notification queue: %w", err)
	}
	var out []Delivery
	var bad []error
	for _, id := range ids {
		d, err := q.read(sub, id)
		if errors.Is(err, fs.ErrNotExist) {
			continue // sent or given up meanwhile
		}
		if err != nil {
			bad = append(bad, err)
			continue
		}
		out = append(out, *d)
	}
	return out, errors.Join(bad...)
}
