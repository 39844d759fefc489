package config

import (
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/markdown"
)

func TestBlockSettings(t *testing.T) {
	tests := []struct {
		name, src, wantErr string
	}{
		{"none", "", ""},
		{"embeds link", "embeds = \"link\"", ""},
		{"embeds player", "embeds = \"player\"", ""},
		{"embeds unknown", "embeds = \"iframe\"", "site.toml:3: embeds: \"iframe\" is not a way to show videos"},
		{"toc minimum", "toc_min_headings = 4", ""},
		{"toc negative", "toc_min_headings = -1", "site.toml:3: toc_min_headings: must be 0"},
		{"cta https", "[cta]\ntext = \"Book a discovery call\"\nurl = \"https://cal.example.org/dana\"", ""},
		{"cta mailto", "[cta]\ntext = \"Write to me\"\nurl = \"mailto:dana@example.org\"", ""},
		{"cta site path", "[cta]\ntext = \"Contact\"\nurl = \"/contact/\"", ""},
		{"cta url without text", "[cta]\ntext = \" \"\nurl = \"https://cal.example.org/\"", "site.toml:4: cta.text: is required with cta.url"},
		{"cta url only", "[cta]\nurl = \"https://cal.example.org/\"", "site.toml:3: cta.text: is required"},
		{"cta text without url", "[cta]\ntext = \"Book\"", "site.toml:3: cta.url: is required with cta.text"},
		{"cta javascript", "[cta]\ntext = \"Book\"\nurl = \"javascript:alert(1)\"", "site.toml:5: cta.url: \"javascript:alert(1)\" must be an http(s) URL"},
		{"cta ftp", "[cta]\ntext = \"Book\"\nurl = \"ftp://example.org/\"", "cta.url: \"ftp://example.org/\" must be"},
		{"cta relative", "[cta]\ntext = \"Book\"\nurl = \"contact\"", "cta.url: \"contact\" must be"},
		{"cta scheme-relative", "[cta]\ntext = \"Book\"\nurl = \"//evil.example/\"", "cta.url:"},
		{"cta host-less http", "[cta]\ntext = \"Book\"\nurl = \"https:///x\"", "cta.url:"},
		{"cta empty mailto", "[cta]\ntext = \"Book\"\nurl = \"mailto:\"", "cta.url:"},
		{"cta unknown key", "[cta]\ntext = \"Book\"\nlink = \"/x/\"", "unknown key \"cta.link\" in [cta]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseValid(t, tt.src)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if tt.name == "cta https" && (cfg.CTA.Text != "Book a discovery call" || cfg.CTA.URL != "https://cal.example.org/dana") {
				t.Errorf("cta = %+v", cfg.CTA)
			}
		})
	}
}

// TestStringsHaveTheBlocksTexts keeps the site's text table in step with
// the words the Markdown blocks print, which take their text from it.
func TestStringsHaveTheBlocksTexts(t *testing.T) {
	for key, english := range markdown.DefaultTexts() {
		if got, ok := builtinStrings["en"][key]; !ok || got != english {
			t.Errorf("strings %q = %q, want %q as the markdown package has it", key, got, english)
		}
	}
}
