package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/rainmaker-blog/rainmaker/generator/config"
)

// Submitter is the private part of a confirmation: to whom, and their
// link to withdraw the story.
type Submitter struct {
	Email       string `json:"email"`
	WithdrawURL string `json:"withdraw_url"`
}

// Confirmation emails a submitter that their story arrived, through the
// SMTP server of the authors' email.
type Confirmation struct{ SMTP *Email }

func (c *Confirmation) Key() string    { return destinationKey('c', "submitters via "+c.SMTP.Host) }
func (c *Confirmation) String() string { return "confirmation email to the submitter" }

// Send makes one attempt, as Email.Send does.
func (c *Confirmation) Send(ctx context.Context, d *Delivery, now time.Time) error {
	if d.Submitter == nil {
		return &PermanentError{errors.New("the record holds no submitter (erased)")}
	}
	m := gomail.NewMsg()
	if err := m.From(c.SMTP.From); err != nil {
		return &PermanentError{err}
	}
	if err := m.To(d.Submitter.Email); err != nil {
		return &PermanentError{err}
	}
	m.SetGenHeader(gomail.Header(DeliveryHeader), d.ID)
	m.SetDateWithValue(now)
	m.Subject("Your story reached us: " + d.Message.Title)
	m.SetBodyString(gomail.TypeTextPlain, confirmationBody(d.Message, d.Submitter.WithdrawURL))
	client, err := c.SMTP.client()
	if err != nil {
		return &PermanentError{err}
	}
	err = client.DialAndSendWithContext(ctx, m)
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.Reason == gomail.ErrSMTPRcptTo {
		return &PermanentError{err} // the address does not take mail
	}
	return err
}

func confirmationBody(msg Message, withdrawURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Thank you, %s. Your story “%s” has reached us.\n\n", msg.Name, msg.Title)
	b.WriteString("An editor will read it and may write to you about details before it is published.\n\n")
	fmt.Fprintf(&b, "Changed your mind? This private link withdraws the story, takes it off the site if it is\npublished, and erases your email address and everything else we keep of it:\n\n  %s\n\n", withdrawURL)
	b.WriteString("Keep this link to yourself: anyone who has it can withdraw the story.\n")
	return b.String()
}

// ConfirmationFromConfig is the confirmation destination of [notify],
// or nil when confirm_submitter is off. FromConfig has checked the
// secrets already.
func ConfirmationFromConfig(n config.Notify, getenv func(string) string) Destination {
	if !n.ConfirmSubmitter || !n.EmailEnabled() {
		return nil
	}
	return &Confirmation{SMTP: &Email{
		Host: n.SMTPHost, Port: n.Port(), User: n.SMTPUser, Password: getenv(config.EnvSMTPPassword),
		TLS: n.SMTPTLS, From: n.EmailFrom,
	}}
}

// EnqueueConfirmation records the confirmation of a story to its
// submitter, durably, like Enqueue; without Confirm it does nothing.
func (q *Queue) EnqueueConfirmation(msg Message, to Submitter, now time.Time) error {
	if q.Confirm == nil {
		return nil
	}
	if !storyIDPattern.MatchString(msg.ID) {
		return fmt.Errorf("queue confirmation: %q is not a story id", msg.ID)
	}
	msg.ReviewURL = q.ReviewBase + "admin/stories/" + msg.ID
	d := Delivery{
		ID: msg.ID + "." + q.Confirm.Key(), Story: msg.ID, Destination: q.Confirm.String(), Message: msg,
		Created: now.UTC(), NextTry: now.UTC(), Submitter: &to,
	}
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("queue confirmation: %w", err)
	}
	if err := q.write(q.path(pendingDir, d.ID), data, os.Link); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("queue confirmation of %s: %w", msg.ID, err)
	}
	select {
	case q.added <- struct{}{}:
	default:
	}
	return nil
}
