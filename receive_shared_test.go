package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// TestTwoReceiversShareOneInbox: several processes on one inbox folder,
// more starting while they work; every story answered 201 is stored once
// and none is answered 500 (a starting server once deleted the others'
// temporary files mid-write).
func TestTwoReceiversShareOneInbox(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	inbox := t.TempDir()
	_, a := startReceive(t, inbox, "--rate-limit", "0")
	_, b := startReceive(t, inbox, "--rate-limit", "0")
	var mu sync.Mutex
	ids := map[string]bool{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 40 {
				endpoint := []string{a, b}[(w+i)%2]
				resp, err := http.Post(endpoint, "application/json", bytes.NewReader(storyJSON(w*1000+i)))
				if err != nil {
					t.Error(err)
					return
				}
				var got struct{ ID string }
				json.NewDecoder(resp.Body).Decode(&got)
				resp.Body.Close()
				mu.Lock()
				if resp.StatusCode != http.StatusCreated || ids[got.ID] {
					t.Errorf("answer %d, id %q", resp.StatusCode, got.ID)
				}
				ids[got.ID] = true
				mu.Unlock()
			}
		})
	}
	for range 3 { // servers starting on the busy inbox
		startReceive(t, inbox, "--rate-limit", "0")
	}
	wg.Wait()
	list, err := (&submission.Inbox{Dir: inbox}).List()
	if err != nil || len(list) != len(ids) || len(ids) != 160 {
		t.Errorf("%d answered, %d stored: %v", len(ids), len(list), err)
	}
	resp, err := http.Get(strings.Replace(a, "/api/stories", "/healthz", 1))
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz: %v %v", resp, err)
	}
}

// TestReceiveRefusesAnInboxItCannotWrite: it once started and answered
// every story with a 500. As root, who may write anywhere, the server
// runs as nobody.
func TestReceiveRefusesAnInboxItCannotWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	root, err := os.MkdirTemp("", "rainmaker-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	inbox := filepath.Join(root, "inbox")
	os.MkdirAll(filepath.Join(inbox, ".incoming"), 0o755)
	site := copySampleSite(t, "")
	os.Rename(site, filepath.Join(root, "site"))
	site = filepath.Join(root, "site")
	cmd := exec.Command(bin, "receive", "-s", site, "--inbox", inbox, "--addr", "127.0.0.1:0")
	if os.Geteuid() == 0 {
		for _, dir := range []string{filepath.Dir(bin), root} {
			os.Chmod(dir, 0o755)
		}
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error { return os.Chmod(path, 0o755) })
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	} else {
		os.Chmod(filepath.Join(inbox, ".incoming"), 0o500)
		os.Chmod(inbox, 0o500)
		t.Cleanup(func() { os.Chmod(inbox, 0o700); os.Chmod(filepath.Join(inbox, ".incoming"), 0o700) })
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A server that starts says so on its first line, and is stopped.
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "" {
		cmd.Process.Kill()
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 || line != "" || !strings.Contains(stderr.String(), "cannot be written") {
		t.Errorf("exit %d: %s%s", code, line, stderr.String())
	}
}
