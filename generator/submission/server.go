package submission

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMaxBody bounds a request body: a story of 20,000 characters of
// four-byte UTF-8, percent-encoded, with every other field at its limit.
const DefaultMaxBody = 256 << 10

// ServerOptions configure the receiving endpoint.
type ServerOptions struct {
	Inbox       *Inbox
	Validator   *Validator
	Path        string        // the endpoint, like "/api/stories"
	ThanksURL   string        // the site's static thanks page; form posts go to the server's own, with the withdraw link
	FormAction  string        // the form's action, when the form is shown again
	AllowOrigin string        // the one origin allowed by CORS, or ""
	RateLimit   int           // accepted submissions per client per minute; 0 means no limit
	TrustProxy  bool          // take the client from the proxy's X-Forwarded-For entry
	MaxBody     int64         // 0 means DefaultMaxBody
	BodyTimeout time.Duration // how long a body may take to arrive; 0 leaves it to the server
	FormURL     string        // the form page; a browser that opens the endpoint is sent there
	OpenAPI     []byte        // served at /api/openapi.json when set
	// RenderForm writes the whole form page, for requests that prefer
	// HTML; nil means they get problem details too.
	RenderForm func(w io.Writer, form *FormView) error
	// EndpointURL is the endpoint's public address: the thanks page and
	// the withdraw links are under it. "" gives root-relative links.
	EndpointURL string
	// RenderWithdraw writes the thanks page and the pages of the withdraw
	// link; nil shows plain ones.
	RenderWithdraw func(w io.Writer, view *WithdrawView) error
	// StoriesDir is the site's content/stories/, where a withdrawn story
	// is taken from; "" leaves the site alone.
	StoriesDir string
	// Rebuild builds (and deploys) the site after a story was taken out
	// of StoriesDir; nil does not.
	Rebuild func(ctx context.Context) error
	Log     *log.Logger
	Now     func() time.Time
}

type server struct {
	opts    ServerOptions
	limiter *rateLimiter

	keyMu   sync.Mutex
	formKey []byte // of form tokens; loaded on first use
}

// NewHandler returns the HTTP handler of the submission endpoint.
func NewHandler(opts ServerOptions) http.Handler {
	if opts.MaxBody == 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	s := &server{opts: opts}
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, 100_000)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+opts.Path, s.submit)
	mux.HandleFunc("OPTIONS "+opts.Path, s.preflight)
	mux.HandleFunc(opts.Path, s.otherMethod)
	if opts.OpenAPI != nil {
		mux.HandleFunc("/api/openapi.json", s.only("GET, HEAD", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(opts.OpenAPI)
		}))
	}
	mux.HandleFunc("/healthz", s.only("GET, HEAD", s.healthz))
	s.routeWithdraw(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.problem(w, r, http.StatusNotFound, ProblemNotFound, "Not found", "this server only receives stories at "+opts.Path, nil)
	})
	return s.recoverPanics(mux)
}

// client identifies who sends a request, for rate limiting.
func (s *server) client(r *http.Request) string { return ClientAddress(r, s.opts.TrustProxy) }

