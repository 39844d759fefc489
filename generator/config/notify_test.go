package config

import (
	"fmt"
	"strings"
	"testing"
)

// TestHostileNotifyConfig: every [notify] that would send a story where
// it should not go, or leak a credential, is refused with the key named.
func TestHostileNotifyConfig(t *testing.T) {
	many := make([]string, MaxWebhooks+1)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("https://h%d.example.org/", i))
	}
	tests := []struct {
		name, src, wantErr string
	}{
		{"https webhook", `webhooks = ["https://hooks.example.org/rm"]`, ""},
		{"http on loopback", `webhooks = ["http://127.0.0.1:9000/hook", "http://localhost/x", "http://[::1]:8/"]`, ""},
		{"file URL", `webhooks = ["file:///etc/passwd"]`, "site.toml:4: notify.webhooks: entry 1, \"file:///etc/passwd\", is a file: URL"},
		{"no scheme", `webhooks = ["hooks.example.org/rm"]`, "has no scheme"},
		{"userinfo", `webhooks = ["https://user:pw@hooks.example.org/"]`, "carries a user name or password"},
		{"http to another machine", `webhooks = ["http://hooks.example.org/"]`, "uses http to another machine"},
		{"http to a look-alike of localhost", `webhooks = ["http://localhost.example.org/"]`, "uses http to another machine"},
		{"gopher", `webhooks = ["gopher://example.org/"]`, "is a gopher: URL"},
		{"no host", `webhooks = ["https:///path"]`, "has no host"},
		{"white space", `webhooks = ["https://example.org/a b"]`, "contains white space"},
		{"header injection", "webhooks = [\"https://example.org/\\r\\nX: y\"]", "contains white space"},
		{"fragment", `webhooks = ["https://example.org/#x"]`, "#fragment"},
		{"twice", `webhooks = ["https://example.org/", "https://example.org/"]`, "entry 2, \"https://example.org/\", is listed twice"},
		{"too many", "webhooks = [" + strings.Join(many, ", ") + "]", "lists 11 URLs; at most 10"},
		{"not a list", `webhooks = "https://example.org/"`, "webhooks"},
		{"review URL not absolute", `review_url = "/admin/"`, "notify.review_url: \"/admin/\" is not an absolute"},
		{"review URL with query", `review_url = "https://s.example.org/?a=b"`, "must not have a ?query"},
		{"unknown key", `webhook = ["https://example.org/"]`, "unknown key \"notify.webhook\" in [notify]; did you mean \"webhooks\"?"},
		{"secret in site.toml", `webhook_secret = "s3cret"`, "unknown key \"notify.webhook_secret\" in [notify]"},
		{"email complete", "smtp_host = \"smtp.example.org\"\nemail_from = \"R <r@example.org>\"\nemail_to = [\"me@example.org\"]", ""},
		{"email without from", "smtp_host = \"smtp.example.org\"\nemail_to = [\"me@example.org\"]", "site.toml:3: notify.email_from: is required"},
		{"email without host", "email_to = [\"me@example.org\"]", "notify.smtp_host: is required"},
		{"user without host", "smtp_user = \"me\"", "notify.smtp_user: is set, but smtp_host is not"},
		{"bad recipient", "smtp_host = \"smtp.example.org\"\nemail_from = \"r@example.org\"\nemail_to = [\"me@example.org\\r\\nBcc: x@evil.org\"]", "notify.email_to: entry 1"},
		{"host with port", "smtp_host = \"smtp.example.org:587\"\nemail_from = \"r@example.org\"\nemail_to = [\"m@example.org\"]", "the port goes in smtp_port"},
		{"clear text to another machine", "smtp_host = \"smtp.example.org\"\nsmtp_tls = \"none\"\nemail_from = \"r@example.org\"\nemail_to = [\"m@example.org\"]", "notify.smtp_tls: \"none\" is allowed only for a server on this machine"},
		{"clear text on loopback", "smtp_host = \"127.0.0.1\"\nsmtp_tls = \"none\"\nemail_from = \"r@example.org\"\nemail_to = [\"m@example.org\"]", ""},
		{"unknown TLS mode", "smtp_host = \"smtp.example.org\"\nsmtp_tls = \"ssl\"\nemail_from = \"r@example.org\"\nemail_to = [\"m@example.org\"]", "\"ssl\" is not a TLS mode"},
		{"bad port", "smtp_host = \"smtp.example.org\"\nsmtp_port = 70000\nemail_from = \"r@example.org\"\nemail_to = [\"m@example.org\"]", "70000 is not a TCP port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseValid(t, "[notify]\n"+tt.src)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestReviewBase(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "https://e.org/"},
		{"submit_endpoint = \"https://stories.example.org/api/stories\"", "https://stories.example.org/"},
		{"[notify]\nreview_url = \"https://admin.example.org/rm\"", "https://admin.example.org/rm/"},
	}
	for _, tt := range tests {
		cfg, err := parseValid(t, tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.ReviewBase(); got != tt.want {
			t.Errorf("%q: ReviewBase = %q, want %q", tt.src, got, tt.want)
		}
	}
}
