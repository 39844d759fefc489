// Command receiveload is the load test of "rainmaker receive": it starts
// the real server on loopback, sends N story submissions from C concurrent
// clients, then checks that every accepted story is in the inbox exactly
// once and whole, and reports throughput and latency percentiles.
//
//	go run ./bench/receiveload -n 2000 -c 50
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/internal/notifytest"
)

func main() {
	n := flag.Int("n", 2000, "submissions to send")
	c := flag.Int("c", 50, "concurrent clients")
	site := flag.String("s", ".", "site folder (holds site.toml)")
	notifications := flag.Bool("notify", true, "send each story to a webhook and by email (both on loopback) and check each is notified once")
	flag.Parse()
	if err := run(*n, *c, *site, *notifications); err != nil {
		fmt.Fprintln(os.Stderr, "receiveload:", err)
		os.Exit(1)
	}
}

func run(n, clients int, site string, notifications bool) error {
	tmp, err := os.MkdirTemp("", "receiveload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "rainmaker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	inbox := filepath.Join(tmp, "inbox")
	var recv *notifytest.Receivers
	if notifications {
		if recv, err = notifytest.Start(); err != nil {
			return err
		}
		defer recv.Close()
		site, err = filepath.Join(tmp, "site"), siteWithNotify(recv, site, filepath.Join(tmp, "site"))
		if err != nil {
			return err
		}
	}
	cmd := exec.Command(bin, "receive", "-s", site, "--addr", "127.0.0.1:0", "--inbox", inbox, "--rate-limit", "0")
	if recv != nil {
		cmd.Env = append(os.Environ(), "RAINMAKER_WEBHOOK_SECRET="+string(recv.Secret))
	}
	stdout, _ := cmd.StdoutPipe()
	var serverLog bytes.Buffer // shown when something fails; the delivery log is long
	cmd.Stderr = &serverLog
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	endpoint, err := announcedEndpoint(stdout)
	if err != nil {
		return fmt.Errorf("%w\n%s", err, serverLog.Bytes())
	}

	r := sendLoad(endpoint, n, clients)
	stored, err := checkInbox(inbox, r.accepted)
	if err != nil {
		return err
	}
	r.report(n, clients, stored)
	if stored != n || r.codes[http.StatusCreated] != n {
		return fmt.Errorf("%d of %d submissions were stored", stored, n)
	}
	if recv != nil {
		took, err := recv.Wait(r.accepted, 2*time.Minute)
		if err != nil {
			return fmt.Errorf("notifications: %w", err)
		}
		fmt.Printf("notified:    %d stories, each by one signed webhook request and one email, %s after the last answer\n",
			len(r.accepted), took.Round(time.Millisecond))
	}
	return nil
}

// announcedEndpoint reads the address the server listens on from its first
// line of output, since it picks a free port itself.
func announcedEndpoint(stdout io.Reader) (string, error) {
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("receive did not start: %v", err)
	}
	m := regexp.MustCompile(`at (http://\S+) `).FindStringSubmatch(line)
	if m == nil {
		return "", fmt.Errorf("no address in %q", line)
	}
	return m[1], nil
}

// loadResult is what the clients saw: every answer's latency and status code
// (0 when the request failed), and the stories the server accepted.
type loadResult struct {
	latencies []time.Duration
	accepted  map[string]string // id -> title
	codes     map[int]int
	wall      time.Duration
}

// sendLoad posts n submissions to endpoint from the given number of
// concurrent clients.
func sendLoad(endpoint string, n, clients int) *loadResult {
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	jobs := make(chan int)
	var mu sync.Mutex
	r := &loadResult{accepted: map[string]string{}, codes: map[int]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for i := range jobs {
				title, body := storyJSON(i)
				t0 := time.Now()
				resp, err := client.Post(endpoint, "application/json", bytes.NewReader(body))
				elapsed := time.Since(t0)
				mu.Lock()
				r.record(title, resp, err, elapsed)
				mu.Unlock()
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	r.wall = time.Since(start)
	return r
}

// storyJSON is the JSON body of the i-th story, with its unique title.
func storyJSON(i int) (title string, body []byte) {
	title = fmt.Sprintf("Load test story %05d", i)
	body, _ = json.Marshal(map[string]any{
		"name": "Load Tester", "email": "load@example.org", "title": title,
		"story": strings.Repeat(fmt.Sprintf("Story %d: coaching moved my numbers. ", i), 12), "consent": true,
	})
	return title, body
}

// record notes one answer; the caller holds the lock.
func (r *loadResult) record(title string, resp *http.Response, err error, elapsed time.Duration) {
	if err != nil {
		r.codes[0]++
	} else {
		var got struct{ ID string }
		json.NewDecoder(resp.Body).Decode(&got)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		r.codes[resp.StatusCode]++
		if resp.StatusCode == http.StatusCreated {
			r.accepted[got.ID] = title
		}
	}
	r.latencies = append(r.latencies, elapsed)
}

// checkInbox makes sure every accepted story is in the inbox exactly once,
// whole, and returns how many stories the inbox holds.
func checkInbox(dir string, accepted map[string]string) (int, error) {
	stored, err := (&submission.Inbox{Dir: dir}).List()
	if err != nil {
		return 0, fmt.Errorf("read inbox: %v", err)
	}
	seen := map[string]int{}
	for _, s := range stored {
		seen[s.Title]++
		if want, ok := accepted[s.ID]; !ok || want != s.Title || !strings.HasPrefix(s.Story, "Story ") {
			return 0, fmt.Errorf("inbox entry %s does not match what was accepted (%q)", s.ID, s.Title)
		}
	}
	for id, title := range accepted {
		if seen[title] != 1 {
			return 0, fmt.Errorf("%s (%s) is in the inbox %d times", id, title, seen[title])
		}
	}
	return len(stored), nil
}

func (r *loadResult) report(n, clients, stored int) {
	latencies := r.latencies
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	fmt.Printf("submissions: %d from %d clients in %s\n", n, clients, r.wall.Round(time.Millisecond))
	fmt.Printf("answers:     %v\n", r.codes)
	fmt.Printf("inbox:       %d stories, each accepted one exactly once, none corrupt\n", stored)
	fmt.Printf("throughput:  %.0f submissions/s\n", float64(n)/r.wall.Seconds())
	fmt.Printf("latency:     p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond),
		pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond))
}
