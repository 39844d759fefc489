package admin

import (
	"context"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// Prefix is where the admin pages are.
const Prefix = "/admin/"

// SessionTTL is how long a sign-in lasts.
const SessionTTL = 12 * time.Hour

// maxFormBody bounds an admin form: the edit form carries a story of up
// to 20,000 characters, percent-encoded.
const maxFormBody = 256 << 10

// Published is what approving a story did.
type Published struct {
	Approved  bool   // the story is in content/stories/
	StoryPath string // its file
	URL       string // its page, as the build made it; "" if not built
	// Problem is the error of a failed build or deploy, shown with
	// Output (the deploy command's); the story stays approved.
	Problem string
	Output  string
}

// Options configure the admin pages.
type Options struct {
	Dir       string // the inbox's .admin folder (DirOf)
	Inbox     *submission.Inbox
	Validator *submission.Validator
	// Preview renders a waiting story as its page will be published,
	// with links to the site's files under siteRoot.
	Preview func(s *submission.Stored, siteRoot string) ([]byte, error)
	// Approve approves a story and publishes the site; err is a story
	// that could not be approved (not found, busy).
	Approve func(ctx context.Context, id string) (Published, error)
	// Site is served at /admin/site/, for the previews: the built site,
	// with its stylesheets.
	Site       fs.FS
	TrustProxy bool // the client is the proxy's X-Forwarded-For entry
	Log        *log.Logger
	Now        func() time.Time
}

type handler struct {
	opts    Options
	lockout *lockout
	// hashing bounds the argon2 hashes computed at once: each takes
	// 19 MiB.
	hashing chan struct{}
}

// New returns the handler of everything under /admin/.
func New(opts Options) http.Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	h := &handler{opts: opts, lockout: newLockout(), hashing: make(chan struct{}, 2)}
	return http.HandlerFunc(h.serve)
}

// route is one admin page: its methods and whether it needs a session.
type route struct {
	methods map[string]func(w http.ResponseWriter, r *http.Request, c *call)
	public  bool
}

// call is what a request's handler is given besides the request.
type call struct {
	id      string // the story's, for /admin/stories/ID/...
	session session
	key     []byte
	csrf    string
}

// match finds the route of a path under /admin/.
func (h *handler) match(rest string) (route, string, bool) {
	type m = map[string]func(http.ResponseWriter, *http.Request, *call)
	switch rest {
	case "":
		return route{methods: m{"GET": h.list}}, "", true
	case "login":
		return route{methods: m{"GET": h.loginPage, "POST": h.login}, public: true}, "", true
	case "logout":
		return route{methods: m{"POST": h.logout}}, "", true
	case "admin.css":
		return route{methods: m{"GET": h.stylesheet}, public: true}, "", true
	case "site.css":
		// The site's own stylesheet, public on the site anyway: the
		// sign-in page needs it before there is a session.
		return route{methods: m{"GET": h.siteStylesheet}, public: true}, "", true
	}
	if strings.HasPrefix(rest, "site/") {
		return route{methods: m{"GET": h.siteFile}}, "", true
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != "stories" {
		return route{}, "", false
	}
	id := parts[1]
	if len(parts) == 2 {
		return route{methods: m{"GET": h.story}}, id, true
	}
	switch parts[2] {
	case "preview":
		return route{methods: m{"GET": h.preview}}, id, true
	case "edit":
		return route{methods: m{"GET": h.editPage, "POST": h.edit}}, id, true
	case "approve":
		return route{methods: m{"POST": h.approve}}, id, true
	case "reject":
		return route{methods: m{"POST": h.reject}}, id, true
	}
	return route{}, "", false
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.opts.Log.Printf("admin: panic: %v", v)
			h.errorPage(w, r, http.StatusInternalServerError, "Something went wrong", "The server's log says what.")
		}
	}()
	setSecurityHeaders(w)
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		h.errorPage(w, r, http.StatusNotFound, "Not found", "There is no such admin page.")
		return
	}
	rt, id, found := h.match(rest)
	key, err := loadKey(h.opts.Dir)
	if err != nil {
		h.opts.Log.Printf("admin: %v", err)
		h.errorPage(w, r, http.StatusInternalServerError, "The admin pages cannot start", "The session key cannot be read; the server's log says why.")
		return
	}
	c := &call{id: id, key: key}
	if !rt.public {
		s, ok := h.currentSession(r, key)
		if !ok {
			h.toLogin(w, r)
			return
		}
		c.session, c.csrf = s, csrfToken(key, s.id)
	}
	if !found {
		h.errorPage(w, r, http.StatusNotFound, "Not found", "There is no such admin page.")
		return
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	fn := rt.methods[method]
	if fn == nil {
		w.Header().Set("Allow", allowed(rt))
		h.errorPage(w, r, http.StatusMethodNotAllowed, "Method not allowed", "This page does not take "+r.Method+" requests.")
		return
	}
	if r.Method == http.MethodPost && !h.checkPost(w, r, c, rt.public) {
		return
	}
	fn(w, r, c)
}

