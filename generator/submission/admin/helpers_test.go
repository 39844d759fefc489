package admin

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

const testPassword = "correct horse battery staple"

// testAdmin is the admin pages on an httptest server, over an inbox
// with one story waiting.
type testAdmin struct {
	srv      *httptest.Server
	inbox    *submission.Inbox
	dir      string
	id       string
	approved []string
	mu       sync.Mutex
	publish  Published // what Approve answers
}

func newTestAdmin(t *testing.T) *testAdmin {
	t.Helper()
	inbox := &submission.Inbox{Dir: t.TempDir()}
	if err := inbox.Open(); err != nil {
		t.Fatal(err)
	}
	id, err := inbox.Save(submission.Submission{Name: "Priya N.", Email: "priya@example.org", Title: "From burnout to my best quarter",
		Story: strings.Repeat("Coaching changed how I plan my week. ", 8), Result: "Closed 30% more", Tags: []string{"Coaching"}, Consent: true},
		time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ta := &testAdmin{inbox: inbox, dir: DirOf(inbox.Dir), id: id}
	if err := SetPassword(ta.dir, testPassword); err != nil {
		t.Fatal(err)
	}
	ta.publish = Published{URL: "https://example.org/stories/from-burnout/"}
	h := New(Options{
		Dir: ta.dir, Inbox: inbox, Validator: submission.NewValidator([]string{"Coaching", "Top Performers"}),
		Preview: func(s *submission.Stored, root string) ([]byte, error) {
			return []byte("<!DOCTYPE html><title>" + s.Title + "</title><link rel=stylesheet href=" + root + "css/main.css>"), nil
		},
		Approve: func(ctx context.Context, id string) (Published, error) {
			if err := inbox.Reject(id); err != nil { // stands in for the move to approved/
				return Published{}, err
			}
			ta.mu.Lock()
			defer ta.mu.Unlock()
			ta.approved = append(ta.approved, id)
			p := ta.publish
			p.Approved, p.StoryPath = true, "content/stories/"+id+".md"
			return p, nil
		},
		Site: fstest.MapFS{"css/main.css": {Data: []byte("body{}")}},
	})
	ta.srv = httptest.NewServer(h)
	t.Cleanup(ta.srv.Close)
	return ta
}

// client is a browser without redirects followed, with cookies.
func (ta *testAdmin) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches a page and returns its status, body and form token.
func get(t *testing.T, c *http.Client, u string) (*http.Response, string, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "text/html")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	csrf := ""
	if m := csrfField.FindSubmatch(body); m != nil {
		csrf = string(m[1])
	}
	return resp, string(body), csrf
}

// post sends a form as a same-origin browser does.
func post(t *testing.T, c *http.Client, u string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	pu, _ := url.Parse(u)
	req.Header.Set("Origin", pu.Scheme+"://"+pu.Host)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// signIn signs a new client in and returns it with the list's token.
func (ta *testAdmin) signIn(t *testing.T) (*http.Client, string) {
	t.Helper()
	c := ta.client()
	_, _, token := get(t, c, ta.srv.URL+"/admin/login")
	resp, body := post(t, c, ta.srv.URL+"/admin/login", url.Values{"csrf": {token}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("sign in: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	resp, _, csrf := get(t, c, ta.srv.URL+"/admin/")
	if resp.StatusCode != http.StatusOK || csrf == "" {
		t.Fatalf("list after sign-in: %d", resp.StatusCode)
	}
	return c, csrf
}

// sessionCookieOf returns a client's session cookie value.
func (ta *testAdmin) sessionCookieOf(c *http.Client) string {
	u, _ := url.Parse(ta.srv.URL + "/admin/")
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// withCookie is a client that sends exactly this session cookie.
func (ta *testAdmin) withCookie(value string) *http.Client {
	c := ta.client()
	u, _ := url.Parse(ta.srv.URL + "/admin/")
	c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: value, Path: "/admin/"}})
	return c
}

func (ta *testAdmin) waiting(t *testing.T) bool {
	t.Helper()
	_, err := ta.inbox.Get(ta.id)
	return err == nil
}

func newServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
