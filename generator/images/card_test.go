package images

import (
	"bytes"
	"crypto/sha256"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

func story() CardText {
	return CardText{
		Title:    "From missing quota three quarters running to the top of the leaderboard",
		Subtitle: "Closed 140% of target in two quarters, with the same territory",
		Person:   "Ana Ruiz, VP Sales, Acme",
		SiteName: "Coaching the Rainmakers",
		Accent:   color.RGBA{0xb4, 0x53, 0x09, 0xff},
	}
}

func TestSocialCardDeterministic(t *testing.T) {
	a, err := SocialCard(story())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SocialCard(story())
	if sha256.Sum256(a) != sha256.Sum256(b) {
		t.Fatal("the same card drew different bytes")
	}
	other := story()
	other.Title = "Another title"
	c, _ := SocialCard(other)
	if bytes.Equal(a, c) {
		t.Fatal("a different title drew the same card")
	}
	m, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() != CardWidth || b.Dy() != CardHeight {
		t.Fatalf("card is %v", b)
	}
	// The corner is the accent; some pixel of the title area is ink.
	if !near(m.At(5, 5), story().Accent) {
		t.Errorf("corner %v, want the accent", m.At(5, 5))
	}
	ink, found := TextColor(story().Accent), false
	for x := cardMargin; x < cardMargin+400 && !found; x++ {
		found = near(m.At(x, cardMargin+40), ink)
	}
	if !found {
		t.Error("no title ink on the first line")
	}
}

func TestTextColorContrast(t *testing.T) {
	for _, bg := range []color.RGBA{
		{0, 0, 0, 255}, {255, 255, 255, 255}, {0x1d, 0x4e, 0xd8, 255}, {0xff, 0xd7, 0x00, 255},
		{0x77, 0x77, 0x77, 255}, {0x00, 0x80, 0x80, 255}, {0xe1, 0x1d, 0x48, 255},
	} {
		if r := ContrastRatio(TextColor(bg), bg); r < 4.5 {
			t.Errorf("on %v the text contrasts %.2f:1, below WCAG AA", bg, r)
		}
	}
	if TextColor(color.RGBA{0xff, 0xd7, 0x00, 255}).R != 0 {
		t.Error("yellow wants black text")
	}
	if TextColor(color.RGBA{0x1d, 0x4e, 0xd8, 255}).R != 0xff {
		t.Error("blue wants white text")
	}
}

func TestWrap(t *testing.T) {
	ff, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	f := face(ff[0], 40)
	long := strings.Repeat("word ", 100)
	lines := wrap(f, long, 400, 3)
	if len(lines) != 3 || !strings.HasSuffix(lines[2], "…") {
		t.Fatalf("wrap cut to %q", lines)
	}
	for _, l := range lines {
		if font.MeasureString(f, l).Ceil() > 400 {
			t.Errorf("%q is wider than the line", l)
		}
	}
	giant := wrap(f, strings.Repeat("x", 200), 400, 10)
	if len(giant) < 2 {
		t.Errorf("a word wider than the line is not broken: %q", giant)
	}
	if got := wrap(f, "", 400, 3); len(got) != 1 || got[0] != "" {
		t.Errorf("empty text: %q", got)
	}
}

func TestSocialCardFileCached(t *testing.T) {
	dir := t.TempDir()
	p := newTestProcessor(t, testSettings(), dir)
	path, key, err := p.SocialCardFile(story())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := SocialCard(story())
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Fatal("the cached card is not the card")
	}
	again := newTestProcessor(t, testSettings(), dir)
	path2, key2, err := again.SocialCardFile(story())
	if err != nil || path2 != path || key2 != key || again.Stats().Encoded != 0 {
		t.Fatalf("second build drew the card again: %+v, %v", again.Stats(), err)
	}
}