// ClientAddress identifies who sends a request: the remote address, or
// with trustProxy the address the proxy appended to X-Forwarded-For (its
// last entry; earlier ones are the client's claims).
func ClientAddress(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			entries := strings.Split(xff[len(xff)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(entries[len(entries)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if origin == "" || s.opts.AllowOrigin == "" || origin != s.opts.AllowOrigin {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	return true
}

func (s *server) preflight(w http.ResponseWriter, r *http.Request) {
	if !s.cors(w, r) {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	w.Header().Set("Access-Control-Allow-Methods", "POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// mediaForm and mediaJSON are request bodies accepted, besides
// mediaMultipart, the form with a photo.
const (
	mediaForm  = "application/x-www-form-urlencoded"
	mediaJSON  = "application/json"
	acceptPost = mediaForm + ", " + mediaMultipart + ", " + mediaJSON
)

func (s *server) submit(w http.ResponseWriter, r *http.Request) {
	s.cors(w, r)
	client := s.client(r)
	if s.limiter != nil {
		ok, retry := s.limiter.allow(client, s.opts.Now())
		if !ok {
			secs := max(1, int(retry.Seconds()+0.999))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			s.problem(w, r, http.StatusTooManyRequests, ProblemRateLimited, "Too many submissions",
				fmt.Sprintf("try again in %d seconds", secs), nil)
			return
		}
	}
	stored := false
	defer func() {
		if s.limiter != nil && !stored {
			s.limiter.refund(client, s.opts.Now())
		}
	}()

	if _, err := idempotencyKey(r); err != nil {
		s.problem(w, r, http.StatusBadRequest, ProblemBadRequest, "The Idempotency-Key header is invalid", err.Error(), nil)
		return
	}
	media, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (media != mediaForm && media != mediaMultipart && media != mediaJSON) {
		w.Header().Set("Accept-Post", acceptPost)
		s.problem(w, r, http.StatusUnsupportedMediaType, ProblemMediaType, "Unsupported media type",
			"send "+mediaForm+", "+mediaMultipart+" or "+mediaJSON, nil)
		return
	}
	body, ok := s.readBody(w, r, media)
	if !ok {
		return
	}
	sub, values, errs, err := s.decode(media, params, body)
	if errors.Is(err, errTextTooLarge) {
		s.tooLarge(w, r, s.opts.MaxBody)
		return
	}
	if len(errs) > 0 {
		s.invalid(w, r, values, errs)
		return
	}
	if sub.IsBot() {
		// Answered like a success so the bot learns nothing; stored nowhere.
		s.opts.Log.Printf("honeypot filled by %s; dropped", client)
		s.accepted(w, r, media, NewID(s.opts.Now()))
		return
	}
	id, replayed, err := s.save(r, media, body, sub)
	switch {
	case errors.Is(err, errTokenReused):
		s.tokenReused(w, r, values)
		return
	case errors.Is(err, ErrKeyReused):
		s.problem(w, r, http.StatusUnprocessableEntity, ProblemKeyReused, "The Idempotency-Key was used for another submission",
			"send a new key with a new submission; nothing was kept", nil)
		return
	case err != nil:
		s.opts.Log.Printf("save: %v", err)
		s.problem(w, r, http.StatusInternalServerError, ProblemStorage, "The story could not be stored",
			"nothing was kept; please try again later", nil)
		return
	case replayed:
		s.opts.Log.Printf("retry of %s from %s answered again", id, client)
	default:
		stored = true
		s.opts.Log.Printf("received %s from %s: %q", id, client, sub.Title)
	}
	s.accepted(w, r, media, id)
}

// accepted answers a stored story: a form post is sent to the thanks
// page, which gives the private withdraw link, as the JSON answer does.
func (s *server) accepted(w http.ResponseWriter, r *http.Request, media, id string) {
	token := s.opts.Inbox.WithdrawToken(id)
	if isForm(media) {
		http.Redirect(w, r, s.linkURL(s.thanksPath()+token), http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusCreated, "application/json", map[string]string{
		"id": id, "status": "received", "withdraw_url": s.linkURL(s.withdrawPath() + token)})
}

// otherMethod answers every method the endpoint does not take. A browser
// that opens the endpoint (a reload of the form's error page, the address
// bar) is sent to the form instead of getting JSON.
func (s *server) otherMethod(w http.ResponseWriter, r *http.Request) {
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && s.opts.FormURL != "" && acceptsHTML(r) {
		http.Redirect(w, r, s.opts.FormURL, http.StatusSeeOther)
		return
	}
	w.Header().Set("Allow", "POST, OPTIONS")
	s.problem(w, r, http.StatusMethodNotAllowed, ProblemMethod, "Method not allowed", "use POST", nil)
}

// only answers methods other than allowed with a 405 problem.
func (s *server) only(allowed string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !slices.Contains(strings.Split(allowed, ", "), r.Method) {
			w.Header().Set("Allow", allowed)
			s.problem(w, r, http.StatusMethodNotAllowed, ProblemMethod, "Method not allowed", "use "+allowed, nil)
			return
		}
		h(w, r)
	}
}

// healthz says whether a story could be stored now.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.opts.Inbox.Writable(); err != nil {
		s.opts.Log.Printf("healthz: %v", err)
		s.problem(w, r, http.StatusServiceUnavailable, ProblemUnavailable, "The inbox cannot be written",
			"stories would not be stored; the server's log says why", nil)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"status": "ok", "inbox": "writable"})
}

// recoverPanics answers a handler's panic with a 500 problem, not a
// dropped connection.
func (s *server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.opts.Log.Printf("panic: %v", v)
				s.problem(w, r, http.StatusInternalServerError, ProblemServer, "Internal server error", "nothing was kept; please try again later", nil)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// readBody reads a whole request body within the limits of its media
// type, or answers the problem (413, 408, 400) and returns false. A body
// with a photo may be 5 MB larger and take four times as long to arrive,
// which a phone on a slow network needs.
func (s *server) readBody(w http.ResponseWriter, r *http.Request, media string) ([]byte, bool) {
	limit, timeout := s.opts.MaxBody, s.opts.BodyTimeout
	if media == mediaMultipart {
		limit += MaxPhotoBytes + multipartOverhead
		timeout *= 4
	}
	if r.ContentLength > limit {
		s.tooLarge(w, r, limit)
		return nil, false
	}
	if timeout > 0 {
		// Not every ResponseWriter can (httptest's cannot); the server's
		// ReadTimeout still stands then. The answer gets its own time,
		// after the body and the photo's decoding.
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(time.Now().Add(timeout))
		rc.SetWriteDeadline(time.Now().Add(timeout + 30*time.Second))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var maxErr *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &maxErr):
		s.tooLarge(w, r, limit)
		return nil, false
	case errors.As(err, &netErr) && netErr.Timeout():
		w.Header().Set("Connection", "close")
		s.problem(w, r, http.StatusRequestTimeout, ProblemTimeout, "The request took too long",
			fmt.Sprintf("send the whole body within %s", timeout), nil)
		return nil, false
	case err != nil:
		s.problem(w, r, http.StatusBadRequest, ProblemInvalid, "The body could not be read", err.Error(), nil)
		return nil, false
	}
	return body, true
}

// AwaitPublishing lifts the server's write deadline (receive's 20 s) for
// a request whose answer waits on a site build and on_publish, which the
// publisher bounds itself: a deploy that takes a minute must not cut the
// author's or the storyteller's answer off.
func AwaitPublishing(w http.ResponseWriter) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
}
