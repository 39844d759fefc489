package config

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func parseValid(t *testing.T, src string) (Config, error) {
	t.Helper()
	src = "title = \"T\"\nbase_url = \"https://e.org/\"\n" + src
	cfg, err := Parse(strings.NewReader(src), "site.toml")
	if err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate("site.toml", src)
}

func TestBrandChecks(t *testing.T) {
	tests := []struct {
		name, src, wantErr string
	}{
		{"default theme colours", "", ""},
		{"dark enough accent", "[brand]\naccent = \"#0b6651\"", ""},
		{"accent too light for the light theme", "[brand]\naccent = \"#7fd1b9\"", "site.toml:4: brand.accent: #7fd1b9 has a contrast of"},
		// 4.8:1 on the page, 4.4:1 on the tinted boxes of results and the CTA.
		{"accent fails on the highlight only", "[brand]\naccent = \"#707070\"", "brand.accent: #707070 has a contrast of 4.43:1 on the light background #e9f5f1"},
		{"accent not a colour", "[brand]\naccent = \"teal\"", "brand.accent: \"teal\" is not a colour"},
		{"dark accent too dark", "[brand]\naccent = \"#0b6651\"\naccent_dark = \"#0b6651\"", "site.toml:5: brand.accent_dark: #0b6651 has a contrast of"},
		{"known font", "[brand]\nfont = \"serif\"", ""},
		{"unknown font", "[brand]\nfont = \"comic\"", "brand.font: unknown font \"comic\"; choose one of geometric, humanist, rounded, serif, system"},
		{"about link not a link", "[brand.about]\nname = \"Ana\"\nlink = \"javascript:alert(1)\"", "brand.about.link"},
		{"about text without a name", "[brand.about]\ntext = \"I coach.\"", "brand.about.name: is required"},
		{"unknown brand key", "[brand]\naccnet = \"#000000\"", "unknown key \"brand.accnet\" in [brand]; did you mean \"accent\"?"},
		{"unknown about key", "[brand.about]\nphoto_url = \"/me.jpg\"", "in [brand.about]; did you mean \"photo\"?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseValid(t, tt.src)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestDerivedDarkAccentMeetsAA(t *testing.T) {
	for _, accent := range []string{"#0b6651", "#1d3557", "#6a040f", "#000000", "#5a189a"} {
		cfg, err := parseValid(t, "[brand]\naccent = \""+accent+"\"")
		if err != nil {
			t.Fatal(err)
		}
		dark := cfg.Brand.AccentDark
		for _, bg := range darkBackgrounds {
			if r := Contrast(dark, bg); r < MinContrast {
				t.Errorf("accent %s: derived dark %s has %.2f:1 on %s", accent, dark, r, bg)
			}
		}
	}
}

func TestContrastRatio(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#767676", "#ffffff", 4.54}, // the classic AA grey
	}
	for _, tt := range tests {
		if got := Contrast(tt.a, tt.b); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestBrandFilesMustExist(t *testing.T) {
	site := fstest.MapFS{"static/images/logo.svg": {Data: []byte("<svg/>")}}
	src := "[brand]\nlogo = \"/images/logo.svg\"\n[brand.about]\nname = \"Ana\"\nphoto = \"/images/ana.jpg\"\n"
	cfg, err := parseValid(t, src)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.CheckFiles(site, "site.toml", src)
	if err == nil || !strings.Contains(err.Error(), "brand.about.photo: static/images/ana.jpg does not exist") {
		t.Fatalf("error = %v", err)
	}
	if strings.Contains(err.Error(), "logo") {
		t.Errorf("the logo exists, but: %v", err)
	}
	cfg.Brand.Logo = "/../site.toml"
	if err := cfg.CheckFiles(site, "site.toml", src); err == nil || !strings.Contains(err.Error(), "must be a site path of a file in static/") {
		t.Errorf("a path leaving static/: %v", err)
	}
}

func TestStringsOverridesAndLanguages(t *testing.T) {
	tests := []struct {
		name, src, key, want, wantErr string
	}{
		{"english default", "", "min_read", "{n} min read", ""},
		{"german built in", "language = \"de-AT\"", "older", "Älter", ""},
		{"language without a table falls back to English", "language = \"fr\"", "older", "Older", ""},
		{"override", "[strings]\nolder = \"Earlier\"", "older", "Earlier", ""},
		{"override over german", "language = \"de\"\n[strings]\nnewer = \"Jünger\"", "newer", "Jünger", ""},
		{"a new key in german", "language = \"de\"", "featured_label", "Empfohlen", ""},
		{"lost name placeholder", "[strings]\nread_story = \"Read the story\"", "", "", "strings.read_story: \"Read the story\" must contain {name}"},
		{"unknown key", "[strings]\nolderr = \"x\"", "", "", "strings: unknown key \"olderr\"; did you mean \"older\"?"},
		{"lost placeholder", "[strings]\nmin_read = \"a quick read\"", "", "", "strings.min_read: \"a quick read\" must contain {n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			if !strings.HasPrefix(src, "[") && src != "" {
				src += "\n"
			}
			cfg, err := parseValid(t, src)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Texts()[tt.key]; got != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
			if got := cfg.Text(tt.key); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q, as Texts has it", tt.key, got, tt.want)
			}
		})
	}
}

func TestEveryLanguageHasEveryString(t *testing.T) {
	for lang, table := range builtinStrings {
		for key := range builtinStrings["en"] {
			if table[key] == "" {
				t.Errorf("%s lacks %q", lang, key)
			}
		}
		for key := range table {
			if _, ok := builtinStrings["en"][key]; !ok {
				t.Errorf("%s has %q, which English lacks", lang, key)
			}
		}
	}
}

// The backgrounds the accent is checked on are the theme's: every
// --bg, --surface and --highlight of main.css, light and dark.
func TestContrastBackgroundsAreTheThemes(t *testing.T) {
	css, err := os.ReadFile("../../static/css/main.css")
	if err != nil {
		t.Fatal(err)
	}
	text := string(css)
	dark := strings.Index(text, "prefers-color-scheme: dark")
	if dark < 0 {
		t.Fatal("main.css has no dark mode")
	}
	decl := regexp.MustCompile(`--(bg|surface|highlight):\s*(#[0-9a-fA-F]{6})`)
	var light, darkOnes []string
	for _, m := range decl.FindAllStringSubmatchIndex(text, -1) {
		value := strings.ToLower(text[m[4]:m[5]])
		if m[0] < dark {
			light = append(light, value)
		} else {
			darkOnes = append(darkOnes, value)
		}
	}
	if fmt.Sprint(light) != fmt.Sprint(lightBackgrounds) || fmt.Sprint(darkOnes) != fmt.Sprint(darkBackgrounds) {
		t.Errorf("main.css backgrounds light %v dark %v; the contrast check uses %v and %v", light, darkOnes, lightBackgrounds, darkBackgrounds)
	}
}
