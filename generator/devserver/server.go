package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/words"
)

// EventsPath is the Server-Sent Events stream the reload script listens to.
const EventsPath = "/__rainmaker/events"

// Server serves a DevSite and reloads the browsers that show it.
type Server struct {
	site *generator.DevSite
	log  io.Writer
	// Submissions builds the story endpoint of each good build; nil
	// means the form cannot be tried.
	Submissions func(*generator.Receiver) (http.Handler, error)

	mu          sync.Mutex
	lastErr     []string     // the failed build's problems, or nil
	submit      http.Handler // of the last good build
	submitPath  string
	clients     map[chan event]bool
	builds      []chan Built // subscribers, see Builds
	firstBuiltC chan struct{}
	closed      chan struct{} // ends the event streams
	closeOnce   sync.Once
}

// Built tells of one build the server ran.
type Built struct {
	Paths   []string // the site paths that set it off, when known
	Changed []string // output files new or different
	Failed  bool
}

type event struct {
	name string
	data any
}

// New makes a dev server for a site.
func New(site *generator.DevSite, log io.Writer) *Server {
	return &Server{site: site, log: log, clients: map[chan event]bool{}, firstBuiltC: make(chan struct{}), closed: make(chan struct{})}
}

// Close ends every event stream, so that an HTTP server shutting down
// does not wait for browser tabs that would never hang up.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closed) })
}

// Build runs one build and tells the terminal and the browsers. changed
// lists the site paths that changed, when known.
func (s *Server) Build(what string, changed ...string) {
	res, err := s.site.Rebuild(changed...)
	s.mu.Lock()
	defer s.mu.Unlock()
	built := Built{Paths: changed, Failed: err != nil}
	if res != nil {
		built.Changed = res.Changed
	}
	defer s.tell(built)
	if err != nil {
		s.lastErr = generator.ErrorLines(err)
		fmt.Fprintf(s.log, "build failed (%s); still serving the last good site:\n  %s\n", what, strings.Join(s.lastErr, "\n  "))
		s.broadcast(event{"build-error", map[string]any{"errors": s.lastErr}})
		return
	}
	hadErr := s.lastErr != nil
	s.lastErr = nil
	if snap := s.site.Snapshot(); snap != nil && s.Submissions != nil {
		if h, err := s.Submissions(snap.Receiver); err == nil {
			s.submit, s.submitPath = h, snap.Receiver.Path
		} else {
			fmt.Fprintf(s.log, "story form endpoint: %v\n", err)
		}
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(s.log, "warning: %v\n", w)
	}
	if res.LeftOut != "" {
		fmt.Fprintln(s.log, res.LeftOut)
	}
	n := len(res.Changed) + len(res.Removed)
	fmt.Fprintf(s.log, "%s: rebuilt %d %s in %d ms (%s)\n", time.Now().Format("15:04:05"), n, words.Plural(n, "file", "files"),
		res.Duration.Milliseconds(), what)
	select {
	case <-s.firstBuiltC:
	default:
		close(s.firstBuiltC)
		if !hadErr {
			return // nobody can have a page open before the first good build
		}
	}
	if n > 0 || hadErr {
		s.broadcast(event{"reload", map[string]any{"cssOnly": res.CSSOnly() && !hadErr, "changed": res.Changed}})
	}
}

// Builds returns a channel that is told of every build from now on. It is
// closed when the watcher stops: edits are then no longer seen.
func (s *Server) Builds() <-chan Built {
	c := make(chan Built, 256)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.builds = append(s.builds, c)
	return c
}

// tell passes a build to the subscribers; s.mu is held. A subscriber
// that does not keep up misses builds rather than stopping the server.
func (s *Server) tell(b Built) {
	for _, c := range s.builds {
		select {
		case c <- b:
		default:
		}
	}
}

// Watch rebuilds on every batch of changes until ctx ends or the watcher
// stops.
func (s *Server) Watch(ctx context.Context, w *Watcher) {
	changes := make(chan Change)
	go w.Run(ctx, changes)
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-w.Errors:
			fmt.Fprintf(s.log, "watch: %v\n", err)
		case c, ok := <-changes:
			if !ok {
				if ctx.Err() == nil {
					fmt.Fprintln(s.log, "watch: stopped; edits are no longer seen, restart rainmaker serve")
				}
				s.mu.Lock()
				for _, c := range s.builds {
					close(c)
				}
				s.builds = nil
				s.mu.Unlock()
				return
			}
			what := strings.Join(c.Paths, ", ")
			if len(c.Paths) > 3 {
				what = fmt.Sprintf("%d files: %s", len(c.Paths), strings.Join(c.Kinds(), ", "))
			}
			s.Build(what, c.Paths...)
		}
	}
}

