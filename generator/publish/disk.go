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

// Disk builds a site in a standby folder beside the target and swaps
// the two in one atomic step on Commit, so that readers of the target
// never see a half written site and a failed or killed build leaves the
// live one as it was. The folder the swap puts aside is the next build's
// standby: it holds the site of the build before, so a build writes only
// what changed since then, and carries the rest (a file of the standby
// still as that build left it stays; a file of the live site still as
// the last build left it is copied).
type Disk struct {
	target  string
	staging string   // the standby folder this build updates
	prev    Previous // what the live and the standby folder hold

	mu   sync.Mutex
	next Manifest

	written, carried, bytes atomic.Int64
	paths                   []string // written, for the flush; under mu

	// The standby must be on disk before the swap. Flushing what was
	// written as it piles up, while rendering goes on, leaves the final
	// flush little to wait for.
	unflushed atomic.Int64
	flushing  atomic.Bool
	flushes   sync.WaitGroup

	// Files are written by a pool of writers, so that rendering goes on
	// while the disk works; the queue bounds the files held in memory.
	queue   chan writeJob
	writers sync.WaitGroup
	errOnce sync.Once
	err     error
	closed  bool
	dirty   string // marks the standby as being written into, until the swap

	inStandby sync.Map // rel -> true: Fresh found the standby's file as the key wants

	// found lists the standby's files that may be in no manifest,
	// walked while the build renders.
	found chan []string
}

// Previous is what the previous build left: the manifests of the live
// folder and of the standby folder beside it.
type Previous struct {
	Live, Standby Manifest
}

// flushEvery is how many written bytes start a background flush.
const flushEvery = 32 << 20

// QueueLength bounds the files waiting for a writer: a renderer that
// recycles its buffers needs this many more than it has workers.
const QueueLength = 128

type writeJob struct {
	full, rel string
	key       Key
	data      []byte
	release   func()
	carried   bool // a copy of the live site's file
}

// NewDisk prepares a build of target in its standby folder, made when
// there is none. A file of the standby is carried only when its stamp is
// the one the manifest gives; files no manifest names are removed.
func NewDisk(target string, prev Previous) (*Disk, error) {
	target = filepath.Clean(target)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	d := &Disk{target: target, staging: standbyPath(target), prev: prev, next: make(Manifest, len(prev.Live)),
		queue: make(chan writeJob, QueueLength), found: make(chan []string, 1)}
	if info, err := os.Lstat(d.staging); err == nil && !info.IsDir() {
		os.Remove(d.staging)
	}
	if err := os.Mkdir(d.staging, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	// A standby of unknown content, or one a stopped build was writing
	// into, may hold files no manifest names: they are found while the
	// build goes on. Walking a standby of 10,000 folders costs 0.2 s, so
	// a standby only this program has written into is not walked.
	d.dirty = d.staging + ".dirty"
	if _, err := os.Lstat(d.dirty); err == nil || prev.Standby == nil {
		go func() { d.found <- listFiles(d.staging) }()
	} else {
		d.found <- nil
	}
	if err := os.WriteFile(d.dirty, nil, 0o644); err != nil {
		return nil, fmt.Errorf("prepare output: %w", err)
	}
	for range 4 * max(1, runtimeCores()) {
		d.writers.Go(d.writeLoop)
	}
	return d, nil
}

// StandbyPath is the hidden folder beside target that the next build of
// it is made in: it holds the build before's files.
func StandbyPath(target string) string { return standbyPath(target) }

// standbyPath is the hidden folder beside target that the next build of
// it is made in.
func standbyPath(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".standby")
}

// Fresh reports whether the standby or the live folder holds rel as the
// previous builds made it with this key, and still as they left it: a
// file deleted, truncated or overwritten since is made again.
func (d *Disk) Fresh(rel string, key Key) bool {
	if d.freshIn(d.staging, d.prev.Standby, rel, key) {
		d.inStandby.Store(rel, true) // Carry keeps it without a second look
		return true
	}
	return d.freshIn(d.target, d.prev.Live, rel, key)
}

