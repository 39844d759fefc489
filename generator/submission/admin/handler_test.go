package admin

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// TestNothingWithoutASession: every admin page but the sign-in sends a
// client without a valid session to sign in, and does nothing.
func TestNothingWithoutASession(t *testing.T) {
	ta := newTestAdmin(t)
	key, err := loadKey(ta.dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	valid := encodeSession(key, session{id: newSessionID(), expires: now.Add(time.Hour)})
	parts := strings.Split(valid, ".")
	otherKey := make([]byte, 32)
	cookies := map[string]string{
		"none":            "",
		"garbage":         "hello",
		"forged MAC":      parts[0] + "." + parts[1] + "." + parts[2] + ".AAAA",
		"tampered expiry": parts[0] + "." + parts[1] + "." + "9999999999" + "." + parts[3],
		"tampered id":     parts[0] + "." + strings.Repeat("0", 32) + "." + parts[2] + "." + parts[3],
		"expired":         encodeSession(key, session{id: newSessionID(), expires: now.Add(-time.Minute)}),
		"too long-lived":  encodeSession(key, session{id: newSessionID(), expires: now.Add(SessionTTL + time.Hour)}),
		"other key":       encodeSession(otherKey, session{id: newSessionID(), expires: now.Add(time.Hour)}),
		"oversized":       valid + strings.Repeat("A", 4000),
	}
	paths := []string{"/admin/", "/admin/stories/" + ta.id, "/admin/stories/" + ta.id + "/preview",
		"/admin/stories/" + ta.id + "/edit", "/admin/site/css/main.css", "/admin/nope", "/admin/stories/../../etc/passwd"}
	for name, value := range cookies {
		c := ta.client()
		if value != "" {
			c = ta.withCookie(value)
		}
		for _, p := range paths {
			resp, body, _ := get(t, c, ta.srv.URL+p)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
				t.Errorf("%s cookie, GET %s: %d %s", name, p, resp.StatusCode, body[:min(len(body), 200)])
			}
		}
		for _, action := range []string{"approve", "reject", "edit"} {
			resp, _ := post(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"/"+action, url.Values{"title": {"Changed title here"}})
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
				t.Errorf("%s cookie, POST %s: %d", name, action, resp.StatusCode)
			}
		}
	}
	if !ta.waiting(t) || len(ta.approved) > 0 {
		t.Fatal("a request without a session changed the story")
	}
	// The valid one does get in: the table's failures are the cookies'.
	if resp, _, _ := get(t, ta.withCookie(valid), ta.srv.URL+"/admin/"); resp.StatusCode != http.StatusOK {
		t.Errorf("a valid session cookie: %d", resp.StatusCode)
	}
}

