// Command servelatency measures the edit-to-page time of the dev server:
// on a generated site of N pages, it starts "rainmaker serve" (and "hugo
// server" on the same content), then edits one post K times and, for
// each edit, times from the save to the server answering with the new
// text. It reports the median and the spread for both.
//
//	go run ./bench/servelatency -n 10000 -edits 20
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/bench/sitegen"
)

func main() {
	n := flag.Int("n", 10000, "pages to generate")
	edits := flag.Int("edits", 20, "edits to time")
	skipHugo := flag.Bool("skip-hugo", false, "do not measure hugo server")
	flag.Parse()
	if err := run(*n, *edits, *skipHugo); err != nil {
		fmt.Fprintln(os.Stderr, "servelatency:", err)
		os.Exit(1)
	}
}

func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type server struct {
	name    string
	cmd     *exec.Cmd
	addr    string
	content string // the content folder it watches
	times   []time.Duration
	mu      sync.Mutex
	builds  []time.Duration // the rebuild times rainmaker serve prints
}

// readLog keeps the rebuild times of "rainmaker serve"'s lines like
// "12:00:01: rebuilt 1 file in 31 ms (content/…)", after the first build.
func (s *server) readLog(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var ms int
		_, rest, ok := strings.Cut(sc.Text(), ": rebuilt ")
		if !ok || strings.Contains(rest, "first build") {
			continue
		}
		if _, err := fmt.Sscanf(rest[strings.Index(rest, " in ")+1:], "in %d ms", &ms); err == nil {
			s.mu.Lock()
			s.builds = append(s.builds, time.Duration(ms)*time.Millisecond)
			s.mu.Unlock()
		}
	}
}

// The page that is edited and watched, on every server.
const (
	post = "posts/post-000040.md"
	page = "/posts/post-000040/"
)

func run(n, edits int, skipHugo bool) error {
	work, err := os.MkdirTemp("", "servelatency-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	servers, err := prepareServers(work, n, skipHugo)
	if err != nil {
		return err
	}
	for _, s := range servers {
		stdout, _ := s.cmd.StdoutPipe()
		s.cmd.Stderr = os.Stderr
		start := time.Now()
		if err := s.cmd.Start(); err != nil {
			return fmt.Errorf("%s: %v", s.name, err)
		}
		go s.readLog(stdout)
		defer func() { s.cmd.Process.Kill(); s.cmd.Wait() }()
		if err := waitFor(s.addr, page, "", 10*time.Minute); err != nil {
			return fmt.Errorf("%s did not start: %v", s.name, err)
		}
		fmt.Printf("%s: first build served after %s\n", s.name, time.Since(start).Round(time.Millisecond))
	}
	for i := 0; i < edits; i++ {
		for _, s := range servers { // taking turns
			if err := s.timeEdit(i); err != nil {
				return err
			}
		}
	}
	printLatencies(servers, n, edits)
	return nil
}

// prepareServers generates the site and builds rainmaker, and the hugo copy
// of the site unless skipped, and returns the servers ready to start.
func prepareServers(work string, n int, skipHugo bool) ([]*server, error) {
	site := filepath.Join(work, "site")
	fmt.Printf("generating %d pages…\n", n)
	if err := sitegen.Write(site, sitegen.Options{Pages: n, Seed: 1}); err != nil {
		return nil, err
	}
	bin := filepath.Join(work, "rainmaker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	servers := []*server{{name: "rainmaker serve", addr: freePort(), content: filepath.Join(site, "content")}}
	servers[0].cmd = exec.Command(bin, "serve", "-s", site, "--addr", servers[0].addr)
	if skipHugo {
		return servers, nil
	}
	if err := sitegen.EnsureHugo(); err != nil {
		return nil, err
	}
	hugoSite := filepath.Join(work, "hugo-site")
	if err := sitegen.WriteHugoSite(hugoSite, site); err != nil {
		return nil, err
	}
	h := &server{name: "hugo server", addr: freePort(), content: filepath.Join(hugoSite, "content")}
	_, port, _ := net.SplitHostPort(h.addr)
	h.cmd = exec.Command("hugo", "server", "--source", hugoSite, "--bind", "127.0.0.1", "--port", port,
		"--baseURL", "http://"+h.addr+"/", "--appendPort=false", "--quiet")
	return append(servers, h), nil
}

// timeEdit replaces the post's edit marker with the i-th one and records
// how long the server takes to serve it.
func (s *server) timeEdit(i int) error {
	path := filepath.Join(s.content, post)
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	marker := fmt.Sprintf("Edit marker %s %d.", strings.ReplaceAll(s.name, " ", "-"), i)
	text := string(data)
	if j := strings.Index(text, "\nEdit marker "); j >= 0 {
		text = text[:j]
	}
	text = strings.TrimRight(text, "\n") + "\n" + marker + "\n"
	time.Sleep(300 * time.Millisecond) // let the previous rebuild settle
	saved := time.Now()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return err
	}
	if err := waitFor(s.addr, page, marker, 5*time.Minute); err != nil {
		return fmt.Errorf("%s: edit %d: %v", s.name, i, err)
	}
	s.times = append(s.times, time.Since(saved))
	return nil
}

func printLatencies(servers []*server, n, edits int) {
	fmt.Printf("\nsave-to-served latency of one post on a %d-page site, %d edits each\n\n| server | median | min | max |\n|---|---:|---:|---:|\n", n, edits)
	for _, s := range servers {
		t := slices.Clone(s.times)
		slices.Sort(t)
		fmt.Printf("| %s | %d ms | %d ms | %d ms |\n", s.name, t[len(t)/2].Milliseconds(), t[0].Milliseconds(), t[len(t)-1].Milliseconds())
	}
	for _, s := range servers {
		s.mu.Lock()
		if b := slices.Clone(s.builds); len(b) > 0 {
			slices.Sort(b)
			fmt.Printf("\n%s's own rebuild time, as it prints it: median %d ms (min %d, max %d, %d rebuilds)\n",
				s.name, b[len(b)/2].Milliseconds(), b[0].Milliseconds(), b[len(b)-1].Milliseconds(), len(b))
		}
		s.mu.Unlock()
	}
	if len(servers) == 2 {
		a, b := slices.Clone(servers[0].times), slices.Clone(servers[1].times)
		slices.Sort(a)
		slices.Sort(b)
		fmt.Printf("\nhugo / rainmaker: %.1fx\n", float64(b[len(b)/2])/float64(a[len(a)/2]))
	}
}

// waitFor polls a page until it answers 200 and contains marker.
func waitFor(addr, page, marker string, limit time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := client.Get("http://" + addr + page)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(body), marker) {
				return nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("not served within %s", limit)
}
