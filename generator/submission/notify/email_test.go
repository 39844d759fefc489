package notify_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

// mailServer is a real SMTP server, in process, on loopback: it signs
// users in with PLAIN and keeps every message it accepts.
type mailServer struct {
	addr     *net.TCPAddr
	password string
	rejectTo string // a recipient answered 550

	mu       sync.Mutex
	messages []*mail.Message
	rcpts    [][]string
	authed   []string
}

func startMailServer(t *testing.T, password string) *mailServer {
	t.Helper()
	ms := &mailServer{password: password}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mailSession{ms: ms}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback, as smtp_tls = "none" allows
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ms.addr = ln.Addr().(*net.TCPAddr)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ms
}

type mailSession struct {
	ms    *mailServer
	user  string
	rcpts []string
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if password != s.ms.password {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *mailSession) Mail(string, *smtp.MailOptions) error {
	if s.ms.password != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.ms.rejectTo {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.rcpts = append(s.rcpts, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	m, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	m.Body = strings.NewReader(string(body))
	s.ms.mu.Lock()
	s.ms.messages = append(s.ms.messages, m)
	s.ms.rcpts = append(s.ms.rcpts, s.rcpts)
	s.ms.authed = append(s.ms.authed, s.user)
	s.ms.mu.Unlock()
	return nil
}

func (s *mailSession) Reset()        { s.rcpts = nil }
func (s *mailSession) Logout() error { return nil }

// emailFromConfig builds the destination as receive does, from [notify]
// and the environment.
func emailFromConfig(t *testing.T, ms *mailServer, user, password string, to ...string) notify.Destination {
	t.Helper()
	dests, err := notify.FromConfig(config.Notify{
		SMTPHost: "127.0.0.1", SMTPPort: ms.addr.Port, SMTPUser: user, SMTPTLS: config.SMTPNoTLS,
		EmailFrom: "Rainmaker <stories@example.org>", EmailTo: to,
	}, func(key string) string {
		if key == config.EnvSMTPPassword {
			return password
		}
		return ""
	})
	if err != nil || len(dests) != 1 {
		t.Fatalf("FromConfig: %v, %v", dests, err)
	}
	return dests[0]
}

func TestEmailIsSentOnceThroughSMTP(t *testing.T) {
	ms := startMailServer(t, "smtp-pass")
	q := newQueue(t, emailFromConfig(t, ms, "stories@example.org", "smtp-pass", "coach@example.org"))
	q.Enqueue(message(storyID), time.Now())
	d := &notify.Dispatcher{Queue: q}
	if sent := d.Pass(context.Background()); sent != 1 {
		p, _ := q.Pending()
		t.Fatalf("sent %d; pending %+v", sent, p)
	}
	d.Pass(context.Background())
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if len(ms.messages) != 1 {
		t.Fatalf("%d messages, want 1", len(ms.messages))
	}
	m := ms.messages[0]
	body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	if cte := m.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Errorf("Content-Transfer-Encoding %q", cte)
	}
	delivery := m.Header.Get(notify.DeliveryHeader)
	if !strings.HasPrefix(delivery, storyID+".m") || ms.authed[0] != "stories@example.org" || strings.Join(ms.rcpts[0], ",") != "coach@example.org" {
		t.Errorf("delivery %q, signed in as %q, to %v", delivery, ms.authed[0], ms.rcpts[0])
	}
	if subject := m.Header.Get("Subject"); subject != "New story to review: Doubled my pipeline" {
		t.Errorf("subject %q", subject)
	}
	if !strings.Contains(string(body), "https://stories.example.org/admin/stories/"+storyID) || !strings.Contains(string(body), "Ana") {
		t.Errorf("body:\n%s", body)
	}
	if id := m.Header.Get("Message-Id"); id != "<"+delivery+"@example.org>" {
		t.Errorf("Message-ID %q", id)
	}
}

// TestEmailRetriesAndRefusals: a wrong password is retried (it is fixed
// on the server's side); a recipient the server refuses is not.
func TestEmailRetriesAndRefusals(t *testing.T) {
	ms := startMailServer(t, "right")
	q := newQueue(t, emailFromConfig(t, ms, "u", "wrong", "coach@example.org"))
	q.Enqueue(message(storyID), time.Now())
	(&notify.Dispatcher{Queue: q}).Pass(context.Background())
	if p, _ := q.Pending(); len(p) != 1 || p[0].Attempts != 1 || p[0].LastError == "" {
		t.Errorf("after a refused sign-in: %+v", p)
	}

	ms.rejectTo = "gone@example.org"
	q = newQueue(t, emailFromConfig(t, ms, "u", "right", "gone@example.org"))
	q.Enqueue(message(storyID), time.Now())
	(&notify.Dispatcher{Queue: q}).Pass(context.Background())
	if f, _ := q.Failed(); len(f) != 1 || !strings.Contains(f[0].LastError, "550") {
		p, _ := q.Pending()
		t.Errorf("after a refused recipient: failed %+v, pending %+v", f, p)
	}
}

func TestFromConfigNeedsTheSecrets(t *testing.T) {
	noEnv := func(string) string { return "" }
	_, err := notify.FromConfig(config.Notify{Webhooks: []string{"https://h.example.org/"}}, noEnv)
	if err == nil || !strings.Contains(err.Error(), config.EnvWebhookSecret+" is not set") {
		t.Errorf("webhooks without a secret: %v", err)
	}
	_, err = notify.FromConfig(config.Notify{Webhooks: []string{"https://h.example.org/"}}, func(string) string { return "short" })
	if err == nil || !strings.Contains(err.Error(), "at least 16") {
		t.Errorf("a short secret: %v", err)
	}
	_, err = notify.FromConfig(config.Notify{SMTPHost: "smtp.example.org", SMTPUser: "me", EmailFrom: "a@b.org", EmailTo: []string{"c@d.org"}}, noEnv)
	if err == nil || !strings.Contains(err.Error(), config.EnvSMTPPassword+" is not set") {
		t.Errorf("smtp_user without a password: %v", err)
	}
	dests, err := notify.FromConfig(config.Notify{SMTPHost: "smtp.example.org", SMTPPort: 2525, EmailFrom: "a@b.org", EmailTo: []string{"c@d.org"}}, noEnv)
	if err != nil || len(dests) != 1 || !strings.Contains(dests[0].String(), "c@d.org") {
		t.Errorf("email without sign-in: %v, %v", dests, err)
	}
	if e := dests[0].(*notify.Email); e.Port != 2525 || strconv.Itoa(e.Port) == "" {
		t.Errorf("port %d", e.Port)
	}
}
