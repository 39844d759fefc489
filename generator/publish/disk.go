package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// Disk writes a site into a fresh folder beside the target and swaps it
// in whole on Commit, so that readers of the target never see a half
// written site and a failed or killed build leaves the previous one as it
// was. A carried file is a hard link to the previous site's.
type Disk struct {
	target  string
	staging string
	prev    Manifest

	mu   sync.Mutex
	next Manifest

	written, carried, bytes atomic.Int64

	// Files are written by a pool of writers, so that rendering goes on
	// while the disk works; the queue bounds the files held in memory.
	queue   chan writeJob
	writers sync.WaitGroup
	errOnce sync.Once
	err     error
	closed  bool

	// The staged files must all be on disk before the swap. Flushing them
	// as they pile up, while rendering goes on, leaves the final flush
	// little to wait for.
	unflushed atomic.Int64
	flushing  atomic.Bool
	flushes   sync.WaitGroup
}

// QueueLength bounds the files waiting for a writer: a renderer that
// recycles its buffers needs this many more than it has workers.
const QueueLength = 128

// flushEvery is how many written bytes start a background flush.
const flushEvery = 32 << 20

type writeJob struct {
	full, rel string
	key       Key
	data      []byte
	release   func()
}

// NewDisk stages a build of target; prev is the manifest of the site in
// target now, or nil.
func NewDisk(target string, prev Manifest) (*Disk, error) {
	target = filepath.Clean(target)
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	staging, err := os.MkdirTemp(parent, stagingPrefix(target)+"*")
	if err != nil {
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		os.RemoveAll(staging)
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	d := &Disk{target: target, staging: staging, prev: prev, next: make(Manifest, len(prev)), queue: make(chan writeJob, QueueLength)}
	for range 4 * max(1, runtimeCores()) {
		d.writers.Go(d.writeLoop)
	}
	return d, nil
}

// Fresh stats the target's file: a file deleted, truncated or
// overwritten since the previous build is not carried but made again.
func (d *Disk) Fresh(rel string, key Key) bool {
	e, ok := d.prev[rel]
	if !ok || key == (Key{}) || e.Key != key {
		return false
	}
	full, err := SafeJoin(d.target, rel)
	if err != nil {
		return false
	}
	info, err := os.Lstat(full)
	return err == nil && info.Mode().IsRegular() && stampOf(info) == e.Stamp
}

func stampOf(info fs.FileInfo) Stamp {
	return Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
}

func (d *Disk) Write(rel string, key Key, data []byte, release func()) error {
	full, err := SafeJoin(d.staging, rel)
	if err != nil {
		if release != nil {
			release()
		}
		return err
	}
	if release == nil {
		data = append([]byte(nil), data...)
	}
	d.queue <- writeJob{full: full, rel: rel, key: key, data: data, release: release}
	return nil
}

// Carry links the previous site's file into the staged one. The link
// shares the file's inode, so its stamp stays the one in the manifest.
func (d *Disk) Carry(rel string) error {
	e, ok := d.prev[rel]
	if !ok {
		return fmt.Errorf("carry %s: not in the previous build", rel)
	}
	from, err := SafeJoin(d.target, rel)
	if err != nil {
		return err
	}
	to, _ := SafeJoin(d.staging, rel)
	if err := mkdirFor(to); err != nil {
		return fmt.Errorf("carry %s: %w", rel, err)
	}
	if err := os.Link(from, to); err != nil {
		return fmt.Errorf("carry %s: %w", rel, err)
	}
	d.record(rel, e)
	d.carried.Add(1)
	return nil
}

func (d *Disk) record(rel string, e Entry) {
	d.mu.Lock()
	d.next[rel] = e
	d.mu.Unlock()
}

func (d *Disk) writeLoop() {
	for job := range d.queue {
		if err := d.write(job); err != nil {
			d.errOnce.Do(func() { d.err = err })
		}
		if job.release != nil {
			job.release()
		}
	}
}

func (d *Disk) write(job writeJob) error {
	if err := mkdirFor(job.full); err != nil {
		return fmt.Errorf("write %s: %w", job.rel, err)
	}
	stamp, err := writeFile(job.full, job.data)
	if err != nil {
		return fmt.Errorf("write %s: %w", job.rel, err)
	}
	d.record(job.rel, Entry{Key: job.key, Stamp: stamp})
	d.written.Add(1)
	d.bytes.Add(int64(len(job.data)))
	if d.unflushed.Add(int64(len(job.data))) >= flushEvery && d.flushing.CompareAndSwap(false, true) {
		d.unflushed.Store(0)
		d.flushes.Go(func() {
			defer d.flushing.Store(false)
			_ = syncTree(d.staging) // an error here shows again in Commit's flush
		})
	}
	return nil
}

// mkdirFor makes the folder of a file. Nearly every file of a site is
// the index.html of a folder of its own, so one mkdir is mostly all it
// takes.
func mkdirFor(full string) error {
	dir := filepath.Dir(full)
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// drain waits for every queued write and returns the first error.
func (d *Disk) drain() error {
	if !d.closed {
		d.closed = true
		close(d.queue)
		d.writers.Wait()
		d.flushes.Wait()
	}
	return d.err
}

func (d *Disk) Stats() Stats {
	return Stats{Written: d.written.Load(), Carried: d.carried.Load(), Bytes: d.bytes.Load()}
}

// Manifest is what this build published; complete after Commit.
func (d *Disk) Manifest() Manifest {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.next
}

// Abort removes the staging folder; the target is untouched.
func (d *Disk) Abort() {
	d.drain()
	os.RemoveAll(d.staging)
}

// Commit flushes the staged site to disk and swaps it in for the target.
func (d *Disk) Commit() error {
	if err := d.drain(); err != nil {
		d.Abort()
		return err
	}
	if err := syncTree(d.staging); err != nil {
		d.Abort()
		return fmt.Errorf("flush output: %w", err)
	}
	old, err := swapDirs(d.staging, d.target)
	if err != nil {
		d.Abort()
		return fmt.Errorf("publish %s: %w", d.target, err)
	}
	if old != "" {
		// The previous site is out of the way; failing to remove it leaves
		// a hidden folder behind, but the new site is in place.
		os.RemoveAll(old)
	}
	if err := durable.SyncDir(filepath.Dir(d.target)); err != nil {
		return err
	}
	RemoveStaleStaging(d.target, time.Now())
	return nil
}

// stagingPrefix begins the name of the hidden folder a build of target
// is staged in, beside it.
func stagingPrefix(target string) string { return "." + filepath.Base(target) + ".staging-" }

// staleStagingAge is how old another build's staging folder must be to be
// taken for what a killed build left: no build runs this long.
const staleStagingAge = time.Hour

// RemoveStaleStaging removes the staging folders that killed builds of
// target left beside it. A folder newer than staleStagingAge may be a
// running build's, and stays.
func RemoveStaleStaging(target string, now time.Time) {
	target = filepath.Clean(target)
	parent, prefix := filepath.Dir(target), stagingPrefix(target)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleStagingAge {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// swapDirs puts staging in place of target. It returns where the previous
// target now is ("" if there was none), for the caller to remove.
func swapDirs(staging, target string) (string, error) {
	info, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", os.Rename(staging, target)
	case err != nil:
		return "", err
	case !info.IsDir():
		return "", fmt.Errorf("%s exists and is not a folder", target)
	}
	if err := exchange(staging, target); err == nil {
		return staging, nil
	}
	// No atomic exchange on this system: move the old one aside first.
	aside := staging + ".old"
	if err := os.Rename(target, aside); err != nil {
		return "", err
	}
	if err := os.Rename(staging, target); err != nil {
		_ = os.Rename(aside, target)
		return "", err
	}
	return aside, nil
}