// TestSignInReturnsToTheReviewLink: a notification's review link opens
// the story's page after sign-in.
func TestSignInReturnsToTheReviewLink(t *testing.T) {
	ta := newTestAdmin(t)
	c := ta.client()
	resp, _, _ := get(t, c, ta.srv.URL+"/admin/stories/"+ta.id)
	loc := resp.Header.Get("Location")
	if loc != "/admin/login?next="+url.QueryEscape("/admin/stories/"+ta.id) {
		t.Fatalf("redirect to %q", loc)
	}
	_, page, token := get(t, c, ta.srv.URL+loc)
	if !strings.Contains(page, `name="next" value="/admin/stories/`+ta.id+`"`) {
		t.Fatalf("the sign-in form does not carry next: %s", page)
	}
	resp, _ = post(t, c, ta.srv.URL+"/admin/login", url.Values{"csrf": {token}, "password": {testPassword}, "next": {"/admin/stories/" + ta.id}})
	if got := resp.Header.Get("Location"); got != "/admin/stories/"+ta.id {
		t.Fatalf("after sign-in: %d to %q", resp.StatusCode, got)
	}
	ck := resp.Cookies()
	var sess *http.Cookie
	for _, k := range ck {
		if k.Name == sessionCookie {
			sess = k
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Path != "/admin/" {
		t.Fatalf("session cookie %+v", sess)
	}
	if sess.Secure {
		t.Error("the cookie is Secure over plain HTTP on loopback, so the browser would drop it")
	}
	resp, body, _ := get(t, c, ta.srv.URL+"/admin/stories/"+ta.id)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "From burnout to my best quarter") {
		t.Fatalf("story page: %d", resp.StatusCode)
	}
}

func TestSecureCookieOffLoopback(t *testing.T) {
	h := &handler{opts: Options{TrustProxy: true}}
	r, _ := http.NewRequest("GET", "/admin/login", nil)
	r.RemoteAddr = "127.0.0.1:5000"
	if h.secure(r) {
		t.Error("loopback without a proxy entry is Secure")
	}
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if !h.secure(r) {
		t.Error("a client behind the proxy gets a cookie without Secure")
	}
}

// TestOpenRedirects: next can only be a path of the admin pages.
func TestOpenRedirects(t *testing.T) {
	for _, next := range []string{"//evil.example", "//evil.example/admin/", "https://evil.example/admin/", "/\\evil.example",
		"/admin/\\..\\", "/admin//evil.example", "http:/admin/", "/admin/../../evil", "javascript:alert(1)", "/admin/\r\nLocation: x",
		"/\t/evil.example", "", "evil.example", "/adminx", "/admin/%2f%2fevil", "/%2Fevil.example"} {
		got := safeNext(next)
		if got != "/admin/" && next != "/admin/%2f%2fevil" {
			t.Errorf("safeNext(%q) = %q", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || !strings.HasPrefix(got, "/admin/") || strings.HasPrefix(got, "//") {
			t.Errorf("safeNext(%q) = %q leaves the admin pages", next, got)
		}
	}
	for _, ok := range []string{"/admin/", "/admin/stories/20261127T093000Z-3f9a1c2b", "/admin/?rejected=x"} {
		if got := safeNext(ok); got != ok {
			t.Errorf("safeNext(%q) = %q", ok, got)
		}
	}
	// Through the server: the redirect after sign-in.
	ta := newTestAdmin(t)
	c := ta.client()
	_, _, token := get(t, c, ta.srv.URL+"/admin/login")
	resp, _ := post(t, c, ta.srv.URL+"/admin/login", url.Values{"csrf": {token}, "password": {testPassword}, "next": {"//evil.example"}})
	if got := resp.Header.Get("Location"); got != "/admin/" {
		t.Errorf("next=//evil.example sent the browser to %q", got)
	}
}

// TestCSRFAndOrigin: with a session, a POST still needs the session's
// token and must come from this site.
func TestCSRFAndOrigin(t *testing.T) {
	ta := newTestAdmin(t)
	c, csrf := ta.signIn(t)
	other, otherCSRF := ta.signIn(t)
	_ = other
	u := ta.srv.URL + "/admin/stories/" + ta.id + "/reject"
	cases := []struct {
		name   string
		form   url.Values
		header []string
	}{
		{"no token", url.Values{}, nil},
		{"empty token", url.Values{"csrf": {""}}, nil},
		{"wrong token", url.Values{"csrf": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}, nil},
		{"another session's token", url.Values{"csrf": {otherCSRF}}, nil},
		{"two tokens", url.Values{"csrf": {csrf, csrf}}, nil},
		{"huge token", url.Values{"csrf": {strings.Repeat(csrf, 100)}}, nil},
		{"other origin", url.Values{"csrf": {csrf}}, []string{"Origin", "https://evil.example"}},
		{"null origin", url.Values{"csrf": {csrf}}, []string{"Origin", "null"}},
		{"cross-site fetch", url.Values{"csrf": {csrf}}, []string{"Origin", "", "Sec-Fetch-Site", "cross-site"}},
		{"same-site fetch", url.Values{"csrf": {csrf}}, []string{"Origin", "", "Sec-Fetch-Site", "same-site"}},
	}
	for _, tc := range cases {
		resp, body := post(t, c, u, tc.form, tc.header...)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "<h1>") {
			t.Errorf("%s: %d", tc.name, resp.StatusCode)
		}
	}
	if !ta.waiting(t) {
		t.Fatal("a forged POST rejected the story")
	}
	resp, _ := post(t, c, u, url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther || ta.waiting(t) {
		t.Fatalf("the real form did not reject: %d", resp.StatusCode)
	}
}

// TestSignInProblems: wrong passwords, the lockout, a missing or wrong
// form token, an oversized form.
func TestSignInProblems(t *testing.T) {
	ta := newTestAdmin(t)
	c := ta.client()
	_, _, token := get(t, c, ta.srv.URL+"/admin/login")
	for _, tc := range []struct {
		name string
		form url.Values
		want int
	}{
		{"no token", url.Values{"password": {testPassword}}, http.StatusForbidden},
		{"wrong token", url.Values{"csrf": {"x" + token}, "password": {testPassword}}, http.StatusForbidden},
		{"oversized", url.Values{"csrf": {token}, "password": {strings.Repeat("a", maxFormBody)}}, http.StatusRequestEntityTooLarge},
	} {
		resp, _ := post(t, c, ta.srv.URL+"/admin/login", tc.form)
		if resp.StatusCode != tc.want || ta.sessionCookieOf(c) != "" {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	// Without the sign-in form's cookie, its token is worthless.
	resp, _ := post(t, ta.client(), ta.srv.URL+"/admin/login", url.Values{"csrf": {token}, "password": {testPassword}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a token without its cookie: %d", resp.StatusCode)
	}
	for i := 0; i < lockoutPerClient; i++ {
		_, _, token = get(t, c, ta.srv.URL+"/admin/login")
		resp, body := post(t, c, ta.srv.URL+"/admin/login", url.Values{"csrf": {token}, "password": {"wrong password " + string(rune('a'+i))}})
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "not right") {
			t.Fatalf("wrong password %d: %d", i, resp.StatusCode)
		}
	}
	_, _, token = get(t, c, ta.srv.URL+"/admin/login")
	resp, _ = post(t, c, ta.srv.URL+"/admin/login", url.Values{"csrf": {token}, "password": {testPassword}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || ta.sessionCookieOf(c) != "" {
		t.Fatalf("after %d failures the right password: %d, Retry-After %q", lockoutPerClient, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestLockout(t *testing.T) {
	l := newLockout()
	now := time.Now()
	for i := 0; i < lockoutPerClient; i++ {
		if b, _ := l.blocked("a", now); b {
			t.Fatalf("blocked after %d failures", i)
		}
		l.fail("a", now)
	}
	if b, wait := l.blocked("a", now.Add(time.Minute)); !b || wait != lockoutWindow-time.Minute {
		t.Errorf("blocked %v, wait %s", b, wait)
	}
	if b, _ := l.blocked("b", now); b {
		t.Error("another client is blocked by a's failures")
	}
	if b, _ := l.blocked("a", now.Add(lockoutWindow)); b {
		t.Error("still blocked after the window")
	}
	for i := 0; i < lockoutGlobal; i++ {
		l.fail(strings.Repeat("c", i%50+1), now)
	}
	if b, _ := l.blocked("fresh", now); !b {
		t.Error("the global cap does not hold")
	}
}

// TestSignOutEndsTheSessionEverywhere: the cookie of a signed-out
// session no longer opens anything, in this process or another.
func TestSignOutEndsTheSessionEverywhere(t *testing.T) {
	ta := newTestAdmin(t)
	c, csrf := ta.signIn(t)
	value := ta.sessionCookieOf(c)
	resp, _ := post(t, c, ta.srv.URL+"/admin/logout", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	second := newTestAdminOn(t, ta) // another process on the same inbox
	for _, srv := range []string{ta.srv.URL, second} {
		if resp, _, _ := get(t, ta.withCookie(value), srv+"/admin/"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: a signed-out cookie: %d", srv, resp.StatusCode)
		}
	}
	// A new password signs everyone out.
	c, _ = ta.signIn(t)
	if err := SetPassword(ta.dir, "another long password"); err != nil {
		t.Fatal(err)
	}
	if resp, _, _ := get(t, c, ta.srv.URL+"/admin/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a session from before the new password: %d", resp.StatusCode)
	}
}

// newTestAdminOn starts a second handler on the same inbox, as a second
// receive process would be, and returns its URL.
func newTestAdminOn(t *testing.T, ta *testAdmin) string {
	other := New(Options{Dir: ta.dir, Inbox: ta.inbox})
	srv := newServer(t, other)
	return srv
}

func TestBadStoryIDs(t *testing.T) {
	ta := newTestAdmin(t)
	c, csrf := ta.signIn(t)
	for _, id := range []string{"x", "..", "20261127T093000Z-3f9a1c2", "20261127T093000Z-3f9a1c2bb", "%2e%2e", "20261127T093000Z-3F9A1C2B",
		"20261127T093000Z-00000000"} {
		for _, p := range []string{"", "/edit", "/preview"} {
			resp, _, _ := get(t, c, ta.srv.URL+"/admin/stories/"+id+p)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s%s: %d", id, p, resp.StatusCode)
			}
		}
		for _, p := range []string{"/approve", "/reject", "/edit"} {
			resp, _ := post(t, c, ta.srv.URL+"/admin/stories/"+id+p, url.Values{"csrf": {csrf}})
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s%s: %d", id, p, resp.StatusCode)
			}
		}
	}
	resp, _, _ := get(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"/approve")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET approve: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestPasswordFileIsPrivate(t *testing.T) {
	ta := newTestAdmin(t)
	for _, name := range []string{passwordFile, keyFile} {
		info, err := os.Stat(ta.dir + "/" + name)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", name, info.Mode(), err)
		}
	}
}
