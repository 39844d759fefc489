package notify

import (
	"fmt"

	"github.com/rainmaker-blog/rainmaker/generator/config"
)

// FromConfig makes the destinations of a site's checked [notify], with
// the secrets read through getenv (os.Getenv). It refuses a setup that
// could not sign or sign in, so receive does not start and queue
// notifications that can never go out.
func FromConfig(n config.Notify, getenv func(string) string) ([]Destination, error) {
	var dests []Destination
	if len(n.Webhooks) > 0 {
		secret := getenv(config.EnvWebhookSecret)
		if secret == "" {
			return nil, fmt.Errorf("site.toml [notify] lists webhooks, but %s is not set: set it to a long random string shared with the receivers, which check the %s header with it (for example: export %s=$(openssl rand -hex 32))",
				config.EnvWebhookSecret, SignatureHeader, config.EnvWebhookSecret)
		}
		if len(secret) < 16 {
			return nil, fmt.Errorf("%s is %d characters long; use at least 16 random characters, so the signature cannot be guessed", config.EnvWebhookSecret, len(secret))
		}
		for _, url := range n.Webhooks {
			w, err := NewWebhook(url, []byte(secret))
			if err != nil {
				return nil, err
			}
			dests = append(dests, w)
		}
	}
	if n.EmailEnabled() {
		password := getenv(config.EnvSMTPPassword)
		if n.SMTPUser != "" && password == "" {
			return nil, fmt.Errorf("site.toml [notify] signs in to %s as smtp_user %q, but %s is not set: set it to that account's password", n.SMTPHost, n.SMTPUser, config.EnvSMTPPassword)
		}
		dests = append(dests, &Email{
			Host: n.SMTPHost, Port: n.Port(), User: n.SMTPUser, Password: password,
			TLS: n.SMTPTLS, From: n.EmailFrom, To: n.EmailTo,
		})
	}
	return dests, nil
}
