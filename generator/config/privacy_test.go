package config

import (
	"strings"
	"testing"
	"time"
)

func TestRetainPrivateDaysAndConfirmSubmitter(t *testing.T) {
	email := "[notify]\nsmtp_host = \"smtp.example.org\"\nemail_from = \"r@example.org\"\nemail_to = [\"m@example.org\"]\n"
	tests := []struct {
		name, src, wantErr string
		retain             time.Duration
	}{
		{"left out keeps", "", "", 0},
		{"zero keeps", "retain_private_days = 0", "", 0},
		{"thirty days", "retain_private_days = 30", "", 30 * 24 * time.Hour},
		{"negative", "retain_private_days = -1", "site.toml:3: retain_private_days: must be 0", 0},
		{"absurd", "retain_private_days = 100000", "more than 36500", 0},
		{"not a number", `retain_private_days = "30"`, "retain_private_days", 0},
		{"misspelt", "retain_private_day = 30", `did you mean "retain_private_days"?`, 0},
		{"confirmation with SMTP", email + "confirm_submitter = true", "", 0},
		{"confirmation without SMTP", "[notify]\nconfirm_submitter = true", "notify.confirm_submitter: needs an SMTP server", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseValid(t, tt.src)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			case tt.wantErr == "" && cfg.RetainPrivate() != tt.retain:
				t.Errorf("RetainPrivate() = %v, want %v", cfg.RetainPrivate(), tt.retain)
			}
		})
	}
}