func (s *Server) broadcast(e event) {
	for c := range s.clients {
		select {
		case c <- e:
		default: // a stuck client misses an event rather than stalling builds
		}
	}
}

// ServeHTTP serves the site, the event stream and the story endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	s.mu.Lock()
	submit, submitPath := s.submit, s.submitPath
	s.mu.Unlock()
	if submit != nil && r.URL.Path == submitPath {
		submit.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	snap := s.site.Snapshot()
	if snap == nil {
		// No good build yet: show why, and reload when it is fixed.
		page := []byte("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><p>The site has not been built yet.</p></body></html>")
		s.serveFile(w, r, "error.html", page, http.StatusServiceUnavailable)
		return
	}
	rel := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") && rel != "" {
		rel += "/"
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := snap.File(name)
	if !ok {
		if _, dir := snap.File(rel + "/index.html"); dir {
			http.Redirect(w, r, "/"+rel+"/", http.StatusMovedPermanently)
			return
		}
		notFound, _ := snap.File("404.html")
		s.serveFile(w, r, "404.html", notFound, http.StatusNotFound)
		return
	}
	s.serveFile(w, r, name, data, http.StatusOK)
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string, data []byte, status int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(ctype, "text/html") {
		data = s.inject(data)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the reload script to a page, and the error overlay while the
// last build failed. Nothing of this is in "rainmaker build" output.
func (s *Server) inject(page []byte) []byte {
	s.mu.Lock()
	errs := s.lastErr
	s.mu.Unlock()
	var add bytes.Buffer
	if errs != nil {
		add.WriteString(overlayHTML(errs))
	}
	add.WriteString(reloadScript)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), add.Bytes()...)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

func overlayHTML(errs []string) string {
	var b strings.Builder
	b.WriteString(`<div id="rainmaker-error" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,10,10,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem">`)
	b.WriteString(`<h2 style="color:#ffb4ab;font:bold 20px system-ui,sans-serif;margin:0 0 1rem">The site did not build. The last good version is still served.</h2><ul style="padding-left:1.2rem">`)
	for _, e := range errs {
		b.WriteString("<li>" + html.EscapeString(e) + "</li>")
	}
	b.WriteString(`</ul><p style="font-family:system-ui,sans-serif">Fix the file and save: this page reloads by itself.</p></div>`)
	return b.String()
}

// reloadScript listens for rebuilds: a stylesheet-only change swaps the
// stylesheets, anything else reloads the page; a failed build shows the
// errors over the page.
const reloadScript = `<script>(() => {
  const es = new EventSource("` + EventsPath + `");
  es.addEventListener("reload", (e) => {
    const d = JSON.parse(e.data);
    if (d.cssOnly) {
      for (const l of document.querySelectorAll('link[rel="stylesheet"]')) {
        const u = new URL(l.href); u.searchParams.set("v", Date.now()); l.href = u.href;
      }
      return;
    }
    location.reload();
  });
  es.addEventListener("build-error", (e) => {
    const d = JSON.parse(e.data);
    let o = document.getElementById("rainmaker-error");
    if (!o) {
      o = document.createElement("div"); o.id = "rainmaker-error"; o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,10,10,.94);color:#fff;font:15px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(o);
    }
    const h = document.createElement("h2"); h.textContent = "The site did not build. The last good version is still served.";
    h.style.cssText = "color:#ffb4ab;font:bold 20px system-ui,sans-serif;margin:0 0 1rem";
    const ul = document.createElement("ul");
    for (const line of d.errors) { const li = document.createElement("li"); li.textContent = line; ul.appendChild(li); }
    o.replaceChildren(h, ul);
  });
})();</script>`

// events streams rebuild events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 16)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\nevent: hello\ndata: {}\n\n")
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		case e := <-c:
			data, _ := json.Marshal(e.data)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, data)
			flusher.Flush()
		}
	}
}

// Files returns the files of the last good build, as built.
func (s *Server) Files() map[string][]byte {
	if snap := s.site.Snapshot(); snap != nil {
		return snap.Files()
	}
	return nil
}

// Clients counts the open event streams, for tests.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}
