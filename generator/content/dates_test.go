package content

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		in   any
		want time.Time
	}{
		{"2024-05-01", utc(2024, 5, 1, 0, 0)},
		{" 2024-05-01 ", utc(2024, 5, 1, 0, 0)},
		{"2024-05-01T09:30:00Z", utc(2024, 5, 1, 9, 30)},
		{"2024-05-01T11:30:00+02:00", utc(2024, 5, 1, 9, 30)},
		{"2024-05-01 11:30:00 +0200", utc(2024, 5, 1, 9, 30)},
		{"2024-05-01T09:30:00", utc(2024, 5, 1, 9, 30)},
		{"2024-05-01 09:30", utc(2024, 5, 1, 9, 30)},
		{utc(2024, 5, 1, 9, 30), utc(2024, 5, 1, 9, 30)},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in)
		if err != nil {
			t.Errorf("parseDate(%v): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("parseDate(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseDateTOMLLocalDate(t *testing.T) {
	var v map[string]any
	if err := toml.Unmarshal([]byte("d = 2024-05-01\n"), &v); err != nil {
		t.Fatal(err)
	}
	got, err := parseDate(v["d"])
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("got %v, want %v in UTC", got, want)
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, in := range []any{"tomorrow", "2024-13-01", "01/05/2024", 20240501, true, []any{"2024-01-01"}} {
		_, err := parseDate(in)
		if err == nil {
			t.Errorf("parseDate(%v): no error", in)
			continue
		}
		if !strings.Contains(err.Error(), "2006-01-02") {
			t.Errorf("parseDate(%v) error %q gives no hint of the accepted forms", in, err)
		}
	}
}
