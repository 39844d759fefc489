package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// Notify is [notify] in site.toml: who "rainmaker receive" tells about
// each accepted story. The secrets are never here: the webhook signing
// secret and the SMTP password come from the environment (see
// EnvWebhookSecret and EnvSMTPPassword).
type Notify struct {
	// ReviewURL is the public address of the receive server, where its
	// /admin/ pages are; the review link of a notification is
	// ReviewURL + "admin/stories/ID". Left out, it is the server of the
	// submission endpoint: submit_endpoint's origin when that is an
	// absolute URL, else base_url.
	ReviewURL string `toml:"review_url"`
	// Webhooks are the URLs each story is POSTed to, signed: https, or
	// http on a loopback address only.
	Webhooks []string `toml:"webhooks"`
	// The SMTP server an email about each story goes through.
	SMTPHost string `toml:"smtp_host"`
	SMTPPort int    `toml:"smtp_port"` // 0: 587 for starttls, 465 for tls, 25 for none
	SMTPUser string `toml:"smtp_user"` // "" sends without authentication
	// SMTPTLS is SMTPStartTLS (the default), SMTPImplicitTLS, or SMTPNoTLS
	// (a loopback host only: nothing in clear text crosses a network).
	SMTPTLS   string   `toml:"smtp_tls"`
	EmailFrom string   `toml:"email_from"`
	EmailTo   []string `toml:"email_to"`
	// ConfirmSubmitter also emails each submitter, through the same SMTP
	// server, that their story arrived, with their private withdraw link.
	// Off by default: the address is then used for nothing but the story.
	ConfirmSubmitter bool `toml:"confirm_submitter"`
}

// The environment variables that hold the secrets of [notify].
const (
	EnvWebhookSecret = "RAINMAKER_WEBHOOK_SECRET"
	EnvSMTPPassword  = "RAINMAKER_SMTP_PASSWORD"
)

// The values of smtp_tls.
const (
	SMTPStartTLS    = "starttls"
	SMTPImplicitTLS = "tls"
	SMTPNoTLS       = "none"
)

// MaxWebhooks bounds webhooks: each story is sent to every one, and a
// long list is more likely a mistake than a plan.
const MaxWebhooks = 10

var notifyKeys = []string{"review_url", "webhooks", "smtp_host", "smtp_port", "smtp_user", "smtp_tls", "email_from", "email_to", "confirm_submitter"}

// Enabled reports whether any notification is configured.
func (n *Notify) Enabled() bool { return len(n.Webhooks) > 0 || n.EmailEnabled() }

// EmailEnabled reports whether an email is sent about each story.
func (n *Notify) EmailEnabled() bool { return n.SMTPHost != "" }

// Port is the SMTP port, defaulted from the TLS mode.
func (n *Notify) Port() int {
	switch {
	case n.SMTPPort != 0:
		return n.SMTPPort
	case n.SMTPTLS == SMTPImplicitTLS:
		return 465
	case n.SMTPTLS == SMTPNoTLS:
		return 25
	}
	return 587
}

// ReviewBase is the address review links start with, ending in "/".
func (c *Config) ReviewBase() string {
	if c.Notify.ReviewURL != "" {
		return strings.TrimSuffix(c.Notify.ReviewURL, "/") + "/"
	}
	if u, err := url.Parse(c.SubmitEndpoint); err == nil && u.IsAbs() {
		return u.Scheme + "://" + u.Host + "/"
	}
	return strings.TrimSuffix(c.BaseURL, "/") + "/"
}

// checkNotify reports [notify] values that would send a notification
// where it should not go, or not at all.
func (c *Config) checkNotify(name, src string) report.List {
	var errs report.List
	bad := func(key, format string, args ...any) {
		errs = append(errs, report.Errorf(name, sectionKeyLine(src, "notify", key), "notify."+key+": "+format, args...))
	}
	n := &c.Notify
	if n.ReviewURL != "" {
		if msg := checkReviewURL(n.ReviewURL); msg != "" {
			bad("review_url", "%q %s", n.ReviewURL, msg)
		}
	}
	if len(n.Webhooks) > MaxWebhooks {
		bad("webhooks", "lists %d URLs; at most %d are allowed", len(n.Webhooks), MaxWebhooks)
	}
	seen := map[string]bool{}
	for i, raw := range n.Webhooks {
		if msg := CheckWebhookURL(raw); msg != "" {
			bad("webhooks", "entry %d, %q, %s", i+1, raw, msg)
		} else if seen[raw] {
			bad("webhooks", "entry %d, %q, is listed twice", i+1, raw)
		}
		seen[raw] = true
	}
	c.checkNotifyEmail(bad)
	return errs
}