func allowed(rt route) string {
	var out []string
	for _, m := range []string{"GET", "POST"} {
		if rt.methods[m] != nil {
			out = append(out, m)
		}
	}
	if rt.methods["GET"] != nil {
		out = append(out, "HEAD")
	}
	return strings.Join(out, ", ")
}

func setSecurityHeaders(w http.ResponseWriter) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}

// currentSession reads and checks the session cookie.
func (h *handler) currentSession(r *http.Request, key []byte) (session, bool) {
	cookie, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, false
	}
	s, ok := decodeSession(key, cookie.Value, h.opts.Now(), SessionTTL)
	if !ok || revoked(h.opts.Dir, s.id) {
		return session{}, false
	}
	return s, true
}

// toLogin sends a request without a session to the sign-in page, which
// comes back to the page asked for.
func (h *handler) toLogin(w http.ResponseWriter, r *http.Request) {
	target := Prefix + "login"
	if next := r.URL.RequestURI(); r.Method == http.MethodGet && safeNext(next) != Prefix {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns where to go after signing in: next when it is a
// path of the admin pages on this server, else the list. Nothing else
// is followed, so the sign-in page cannot send anyone away.
func safeNext(next string) string {
	if len(next) > 1024 || !strings.HasPrefix(next, Prefix) || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return Prefix
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, Prefix) ||
		strings.Contains(u.Path, "/../") || strings.HasSuffix(u.Path, "/..") || strings.Contains(u.Path, "//") {
		return Prefix
	}
	return next
}

// checkPost refuses a POST from another site: its Origin or
// Sec-Fetch-Site must say this one, and its form must carry the token
// of the session (or of the sign-in form).
func (h *handler) checkPost(w http.ResponseWriter, r *http.Request, c *call, public bool) bool {
	if !sameOrigin(r) {
		h.errorPage(w, r, http.StatusForbidden, "Refused", "This form was sent from another site.")
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		status, msg := http.StatusBadRequest, "The form could not be read."
		if _, ok := err.(*http.MaxBytesError); ok {
			status, msg = http.StatusRequestEntityTooLarge, "The form is too large."
		}
		h.errorPage(w, r, status, "The form could not be read", msg)
		return false
	}
	want := c.csrf
	if public {
		cookie, err := r.Cookie(loginCookie)
		if err != nil || !isHex(cookie.Value, 32) {
			h.errorPage(w, r, http.StatusForbidden, "The sign-in form has expired", "Open the sign-in page again and sign in.")
			return false
		}
		want = loginToken(c.key, cookie.Value)
	}
	if sent := r.PostForm["csrf"]; len(sent) != 1 || !tokenMatches(sent[0], want) {
		h.errorPage(w, r, http.StatusForbidden, "The form has expired", "Open the page again and send the form from there.")
		return false
	}
	delete(r.PostForm, "csrf")
	return true
}

// sameOrigin reports whether a request comes from a page of this server,
// as far as the browser says: a browser sends Origin with every POST and
// Sec-Fetch-Site too; a client that sends neither is no browser another
// site can drive, and still needs the token.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// client identifies who sends a request, for the lockout.
func (h *handler) client(r *http.Request) string {
	return submission.ClientAddress(r, h.opts.TrustProxy)
}

// secure reports whether cookies must be Secure: always, unless the
// browser is on this machine talking plain HTTP (a test, a tunnel).
func (h *handler) secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	ip := net.ParseIP(h.client(r))
	return ip == nil || !ip.IsLoopback()
}
