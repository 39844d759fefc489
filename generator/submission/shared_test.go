//go:build unix

package submission_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// TestTwoApprovalsAtOncePublishOnce: both approvals are held at the same
// point (the slug check) until both got there or one has given up; only
// one may publish.
func TestTwoApprovalsAtOncePublishOnce(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	in.Open()
	id, err := in.Save(sample(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	stories := t.TempDir()
	const n = 4
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	arrived, returned := 0, 0
	taken := func(string) bool {
		mu.Lock()
		defer mu.Unlock()
		arrived++
		cond.Broadcast()
		for arrived+returned < n {
			cond.Wait()
		}
		return false
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = in.Approve(id, stories, taken)
			mu.Lock()
			returned++
			cond.Broadcast()
			mu.Unlock()
		})
	}
	wg.Wait()
	files, _ := os.ReadDir(stories)
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, submission.ErrBusy) && !errors.Is(err, submission.ErrNotFound) {
			t.Errorf("approve: %v", err)
		}
	}
	if len(files) != 1 || ok != 1 {
		t.Errorf("%d approvals succeeded, %d stories published, want 1 and 1: %v", ok, len(files), errs)
	}
	if _, err := in.Approve(id, stories, nil); !errors.Is(err, submission.ErrNotFound) || !strings.Contains(err.Error(), "approved already") {
		t.Errorf("a later approval: %v", err)
	}
}

// TestOpenLeavesAnotherProcesssTemporaryFiles: a second server started
// on a shared inbox once deleted the first one's story being written.
// The writer's lock on its file stands in for a live process here.
func TestOpenLeavesAnotherProcesssTemporaryFiles(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	if err := in.Open(); err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(in.Dir, ".incoming", ".tmp-live")
	dead := filepath.Join(in.Dir, ".incoming", ".tmp-dead")
	os.WriteFile(dead, []byte("left by a crash"), 0o600)
	f, err := os.Create(live)
	f.WriteString("a story being written")
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if err := (&submission.Inbox{Dir: in.Dir}).Open(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live writer's file was removed: %v", err)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("a crash's leftover survived: %v", err)
	}
	f.Close()
	in.Open()
	if _, err := os.Stat(live); !os.IsNotExist(err) {
		t.Errorf("once its writer is gone, the file stays: %v", err)
	}
}

// TestListSkipsAnUnreadableFile: one bad file once failed the whole list.
func TestListSkipsAnUnreadableFile(t *testing.T) {
	in := &submission.Inbox{Dir: t.TempDir()}
	in.Open()
	good, _ := in.Save(sample(), time.Now())
	bad := "20260101T000000Z-0badf11e"
	os.WriteFile(filepath.Join(in.Dir, bad+".md"), []byte("---\ntitle: [unclosed\n---\n"), 0o600)
	list, err := in.List()
	var unreadable *submission.UnreadableError
	if !errors.As(err, &unreadable) || len(unreadable.Files) != 1 || !strings.Contains(err.Error(), bad) {
		t.Errorf("err = %v", err)
	}
	if len(list) != 1 || list[0].ID != good {
		t.Errorf("list = %+v", list)
	}
}
