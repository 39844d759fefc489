// Package notifytest runs the two receivers of Rainmaker's notifications
// on loopback, both real protocol servers: a webhook endpoint that checks
// every signature, and an SMTP server (github.com/emersion/go-smtp). They
// count the notifications of each story, for the tests and the load test
// that must see each story notified exactly once.
package notifytest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/mail"
	"regexp"
	"sync"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

// receivers are a webhook endpoint and an SMTP server on loopback, both
// real protocol servers, counting the notifications of each story.
type Receivers struct {
	Secret   []byte // the webhooks' signing secret (RAINMAKER_WEBHOOK_SECRET)
	Webhook  string // the webhook's URL
	SMTPPort int

	mu       sync.Mutex
	hooks    map[string]int // story id → webhook requests
	mails    map[string]int // story id → emails
	badHooks int            // requests whose signature did not verify
	stop     []func()
}

var storyInBody = regexp.MustCompile(`rainmaker inbox show (\S+)`)

func Start() (*Receivers, error) {
	r := &Receivers{Secret: []byte("receiveload secret"), hooks: map[string]int{}, mails: map[string]int{}}
	hookLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hookSrv := &http.Server{Handler: http.HandlerFunc(r.serveHook)}
	go hookSrv.Serve(hookLn)
	r.Webhook = "http://" + hookLn.Addr().String() + "/hook"
	mailLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		hookSrv.Close()
		return nil, err
	}
	mailSrv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{r: r}, nil }))
	mailSrv.Domain = "localhost"
	go mailSrv.Serve(mailLn)
	r.SMTPPort = mailLn.Addr().(*net.TCPAddr).Port
	r.stop = []func(){func() { hookSrv.Close() }, func() { mailSrv.Close() }}
	return r, nil
}

func (r *Receivers) Close() {
	for _, f := range r.stop {
		f()
	}
}

func (r *Receivers) serveHook(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := notify.VerifySignature(r.Secret, req.Header.Get(notify.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
		r.mu.Lock()
		r.badHooks++
		r.mu.Unlock()
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	id := regexp.MustCompile(`"id":"([^"]+)"`).FindSubmatch(body)
	if id == nil {
		http.Error(w, "no story id", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.hooks[string(id[1])]++
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// Notify is the [notify] table of site.toml that sends to the receivers.
func (r *Receivers) Notify() string {
	return fmt.Sprintf("\n[notify]\nwebhooks = [%q]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = %d\nsmtp_tls = \"none\"\n"+
		"email_from = \"site@example.org\"\nemail_to = [\"author@example.org\"]\n", r.Webhook, r.SMTPPort)
}

// Counts are the webhook requests and emails that came for a story.
func (r *Receivers) Counts(id string) (hooks, mails int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hooks[id], r.mails[id]
}

// Wait waits until every accepted story (id → title) has both
// notifications, or the timeout passes, and checks that none came twice
// and none came for another story. It returns how long it waited.
func (r *Receivers) Wait(accepted map[string]string, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	for {
		r.mu.Lock()
		done := len(r.hooks) >= len(accepted) && len(r.mails) >= len(accepted)
		r.mu.Unlock()
		if done || time.Since(start) > timeout {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	if r.badHooks > 0 {
		errs = append(errs, fmt.Errorf("%d webhook requests with a bad signature", r.badHooks))
	}
	for id := range accepted {
		if r.hooks[id] != 1 || r.mails[id] != 1 {
			errs = append(errs, fmt.Errorf("story %s: %d webhook requests and %d emails, want 1 and 1", id, r.hooks[id], r.mails[id]))
		}
		if len(errs) > 10 {
			break
		}
	}
	for _, counts := range []map[string]int{r.hooks, r.mails} {
		for id := range counts {
			if _, ok := accepted[id]; !ok {
				errs = append(errs, fmt.Errorf("a notification of %s, a story never accepted", id))
			}
		}
	}
	return took, errors.Join(errs...)
}

type mailSession struct{ r *Receivers }

func (s *mailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *mailSession) Reset()                               {}
func (s *mailSession) Logout() error                        { return nil }

func (s *mailSession) Data(in io.Reader) error {
	m, err := mail.ReadMessage(in)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(io.LimitReader(m.Body, 64<<10))
	id := storyInBody.FindSubmatch(body)
	if id == nil {
		return &smtp.SMTPError{Code: 554, Message: "no story id in the message"}
	}
	s.r.mu.Lock()
	s.r.mails[string(id[1])]++
	s.r.mu.Unlock()
	return nil
}
