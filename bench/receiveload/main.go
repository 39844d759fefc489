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
)

func main() {
	n := flag.Int("n", 2000, "submissions to send")
	c := flag.Int("c", 50, "concurrent clients")
	site := flag.String("s", ".", "site folder (holds site.toml)")
	flag.Parse()
	if err := run(*n, *c, *site); err != nil {
		fmt.Fprintln(os.Stderr, "receiveload:", err)
		os.Exit(1)
	}
}

func run(n, clients int, site string) error {
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
	cmd := exec.Command(bin, "receive", "-s", site, "--addr", "127.0.0.1:0", "--inbox", inbox, "--rate-limit", "0")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("receive did not start: %v", err)
	}
	m := regexp.MustCompile(`at (http://\S+) `).FindStringSubmatch(line)
	if m == nil {
		return fmt.Errorf("no address in %q", line)
	}
	endpoint := m[1]

	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	jobs := make(chan int)
	var mu sync.Mutex
	var latencies []time.Duration
	accepted := map[string]string{} // id -> title
	codes := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for i := range jobs {
				title := fmt.Sprintf("Load test story %05d", i)
				body, _ := json.Marshal(map[string]any{
					"name": "Load Tester", "email": "load@example.org", "title": title,
					"story": strings.Repeat(fmt.Sprintf("Story %d: coaching moved my numbers. ", i), 12), "consent": true,
				})
				t0 := time.Now()
				resp, err := client.Post(endpoint, "application/json", bytes.NewReader(body))
				elapsed := time.Since(t0)
				mu.Lock()
				if err != nil {
					codes[0]++
				} else {
					var got struct{ ID string }
					json.NewDecoder(resp.Body).Decode(&got)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					codes[resp.StatusCode]++
					if resp.StatusCode == http.StatusCreated {
						accepted[got.ID] = title
					}
				}
				latencies = append(latencies, elapsed)
				mu.Unlock()
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	wall := time.Since(start)

	// Every accepted story exactly once, whole.
	stored, err := (&submission.Inbox{Dir: inbox}).List()
	if err != nil {
		return fmt.Errorf("read inbox: %v", err)
	}
	seen := map[string]int{}
	for _, s := range stored {
		seen[s.Title]++
		if want, ok := accepted[s.ID]; !ok || want != s.Title || !strings.HasPrefix(s.Story, "Story ") {
			return fmt.Errorf("inbox entry %s does not match what was accepted (%q)", s.ID, s.Title)
		}
	}
	for id, title := range accepted {
		if seen[title] != 1 {
			return fmt.Errorf("%s (%s) is in the inbox %d times", id, title, seen[title])
		}
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	fmt.Printf("submissions: %d from %d clients in %s\n", n, clients, wall.Round(time.Millisecond))
	fmt.Printf("answers:     %v\n", codes)
	fmt.Printf("inbox:       %d stories, each accepted one exactly once, none corrupt\n", len(stored))
	fmt.Printf("throughput:  %.0f submissions/s\n", float64(n)/wall.Seconds())
	fmt.Printf("latency:     p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond),
		pct(0.99).Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond))
	if len(stored) != n || codes[http.StatusCreated] != n {
		return fmt.Errorf("%d of %d submissions were stored", len(stored), n)
	}
	return nil
}