// checkNotifyEmail reports an incomplete or unsafe SMTP setup.
func (c *Config) checkNotifyEmail(bad func(key, format string, args ...any)) {
	n := &c.Notify
	if !n.EmailEnabled() {
		for _, key := range []struct{ name, value string }{{"smtp_user", n.SMTPUser}, {"smtp_tls", n.SMTPTLS}, {"email_from", n.EmailFrom}} {
			if key.value != "" {
				bad(key.name, "is set, but smtp_host is not: set smtp_host to send email, or remove %s", key.name)
			}
		}
		if len(n.EmailTo) > 0 || n.SMTPPort != 0 {
			bad("smtp_host", "is required to send email (email_to or smtp_port is set)")
		}
		if n.ConfirmSubmitter {
			bad("confirm_submitter", "needs an SMTP server to send the confirmations through: set smtp_host, email_from and email_to")
		}
		return
	}
	if strings.ContainsAny(n.SMTPHost, " /:@\r\n\t") {
		bad("smtp_host", "%q must be a host name or address alone, like \"smtp.example.org\"; the port goes in smtp_port", n.SMTPHost)
	}
	if n.SMTPPort < 0 || n.SMTPPort > 65535 {
		bad("smtp_port", "%d is not a TCP port (1 to 65535)", n.SMTPPort)
	}
	switch n.SMTPTLS {
	case "", SMTPStartTLS, SMTPImplicitTLS:
	case SMTPNoTLS:
		if !IsLoopbackHost(n.SMTPHost) {
			bad("smtp_tls", "%q is allowed only for a server on this machine (localhost); %s is not, and the password and the story would cross the network in clear text", n.SMTPTLS, n.SMTPHost)
		}
	default:
		bad("smtp_tls", "%q is not a TLS mode; use %q (the default), %q (TLS from the start, port 465) or %q (localhost only)", n.SMTPTLS, SMTPStartTLS, SMTPImplicitTLS, SMTPNoTLS)
	}
	if n.EmailFrom == "" {
		bad("email_from", "is required with smtp_host: the sender, like \"Rainmaker <stories@example.org>\"")
	} else if _, err := mail.ParseAddress(n.EmailFrom); err != nil {
		bad("email_from", "%q is not an email address: %v", n.EmailFrom, err)
	}
	if len(n.EmailTo) == 0 {
		bad("email_to", "is required with smtp_host: who is told, like [\"me@example.org\"]")
	}
	for i, to := range n.EmailTo {
		if _, err := mail.ParseAddress(to); err != nil {
			bad("email_to", "entry %d, %q, is not an email address: %v", i+1, to, err)
		}
	}
}

// CheckWebhookURL says what is wrong with a webhook URL, or "". A
// story's data goes there, so it must be https; plain http only reaches
// this machine (for tests and a local relay). Credentials belong in the
// signature, not in the URL, which is logged and listed.
func CheckWebhookURL(raw string) string {
	if strings.ContainsAny(raw, " \t\r\n") {
		return "contains white space"
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme == "":
		return "has no scheme; write it like \"https://hooks.example.org/rainmaker\""
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Sprintf("is a %s: URL; a webhook must be https (or http on localhost)", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return "has no host"
	case u.User != nil:
		return "carries a user name or password; remove it: receivers check the Rainmaker-Signature header instead"
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "has a #fragment, which is never sent; remove it"
	case u.Scheme == "http" && !IsLoopbackHost(u.Hostname()):
		return "uses http to another machine; use https, so the story is not sent in clear text (http is allowed for localhost only)"
	}
	return ""
}

func checkReviewURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		return "is not an absolute http(s) URL; write the receive server's public address, like \"https://stories.example.org/\""
	case u.User != nil:
		return "must not carry a user name or password"
	case u.RawQuery != "" || u.Fragment != "":
		return "must not have a ?query or #fragment: the review path is added to it"
	}
	return ""
}

// IsLoopbackHost reports whether a host name or address is this machine.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sectionKeyLine is the line of key inside [section], or of [section]
// itself, or else of key anywhere.
func sectionKeyLine(src, section, key string) int {
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != "["+section+"]" {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			l := strings.TrimSpace(lines[j])
			if strings.HasPrefix(l, "[") && !strings.HasPrefix(l, "[\"") {
				break
			}
			if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key {
				return j + 1
			}
		}
		return i + 1
	}
	return keyLine(src, key)
}
