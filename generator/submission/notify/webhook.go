package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// ErrNoSecret is returned by NewWebhook without a secret.
var ErrNoSecret = errors.New("a webhook needs a signing secret")

// WebhookTimeout bounds one attempt: a receiver that stalls is tried
// again later, not waited for.
const WebhookTimeout = 15 * time.Second

// Webhook POSTs each notification's Message as JSON to one URL, signed
// (see Sign). The URL is checked by the site's configuration first.
type Webhook struct {
	URL    string
	secret []byte
	client *http.Client
}

// NewWebhook returns the destination of one webhook URL.
func NewWebhook(url string, secret []byte) (*Webhook, error) {
	if len(secret) == 0 {
		return nil, ErrNoSecret
	}
	return &Webhook{URL: url, secret: secret, client: &http.Client{
		Timeout: WebhookTimeout,
		// A redirect would send the story somewhere site.toml does not
		// name; it is answered like an error instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}, nil
}

func (w *Webhook) Key() string    { return destinationKey('w', w.URL) }
func (w *Webhook) String() string { return "webhook " + w.URL }

// Send makes one attempt. 2xx is delivered; 408, 429, 5xx and network
// errors are tried again; any other answer means the receiver will not
// take it, so it is a *PermanentError.
func (w *Webhook) Send(ctx context.Context, d *Delivery, now time.Time) error {
	body, err := json.Marshal(d.Message)
	if err != nil {
		return &PermanentError{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return &PermanentError{err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Rainmaker-Webhook/1")
	req.Header.Set(DeliveryHeader, d.ID)
	req.Header.Set(SignatureHeader, Sign(w.secret, body, now))
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		return fmt.Errorf("answered %s: %s", resp.Status, snippet)
	case code >= 300 && code < 400:
		return &PermanentError{fmt.Errorf("answered %s to %s; redirects are not followed: put the final URL in webhooks", resp.Status, resp.Header.Get("Location"))}
	}
	return &PermanentError{fmt.Errorf("answered %s: %s", resp.Status, snippet)}
}
