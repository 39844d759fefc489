package config

import "time"

// MaxRetainPrivateDays bounds retain_private_days: a hundred years is
// "keep", and writing 0 says so.
const MaxRetainPrivateDays = 36500

// RetainPrivate is how long the private data of approved stories is
// kept; 0 is for good.
func (c *Config) RetainPrivate() time.Duration {
	return time.Duration(c.RetainPrivateDays) * 24 * time.Hour
}

func (c *Config) checkRetention(bad func(key, format string, args ...any)) {
	switch d := c.RetainPrivateDays; {
	case d < 0:
		bad("retain_private_days", "must be 0 (keep the private data of approved stories) or a number of days, got %d", d)
	case d > MaxRetainPrivateDays:
		bad("retain_private_days", "%d days is more than %d; write 0 to keep the private data", d, MaxRetainPrivateDays)
	}
}
