package devserver_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/devserver"
)

// An editor that saves by truncating and then writing can be caught in
// between; the watcher waits for the write instead of reporting an empty
// file that the build would reject.
func TestSaveCaughtBetweenTruncateAndWriteIsOneChange(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := devserver.NewWatcher(site)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan devserver.Change, 4)
	go w.Run(ctx, changes)

	post := filepath.Join(site, "content", "post.md")
	if err := os.WriteFile(post, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-changes:
		t.Fatalf("reported %v while the file was still empty", c.Paths)
	case <-time.After(40 * time.Millisecond):
	}
	if err := os.WriteFile(post, []byte("---\ntitle: Post\n---\nBody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-changes:
		if !slices.Contains(c.Paths, "content/post.md") {
			t.Fatalf("change = %v, want content/post.md", c.Paths)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported after the write")
	}
}

// A new folder is the start of a copy: the batch waits as for a burst, so
// the files that land in it a moment later are in the same rebuild.
func TestNewFolderWaitsForItsFiles(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := devserver.NewWatcher(site)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan devserver.Change, 4)
	go w.Run(ctx, changes)

	if err := os.Mkdir(filepath.Join(site, "content", "copied"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // the copy stalls, well inside the burst time
	if err := os.WriteFile(filepath.Join(site, "content", "copied", "a.md"), []byte("---\ntitle: A\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-changes:
		if !slices.Contains(c.Paths, "content/copied/a.md") {
			t.Fatalf("first change = %v, want the copied file in it", c.Paths)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported")
	}
}