func (d *Disk) freshIn(root string, m Manifest, rel string, key Key) bool {
	e, ok := m[rel]
	if !ok || key == (Key{}) || e.Key != key {
		return false
	}
	full, err := SafeJoin(root, rel)
	if err != nil {
		return false
	}
	stamp, ok := regularStamp(full)
	return ok && stamp == e.Stamp
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

// Carry keeps the standby's file when it is the one the key was made
// for, and else copies the live site's.
func (d *Disk) Carry(rel string, key Key) error {
	if _, ok := d.inStandby.Load(rel); ok && d.prev.Standby[rel].Key == key {
		d.record(rel, d.prev.Standby[rel])
		d.carried.Add(1)
		return nil
	}
	live, ok := d.prev.Live[rel]
	if !ok || live.Key != key {
		return fmt.Errorf("carry %s: not in the previous build", rel)
	}
	from, err := SafeJoin(d.target, rel)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(from)
	if err != nil || int64(len(data)) != live.Stamp.Size {
		return fmt.Errorf("carry %s: changed since the previous build", rel)
	}
	full, _ := SafeJoin(d.staging, rel)
	d.queue <- writeJob{full: full, rel: rel, key: key, data: data, release: func() {}, carried: true}
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
	err := mkdirFor(job.full)
	var stamp Stamp
	if err == nil {
		stamp, err = writeFile(job.full, job.data)
	}
	if err != nil && d.clearWay(job.full) {
		// A file where a folder must be, or the other way round, left in
		// the standby by a killed build or by hand: gone, and again.
		if err = mkdirFor(job.full); err == nil {
			stamp, err = writeFile(job.full, job.data)
		}
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", job.rel, err)
	}
	d.mu.Lock()
	d.next[job.rel] = Entry{Key: job.key, Stamp: stamp}
	d.paths = append(d.paths, job.full)
	d.mu.Unlock()
	if job.carried {
		d.carried.Add(1)
	} else {
		d.written.Add(1)
		d.bytes.Add(int64(len(job.data)))
	}
	if d.unflushed.Add(int64(len(job.data))) >= flushEvery && d.flushing.CompareAndSwap(false, true) {
		d.unflushed.Store(0)
		d.flushes.Go(func() {
			defer d.flushing.Store(false)
			_ = syncTree(d.staging) // an error here shows again in Commit's flush
		})
	}
	return nil
}

// clearWay removes what stands in the way of writing full in the
// standby: a file in place of one of its folders, or a folder in place of
// it. It reports whether it removed anything.
func (d *Disk) clearWay(full string) bool {
	if info, err := os.Lstat(full); err == nil && info.IsDir() {
		return os.RemoveAll(full) == nil
	}
	for dir := filepath.Dir(full); dir != d.staging && strings.HasPrefix(dir, d.staging); dir = filepath.Dir(dir) {
		if info, err := os.Lstat(dir); err == nil && !info.IsDir() {
			return os.Remove(dir) == nil
		}
	}
	return false
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

// Abort stops the build; the live folder is untouched.
func (d *Disk) Abort() {
	d.drain()
	<-d.found
}

// Commit removes from the standby what this build does not make, flushes
// it to disk and swaps it in for the target. What was live becomes the
// next build's standby.
func (d *Disk) Commit() error {
	if err := d.drain(); err != nil {
		return err
	}
	stale := <-d.found
	for rel := range d.prev.Standby {
		stale = append(stale, rel)
	}
	for _, rel := range stale {
		if _, ok := d.next[rel]; !ok {
			if err := removeFile(d.staging, rel); err != nil {
				return err
			}
		}
	}
	if err := d.flush(); err != nil {
		return fmt.Errorf("flush output: %w", err)
	}
	if err := swapDirs(d.staging, d.target); err != nil {
		return fmt.Errorf("publish %s: %w", d.target, err)
	}
	if err := durable.SyncDir(filepath.Dir(d.target)); err != nil {
		return err
	}
	os.Remove(d.dirty)
	RemoveStaleStaging(d.target, time.Now())
	return nil
}

// flush makes the standby durable before the swap: each written file and
// its folder when they are few, else the whole file system at once.
func (d *Disk) flush() error {
	if len(d.paths) > 64 {
		return syncTree(d.staging)
	}
	dirs := map[string]bool{}
	for _, p := range d.paths {
		if err := syncPath(p); err != nil {
			return err
		}
		dirs[filepath.Dir(p)] = true
	}
	for dir := range dirs {
		if err := durable.SyncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

func syncPath(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Manifests is what the live and the standby folder hold after Commit.
func (d *Disk) Manifests() Previous {
	d.mu.Lock()
	defer d.mu.Unlock()
	return Previous{Live: d.next, Standby: d.prev.Live}
}

// removeFile removes a file and the folders its removal leaves empty.
func removeFile(root, rel string) error {
	full, err := SafeJoin(root, rel)
	if err != nil {
		return nil
	}
	if info, err := os.Lstat(full); err != nil || info.IsDir() {
		return nil // gone, or a folder this build made in its place
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", rel, err)
	}
	for dir := filepath.Dir(full); dir != root && strings.HasPrefix(dir, root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
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

// swapDirs exchanges staging and target; target need not exist yet.
func swapDirs(staging, target string) error {
	info, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Rename(staging, target)
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s exists and is not a folder", target)
	}
	if err := exchange(staging, target); err == nil {
		return nil
	}
	// No atomic exchange on this system: move the live one aside first.
	aside := staging + ".swap"
	if err := os.Rename(target, aside); err != nil {
		return err
	}
	if err := os.Rename(staging, target); err != nil {
		_ = os.Rename(aside, target)
		return err
	}
	return os.Rename(aside, staging)
}
