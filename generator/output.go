package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// Output is the one place every byte of a build goes through.
type Output interface {
	// WriteFile writes a file at a slash-separated path inside the output.
	WriteFile(rel string, data []byte) error
	// CopyFile copies a file of src into the output at rel.
	CopyFile(rel string, src fs.FS, srcPath string) error
}

// OutputStats counts what a build wrote.
type OutputStats struct {
	Files int64
	Bytes int64
}

// stagedDir writes a site into a fresh folder beside the target and swaps
// it in whole at the end, so that readers of the target never see a half
// written site and a failed build leaves the previous one as it was.
type stagedDir struct {
	target  string
	staging string
	files   atomic.Int64
	bytes   atomic.Int64

	// Pages are written by a pool of writers, so that rendering goes on
	// while the disk works; the queue bounds the pages held in memory.
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

// flushEvery is how many written bytes start a background flush.
const flushEvery = 32 << 20

type writeJob struct {
	full, rel string
	data      []byte
	release   func() // gives data's buffer back once written, or nil
}

// ownedWriter is an Output that can take a rendered buffer over until it
// is written, instead of copying it: 250 MB less to copy and collect on a
// 10,000-page site.
type ownedWriter interface {
	writeOwned(rel string, data []byte, release func()) error
}

// writeQueueLength bounds the rendered files waiting for a writer.
const writeQueueLength = 128

func newStagedDir(target string) (*stagedDir, error) {
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
	o := &stagedDir{target: target, staging: staging, queue: make(chan writeJob, writeQueueLength)}
	for range ioWorkers() {
		o.writers.Go(o.writeLoop)
	}
	return o, nil
}

func (o *stagedDir) writeLoop() {
	for job := range o.queue {
		if err := o.write(job); err != nil {
			o.errOnce.Do(func() { o.err = err })
		}
		if job.release != nil {
			job.release()
		}
	}
}

func (o *stagedDir) write(job writeJob) error {
	if err := o.mkdirFor(job.full); err != nil {
		return fmt.Errorf("write %s: %w", job.rel, err)
	}
	if err := rawWriteFile(job.full, job.data); err != nil {
		return fmt.Errorf("write %s: %w", job.rel, err)
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(job.data)))
	if o.unflushed.Add(int64(len(job.data))) >= flushEvery && o.flushing.CompareAndSwap(false, true) {
		o.unflushed.Store(0)
		o.flushes.Go(func() {
			defer o.flushing.Store(false)
			_ = syncTree(o.staging) // an error here shows again in commit's flush
		})
	}
	return nil
}

// drain waits for every queued write and returns the first error.
func (o *stagedDir) drain() error {
	if !o.closed {
		o.closed = true
		close(o.queue)
		o.writers.Wait()
		o.flushes.Wait()
	}
	return o.err
}

func (o *stagedDir) safePath(rel string) (string, error) { return safeJoin(o.staging, rel) }

// mkdirFor makes the folder of a file. Nearly every file of a site is the
// index.html of a folder of its own, so the mkdir is needed anyway; a set
// of the folders made would cost more memory (some 35 MB at 100,000 pages)
// than the few mkdirs of a folder that exists already.
func (o *stagedDir) mkdirFor(full string) error {
	dir := filepath.Dir(full)
	// Mostly the parent exists already: one mkdir, not MkdirAll's stats.
	err := rawMkdir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// WriteFile queues a file; errors come back from commit. data is copied,
// so the caller may reuse its buffer.
func (o *stagedDir) WriteFile(rel string, data []byte) error {
	full, err := o.safePath(rel)
	if err != nil {
		return err
	}
	o.queue <- writeJob{full: full, rel: rel, data: append([]byte(nil), data...)}
	return nil
}

func (o *stagedDir) writeOwned(rel string, data []byte, release func()) error {
	full, err := o.safePath(rel)
	if err != nil {
		release()
		return err
	}
	o.queue <- writeJob{full: full, rel: rel, data: data, release: release}
	return nil
}

func (o *stagedDir) CopyFile(rel string, src fs.FS, srcPath string) error {
	full, err := o.safePath(rel)
	if err != nil {
		return err
	}
	if err := o.mkdirFor(full); err != nil {
		return fmt.Errorf("copy %s: %w", srcPath, err)
	}
	in, err := src.Open(srcPath)
	if err != nil {
		return fmt.Errorf("copy %s: %w", srcPath, err)
	}
	defer in.Close()
	out, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("copy %s: %w", srcPath, err)
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copy %s: %w", srcPath, err)
	}
	o.files.Add(1)
	o.bytes.Add(n)
	return nil
}

func (o *stagedDir) stats() OutputStats {
	return OutputStats{Files: o.files.Load(), Bytes: o.bytes.Load()}
}

// abort removes the staging folder; the target is untouched.
func (o *stagedDir) abort() {
	o.drain()
	os.RemoveAll(o.staging)
}

// commit flushes the staged site to disk and swaps it in for the target.
func (o *stagedDir) commit() error {
	if err := o.drain(); err != nil {
		o.abort()
		return err
	}
	if err := syncTree(o.staging); err != nil {
		o.abort()
		return fmt.Errorf("flush output: %w", err)
	}
	old, err := swapDirs(o.staging, o.target)
	if err != nil {
		o.abort()
		return fmt.Errorf("publish %s: %w", o.target, err)
	}
	if old != "" {
		// The previous site is now out of the way; a failure to remove it
		// leaves a hidden folder behind but the new site is in place.
		os.RemoveAll(old)
	}
	return durable.SyncDir(filepath.Dir(o.target))
}

// stagingPrefix begins the name of the hidden folder a build of target
// is staged in, beside it.
func stagingPrefix(target string) string { return "." + filepath.Base(target) + ".staging-" }

// staleStagingAge is how old the staging folder of another build must be
// to be taken for what a killed build left: no build runs this long.
const staleStagingAge = time.Hour

// removeStaleStaging removes the staging folders that killed builds of
// target left beside it: a build stopped with Ctrl-C leaves a partial
// site there, hidden, that no later build would reuse. A folder newer
// than staleStagingAge may be a build's that is still running, and stays.
func removeStaleStaging(target string, now time.Time) {
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

// memoryOutput keeps a built site in memory: for tests, and for the
// dev server, which serves from it.
type memoryOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newMemoryOutput() *memoryOutput { return &memoryOutput{files: map[string][]byte{}} }

func (m *memoryOutput) WriteFile(rel string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[rel] = append([]byte(nil), data...)
	return nil
}

func (m *memoryOutput) CopyFile(rel string, src fs.FS, srcPath string) error {
	data, err := fs.ReadFile(src, srcPath)
	if err != nil {
		return fmt.Errorf("copy %s: %w", srcPath, err)
	}
	return m.WriteFile(rel, data)
}
