package markdown

import (
	"strconv"
	"strings"
)

// shortcode is a Hugo shortcode written alone on a line, like
// {{< youtube dQw4w9WgXcQ >}} or {{< vimeo id="55073825" title="Demo" >}}.
// Migrated Hugo blogs are full of them; Rainmaker knows a few (youtube,
// vimeo, cta) and leaves the others as text.
type shortcode struct {
	Name  string
	Args  []string          // positional arguments
	Named map[string]string // key=value arguments
}

// parseShortcode reads one shortcode call: {{< name args >}} or
// {{% name args %}}, with arguments bare, "quoted" (with \" escapes),
// `raw`, or key=value with either kind of value.
func parseShortcode(line string) (shortcode, bool) {
	line = strings.TrimSpace(line)
	var inner string
	switch {
	case strings.HasPrefix(line, "{{<") && strings.HasSuffix(line, ">}}") && len(line) >= 6:
		inner = line[3 : len(line)-3]
	case strings.HasPrefix(line, "{{%") && strings.HasSuffix(line, "%}}") && len(line) >= 6:
		inner = line[3 : len(line)-3]
	default:
		return shortcode{}, false
	}
	inner = strings.TrimSpace(inner)
	inner = strings.TrimSpace(strings.TrimSuffix(inner, "/")) // {{< name />}}
	end := 0
	for end < len(inner) && (isAlnum(rune(inner[end])) || (end > 0 && (inner[end] == '_' || inner[end] == '-'))) {
		end++
	}
	if end == 0 || (end < len(inner) && !isSpace(inner[end])) {
		return shortcode{}, false
	}
	sc := shortcode{Name: strings.ToLower(inner[:end])}
	rest := inner[end:]
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return sc, true
		}
		key := ""
		if i := strings.IndexAny(rest, "= \t\"`"); i > 0 && rest[i] == '=' {
			key, rest = rest[:i], rest[i+1:]
		}
		value, tail, ok := shortcodeValue(rest)
		if !ok {
			return shortcode{}, false
		}
		rest = tail
		if key == "" {
			sc.Args = append(sc.Args, value)
			continue
		}
		if sc.Named == nil {
			sc.Named = map[string]string{}
		}
		sc.Named[strings.ToLower(key)] = value
	}
}

// shortcodeValue reads one argument value from the start of s and returns
// it with what follows, which must be a space or nothing.
func shortcodeValue(s string) (value, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	switch s[0] {
	case '"':
		i := 1
		for ; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' {
				i++
			}
		}
		if i >= len(s) {
			return "", "", false
		}
		v, err := strconv.Unquote(s[:i+1])
		if err != nil {
			return "", "", false
		}
		value, rest = v, s[i+1:]
	case '`':
		i := strings.IndexByte(s[1:], '`')
		if i < 0 {
			return "", "", false
		}
		value, rest = s[1:i+1], s[i+2:]
	default:
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			i = len(s)
		}
		value, rest = s[:i], s[i:]
		if strings.ContainsAny(value, "\"`=") {
			return "", "", false
		}
	}
	if rest != "" && !isSpace(rest[0]) {
		return "", "", false
	}
	return value, rest, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// arg is the named argument key, else the positional one at index i.
func (sc shortcode) arg(key string, i int) string {
	if v, ok := sc.Named[key]; ok {
		return v
	}
	if i >= 0 && i < len(sc.Args) {
		return sc.Args[i]
	}
	return ""
}
