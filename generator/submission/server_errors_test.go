package submission_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// startServer runs the endpoint on a real listener, wrapped as receive
// wraps it, with short timeouts.
func startServer(t *testing.T, mutate func(*submission.ServerOptions)) (*httptest.Server, *testServer) {
	t.Helper()
	ts := newTestServer(t, func(o *submission.ServerOptions) {
		o.BodyTimeout = 300 * time.Millisecond
		o.OpenAPI = []byte("{}\n")
		o.FormURL = "https://example.test/submit/"
		if mutate != nil {
			mutate(o)
		}
	})
	srv := httptest.NewUnstartedServer(ts.handler)
	srv.Listener = submission.ProblemListener(srv.Listener)
	srv.Config.ReadHeaderTimeout = 300 * time.Millisecond
	srv.Config.MaxHeaderBytes = 4 << 10
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, ts
}

// raw sends bytes on a fresh connection and reads the one answer; the
// server's own timeouts end the exchange, no sleep does.
func raw(t *testing.T, srv *httptest.Server, request string) (*http.Response, []byte) {
	t.Helper()
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, request)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to %.40q: %v", request, err)
	}
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// checkProblem asserts an answer is problem details with its status.
func checkProblem(t *testing.T, what string, resp *http.Response, body []byte, status int) {
	t.Helper()
	var p struct {
		Type, Title string
		Status      int
	}
	err := json.Unmarshal(body, &p)
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" || err != nil ||
		p.Status != status || !strings.HasPrefix(p.Type, "urn:rainmaker:problem:") || p.Title == "" {
		t.Errorf("%s: %d %s, want %d problem JSON: %s", what, resp.StatusCode, resp.Header.Get("Content-Type"), status, body)
	}
}

// TestEveryErrorIsProblemJSON: the answers net/http gives before the
// handler (slow or huge headers, a malformed request) and the handler's
// own (a body that never ends, an unknown path, a wrong method).
func TestEveryErrorIsProblemJSON(t *testing.T) {
	srv, _ := startServer(t, nil)
	host := "Host: example.test\r\n"
	tests := []struct {
		name, request string
		status        int
	}{
		{"slow headers", "POST /api/stories HTTP/1.1\r\n" + host, 408},
		{"body that never ends", "POST /api/stories HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"name\":", 408},
		{"headers too large", "GET / HTTP/1.1\r\n" + host + "X-Big: " + strings.Repeat("a", 8<<10) + "\r\n\r\n", 431},
		{"malformed request", "GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n", 400},
		{"no host", "GET / HTTP/1.1\r\n\r\n", 400},
		{"unknown path", "GET /wp-login.php HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", 404},
		{"POST to the document", "POST /api/openapi.json HTTP/1.1\r\n" + host + "Content-Length: 0\r\nConnection: close\r\n\r\n", 405},
		{"DELETE the endpoint", "DELETE /api/stories HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", 405},
		{"GET the endpoint as a script", "GET /api/stories HTTP/1.1\r\n" + host + "Accept: application/json\r\nConnection: close\r\n\r\n", 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := raw(t, srv, tt.request)
			checkProblem(t, tt.name, resp, body, tt.status)
		})
	}
	// An idle keep-alive connection is closed without a word.
	c, _ := net.Dial("tcp", srv.Listener.Addr().String())
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if b, err := io.ReadAll(c); len(b) != 0 || err != nil {
		t.Errorf("an idle connection got %q, %v", b, err)
	}
}

// TestReloadingTheErrorPageShowsTheForm: after a failed form post the
// address bar shows the endpoint; opening it in a browser once answered
// raw JSON.
func TestReloadingTheErrorPageShowsTheForm(t *testing.T) {
	s := newTestServer(t, func(o *submission.ServerOptions) { o.FormURL = "https://example.test/submit/" })
	r := httptest.NewRequest(http.MethodGet, "http://example.test/api/stories", nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if w := s.do(r); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "https://example.test/submit/" {
		t.Errorf("%d to %q", w.Code, w.Header().Get("Location"))
	}
}

func TestAFailedFormRenderingIsProblemJSON(t *testing.T) {
	s := newTestServer(t, func(o *submission.ServerOptions) {
		o.RenderForm = func(io.Writer, *submission.FormView) error { return errors.New("template broken") }
	})
	values := validStory()
	values.Del("consent")
	r := formRequest(values)
	r.Header.Set("Accept", "text/html")
	w := s.do(r)
	checkProblem(t, "render error", w.Result(), w.Body.Bytes(), 500)
}

func TestHealthzSaysWhetherTheInboxIsWritable(t *testing.T) {
	s := newTestServer(t, nil)
	w := s.do(httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"inbox":"writable"`) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	// Root may write anywhere, so the inbox's temporary folder is made a
	// file: no story can be written then, whoever runs the server.
	incoming := filepath.Join(s.inbox.Dir, ".incoming")
	os.RemoveAll(incoming)
	os.WriteFile(incoming, nil, 0o600)
	w = s.do(httptest.NewRequest(http.MethodGet, "/healthz", nil))
	checkProblem(t, "unwritable", w.Result(), w.Body.Bytes(), 503)
}
