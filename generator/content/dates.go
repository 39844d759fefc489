package content

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the date forms authors may write in front matter, tried
// in order. The local forms (no zone) are read in the site's time zone.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999 -0700", // Jekyll's Time#to_s with fractions
	"2006-01-02T15:04:05-0700",
	time.RFC1123Z, // copied from feeds and WordPress exports
	time.RFC1123,
}

const dateHint = `use 2006-01-02, 2006-01-02T15:04:05Z07:00 (RFC 3339) or 2006-01-02 15:04:05 -0700`

// parseDate reads a front matter date, which YAML and JSON give as a string
// and TOML as a time.Time; a date without an offset is UTC.
func parseDate(v any) (time.Time, error) { return parseDateIn(v, time.UTC) }

// parseDateIn is parseDate with dates without an offset read in loc.
func parseDateIn(v any, loc *time.Location) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		// TOML's local dates carry a placeholder zone; read them in loc.
		switch v.Location().String() {
		case "date-local", "datetime-local", "time-local":
			y, m, d := v.Date()
			return time.Date(y, m, d, v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), loc), nil
		}
		return v, nil
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range dateLayouts {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("cannot parse %q as a date; %s", v, dateHint)
	default:
		return time.Time{}, fmt.Errorf("%s is not a date; %s", describeValue(v), dateHint)
	}
}

// describeValue names a decoded front matter value's type for messages.
func describeValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "an empty value"
	case string:
		return fmt.Sprintf("the text %q", v)
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case int, int64, uint64, float64:
		return fmt.Sprintf("the number %v", v)
	case []any:
		return "a list"
	case map[string]any, map[any]any:
		return "a mapping"
	case time.Time:
		return "a date"
	default:
		return fmt.Sprintf("a %T", v)
	}
}
