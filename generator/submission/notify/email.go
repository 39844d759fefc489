package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/rainmaker-blog/rainmaker/generator/config"
)

// EmailTimeout bounds one SMTP attempt.
const EmailTimeout = 20 * time.Second

// Email sends each notification as a plain-text email through one SMTP
// server.
type Email struct {
	Host, User, Password string
	Port                 int
	TLS                  string // config.SMTPStartTLS, SMTPImplicitTLS or SMTPNoTLS
	From                 string
	To                   []string
}

func (e *Email) Key() string {
	return destinationKey('m', strings.Join(e.To, ",")+" via "+e.Host)
}

func (e *Email) String() string { return "email to " + strings.Join(e.To, ", ") }

func (e *Email) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(e.Port), gomail.WithTimeout(EmailTimeout)}
	switch e.TLS {
	case config.SMTPImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	case config.SMTPNoTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if e.User != "" {
		// Without TLS (allowed on loopback only) the discovery would
		// refuse PLAIN, which most servers offer.
		auth := gomail.SMTPAuthAutoDiscover
		if e.TLS == config.SMTPNoTLS {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(e.User), gomail.WithPassword(e.Password))
	}
	return gomail.NewClient(e.Host, opts...)
}

// Send makes one attempt. A recipient or message the server refuses for
// good (a 5xx reply) is a *PermanentError; a connection, TLS or sign-in
// failure is tried again, as it is often fixed on the server's side.
func (e *Email) Send(ctx context.Context, d *Delivery, now time.Time) error {
	msg, err := e.message(d, now)
	if err != nil {
		return &PermanentError{err}
	}
	c, err := e.client()
	if err != nil {
		return &PermanentError{err}
	}
	err = c.DialAndSendWithContext(ctx, msg)
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() {
		switch se.Reason {
		case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
			return &PermanentError{err}
		}
	}
	return err
}

// message builds the email. Its Message-ID is made from the delivery id,
// so a mail client shows a repeat as the same message.
func (e *Email) message(d *Delivery, now time.Time) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.From(e.From); err != nil {
		return nil, err
	}
	if err := m.To(e.To...); err != nil {
		return nil, err
	}
	domain := "rainmaker.invalid"
	if a, err := mail.ParseAddress(e.From); err == nil {
		if _, host, ok := strings.Cut(a.Address, "@"); ok {
			domain = host
		}
	}
	m.SetMessageIDWithValue(d.ID + "@" + domain)
	m.SetGenHeader(gomail.Header(DeliveryHeader), d.ID)
	m.SetDateWithValue(now)
	m.Subject("New story to review: " + d.Message.Title)
	m.SetBodyString(gomail.TypeTextPlain, emailBody(d.Message))
	return m, nil
}

func emailBody(msg Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "A reader sent a story.\n\nTitle:  %s\nName:   %s\n", msg.Title, msg.Name)
	if msg.Result != "" {
		fmt.Fprintf(&b, "Result: %s\n", msg.Result)
	}
	fmt.Fprintf(&b, "\nReview it: %s\n\nOr on the server: rainmaker inbox show %s\n", msg.ReviewURL, msg.ID)
	return b.String()
}
