package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// buildBinary compiles rainmaker once per test run.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "rainmaker-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "rainmaker")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// startReceive runs "rainmaker receive" on a free loopback port and
// returns the process and the endpoint URL.
func startReceive(t *testing.T, inbox string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"receive", "--addr", "127.0.0.1:0", "--inbox", inbox}, extra...)
	cmd := exec.Command(bin, args...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("receive did not start: %v", err)
	}
	m := regexp.MustCompile(`at (http://\S+) `).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no address in %q", line)
	}
	return cmd, m[1]
}

func storyJSON(n int) []byte {
	data, _ := json.Marshal(map[string]any{
		"name": "Reader", "email": "reader@example.org", "title": fmt.Sprintf("Story number %d", n),
		"story": strings.Repeat(fmt.Sprintf("Story %d: coaching worked for me. ", n), 10), "consent": true,
	})
	return data
}

// TestReceiveSurvivesSIGKILL kills the server in the middle of a stream of
// submissions. Every story that was answered 201 must be in the inbox,
// whole; no file in the inbox may be partial; a restart cleans up.
func TestReceiveSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	inbox := t.TempDir()
	cmd, endpoint := startReceive(t, inbox, "--rate-limit", "0")
	var mu sync.Mutex
	answered := map[string]string{} // id -> title
	var wg sync.WaitGroup
	stop := make(chan struct{})
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				n := w*100000 + i
				resp, err := client.Post(endpoint, "application/json", bytes.NewReader(storyJSON(n)))
				if err != nil {
					return // the server is gone
				}
				var got struct{ ID string }
				json.NewDecoder(resp.Body).Decode(&got)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					mu.Lock()
					answered[got.ID] = fmt.Sprintf("Story number %d", n)
					mu.Unlock()
				}
			}
		})
	}
	// Kill once a good number of stories are in flight and stored.
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= 150 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()
	if len(answered) < 50 {
		t.Fatalf("only %d stories answered before the kill", len(answered))
	}

	box := &submission.Inbox{Dir: inbox}
	for id, title := range answered {
		s, err := box.Get(id)
		if err != nil {
			t.Errorf("answered %s but it is not in the inbox: %v", id, err)
			continue
		}
		if s.Title != title || !strings.HasPrefix(s.Story, "Story ") || s.Email != "reader@example.org" {
			t.Errorf("%s is corrupt: %+v", id, s)
		}
	}
	entries, _ := os.ReadDir(inbox)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		id, ok := strings.CutSuffix(e.Name(), ".md")
		if !ok || !submission.ValidID(id) {
			t.Errorf("unexpected file in the inbox: %s", e.Name())
			continue
		}
		if _, err := box.Get(id); err != nil {
			t.Errorf("partial or corrupt file %s: %v", e.Name(), err)
		}
	}
	t.Logf("%d answered, %d stored", len(answered), len(entries)-1)

	// A restart removes whatever temporary files the kill left behind.
	startReceive(t, inbox, "--rate-limit", "0")
	leftovers, _ := os.ReadDir(filepath.Join(inbox, ".incoming"))
	if len(leftovers) != 0 {
		for _, e := range leftovers {
			info, _ := e.Info()
			t.Logf("%s %d bytes %s", e.Name(), info.Size(), info.ModTime())
		}
		t.Errorf("%d temporary files survived a restart", len(leftovers))
	}
}

// TestReceiveShutsDownGracefully sends SIGTERM while requests are in
// flight: each gets its answer, and the server exits 0.
func TestReceiveShutsDownGracefully(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	inbox := t.TempDir()
	cmd, endpoint := startReceive(t, inbox, "--rate-limit", "0")
	// A request whose body is still arriving when the signal comes.
	body, writer := io.Pipe()
	answer := make(chan int, 1)
	go func() {
		resp, err := http.Post(endpoint, "application/json", body)
		if err != nil {
			answer <- 0
			return
		}
		resp.Body.Close()
		answer <- resp.StatusCode
	}()
	story := storyJSON(1)
	writer.Write(story[:20])
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	writer.Write(story[20:])
	writer.Close()
	if code := <-answer; code != http.StatusCreated {
		t.Errorf("the request in flight got %d, want 201", code)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("receive did not stop on SIGTERM")
	}
	if list, _ := (&submission.Inbox{Dir: inbox}).List(); len(list) != 1 {
		t.Errorf("inbox has %d stories, want 1", len(list))
	}
}
