package submission

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"
)

// ProblemListener wraps a listener so that the answers net/http gives by
// itself, before any handler runs, are problem details too: it writes
// "431 Request Header Fields Too Large" and "400 Bad Request" as plain
// text, and closes a connection whose headers are too slow without a
// word. The first become problem JSON; the second gets a 408.
func ProblemListener(ln net.Listener) net.Listener { return &problemListener{ln} }

type problemListener struct{ net.Listener }

func (l *problemListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &problemConn{Conn: c}, nil
}

// problemConn watches one connection: bytes read since the last answer,
// and whether the last read timed out.
type problemConn struct {
	net.Conn
	mu       sync.Mutex
	pending  int  // request bytes read and not answered yet
	timedOut bool // the last read ended at its deadline
	closed   bool
}

// cannedAnswer is the form of net/http's own error answers.
var cannedAnswer = regexp.MustCompile(`^HTTP/1\.1 ([45][0-9][0-9]) ([^\r\n]*)\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n([^\r\n]*)$`)

func (c *problemConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	var ne net.Error
	c.mu.Lock()
	c.pending += n
	c.timedOut = n == 0 && errors.As(err, &ne) && ne.Timeout()
	c.mu.Unlock()
	return n, err
}

func (c *problemConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.pending = 0
	c.mu.Unlock()
	if m := cannedAnswer.FindSubmatch(p); m != nil && string(m[3]) == string(m[1])+" "+string(m[2]) {
		code, _ := strconv.Atoi(string(m[1]))
		if _, err := c.Conn.Write(rawProblem(code, string(m[2]))); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// Close answers a request cut off by the header timeout with a 408.
func (c *problemConn) Close() error {
	c.mu.Lock()
	answer := c.timedOut && c.pending > 0 && !c.closed
	c.closed = true
	c.mu.Unlock()
	if answer {
		c.Conn.Write(rawProblem(http.StatusRequestTimeout, ""))
	}
	return c.Conn.Close()
}

// CloseWrite keeps net/http's graceful close of TCP connections.
func (c *problemConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// rawProblem is a whole HTTP/1.1 answer with problem details, for the
// errors found before a request reaches the handler.
func rawProblem(code int, reason string) []byte {
	typ, title, detail := ProblemBadRequest, "The request could not be read", reason
	switch code {
	case http.StatusRequestHeaderFieldsTooLarge:
		typ, title, detail = ProblemHeadersTooLarge, "The request's headers are too large", "send fewer or shorter headers"
	case http.StatusRequestTimeout:
		typ, title, detail = ProblemTimeout, "The request took too long", "send the whole request at once"
	}
	body, _ := json.Marshal(problemDetails{Type: typ, Title: title, Status: code, Detail: detail})
	body = append(body, '\n')
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/problem+json\r\nX-Content-Type-Options: nosniff\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		code, http.StatusText(code), len(body), body)
}
