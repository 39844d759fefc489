package content

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// simpleYAML decodes the YAML front matter nearly every page has — one
// field per line holding a word or sentence, a quoted string, a date, a
// whole number, true or false, or a list of strings — in one pass over
// the bytes. The YAML library took ~35 µs per page for three such lines,
// a tenth of a clean build's front matter stage.
//
// It gives up (ok false) at anything else: nested fields, comments after
// values, escapes, anchors, multi-line values, YAML 1.1's yes/no/on/off,
// octal and other numbers, tabs, repeated keys... and the YAML library then
// decodes the text as before, errors included. Where it does decode, the
// result is exactly decodeYAML's: FuzzSimpleYAML compares the two.
func simpleYAML(text []byte) (map[string]any, bool) {
	d := simpleYAMLDecoder{values: make(map[string]any, 8), listIndent: -1}
	for len(text) > 0 {
		var line []byte
		if nl := bytes.IndexByte(text, '\n'); nl >= 0 {
			line, text = text[:nl], text[nl+1:]
		} else {
			line, text = text, nil
		}
		if !yamlPrintable(line) {
			return nil, false // tabs, controls, invalid UTF-8, odd line breaks, even in comments
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		rest := line[indent:]
		if len(rest) == 0 {
			continue // blank
		}
		if rest[0] == '#' {
			if indent > 0 || d.listKey != "" {
				return nil, false // keep comments simple: whole lines, outside lists
			}
			continue
		}
		if rest[0] == '-' {
			if !d.listItem(indent, rest) {
				return nil, false
			}
			continue
		}
		if indent > 0 {
			return nil, false // a continued value or a nested field
		}
		if !d.field(rest) {
			return nil, false
		}
	}
	if d.listKey != "" && d.list == nil {
		return nil, false // a key with no value at the end: leave it to the library
	}
	d.endList()
	if len(d.values) == 0 {
		return nil, false
	}
	return d.values, true
}

// simpleYAMLDecoder is what simpleYAML carries from line to line. It
// lives on simpleYAML's stack, so its per-line methods allocate nothing
// beyond the values they decode.
type simpleYAMLDecoder struct {
	values     map[string]any
	listKey    string // a key with no value on its line: a list may follow
	list       []any
	listIndent int
}

// endList stores the list under the last key with no value, if any.
func (d *simpleYAMLDecoder) endList() {
	if d.listKey != "" {
		if d.list == nil {
			d.values[d.listKey] = nil // "tags:" with nothing after is null
		} else {
			d.values[d.listKey] = d.list
		}
	}
	d.listKey, d.list, d.listIndent = "", nil, -1
}

// listItem reads a "- item" line: an item of the list under the last key,
// all at one indent.
func (d *simpleYAMLDecoder) listItem(indent int, rest []byte) bool {
	if d.listKey == "" || len(rest) < 3 || rest[1] != ' ' || (d.listIndent >= 0 && indent != d.listIndent) {
		return false
	}
	d.listIndent = indent
	item, ok := yamlScalar(bytes.Trim(rest[2:], " "), true)
	if !ok {
		return false
	}
	if d.list == nil {
		d.list = make([]any, 0, 4)
	}
	d.list = append(d.list, item)
	return true
}

// field reads a "key: value" line of the top level; a key with no value
// may start a list.
func (d *simpleYAMLDecoder) field(rest []byte) bool {
	d.endList()
	colon := bytes.IndexByte(rest, ':')
	if colon <= 0 || !isSimpleKey(rest[:colon]) || (colon+1 < len(rest) && rest[colon+1] != ' ') {
		return false
	}
	key := string(rest[:colon])
	if _, repeated := d.values[key]; repeated {
		return false
	}
	value := bytes.Trim(rest[colon+1:], " ")
	switch {
	case len(value) == 0:
		d.listKey = key
	case value[0] == '[':
		items, ok := yamlFlowList(value)
		if !ok {
			return false
		}
		d.values[key] = items
	default:
		v, ok := yamlScalar(value, false)
		if !ok {
			return false
		}
		if _, isText := v.(string); !isText && textFields[strings.ToLower(key)] {
			v = string(value) // as decodeYAML keeps a text field's number or boolean
		}
		d.values[key] = v
	}
	return true
}

// isSimpleKey accepts field names like title, reading_time or og-image
// that YAML reads as plain strings (not as true, false or null).
func isSimpleKey(k []byte) bool {
	// YAML caps a key written without "?" at 1,024 characters.
	if len(k) > 128 || !isASCIILetter(k[0]) || isYAMLKeyword(k) {
		return false
	}
	for _, c := range k {
		if !isASCIILetter(c) && !('0' <= c && c <= '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isYAMLKeyword reports words YAML 1.1 reads as booleans or null in any
// spelling it accepts; such plain values are left to the library.
func isYAMLKeyword(w []byte) bool {
	if len(w) > 5 {
		return false
	}
	switch string(bytes.ToLower(w)) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		return true
	}
	return false
}

// yamlFlowList decodes ["a", b, 'c'] on one line.
func yamlFlowList(v []byte) ([]any, bool) {
	if v[len(v)-1] != ']' {
		return nil, false
	}
	inner := bytes.Trim(v[1:len(v)-1], " ")
	items := make([]any, 0, 4)
	if len(inner) == 0 {
		return items, true
	}
	for {
		var item []byte
		if inner[0] == '"' || inner[0] == '\'' {
			end := bytes.IndexByte(inner[1:], inner[0])
			if end < 0 {
				return nil, false
			}
			item, inner = inner[:end+2], bytes.TrimLeft(inner[end+2:], " ")
		} else {
			comma := bytes.IndexByte(inner, ',')
			if comma < 0 {
				comma = len(inner)
			}
			item, inner = bytes.TrimRight(inner[:comma], " "), inner[comma:]
			if bytes.IndexByte(item, '?') >= 0 {
				return nil, false // "?" ends a plain value inside [...] for the YAML library
			}
		}
		value, ok := yamlScalar(item, true)
		if !ok {
			return nil, false
		}
		items = append(items, value)
		if len(inner) == 0 {
			return items, true
		}
		if inner[0] != ',' {
			return nil, false
		}
		inner = bytes.TrimLeft(inner[1:], " ")
		if len(inner) == 0 {
			return nil, false // a trailing comma
		}
	}
}

// yamlScalar decodes one value: a quoted string without escapes, a
// plain string that starts with a letter, a date or date and time (kept
// as text, as the library does for a map of any), a whole number, true
// or false. inList rejects what would be a number or boolean in a list,
// where only strings are expected.
func yamlScalar(v []byte, inList bool) (any, bool) {
	if len(v) == 0 {
		return nil, false
	}
	switch c := v[0]; {
	case c == '"' || c == '\'':
		if len(v) < 2 || v[len(v)-1] != c {
			return nil, false
		}
		inner := v[1 : len(v)-1]
		if bytes.IndexByte(inner, c) >= 0 || (c == '"' && bytes.IndexByte(inner, '\\') >= 0) || !yamlPrintable(inner) {
			return nil, false
		}
		return string(inner), true
	case '0' <= c && c <= '9':
		if isYAMLDate(v) {
			return string(v), true
		}
		if inList {
			return nil, false
		}
		if (c == '0' && len(v) > 1) || len(v) > 18 {
			return nil, false // octal in YAML 1.1, or too long for an int
		}
		for _, d := range v {
			if d < '0' || d > '9' {
				return nil, false
			}
		}
		n, err := strconv.Atoi(string(v))
		return n, err == nil
	}
	if !inList {
		switch string(v) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	if !isPlainYAMLText(v) || isYAMLKeyword(v) {
		return nil, false
	}
	return string(v), true
}

// isPlainYAMLText accepts text that YAML reads as a plain string: it
// starts with a letter and holds letters, digits, spaces and punctuation
// without meaning in YAML.
func isPlainYAMLText(v []byte) bool {
	r, size := utf8.DecodeRune(v)
	if !(r < utf8.RuneSelf && isASCIILetter(byte(r))) && !(r >= 0xA0 && unicode.IsLetter(r)) {
		return false
	}
	for i := size; i < len(v); {
		c := v[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(v[i:])
			if !yamlPrintableRune(r, n) {
				return false
			}
			i += n
			continue
		}
		switch {
		case isASCIILetter(c), '0' <= c && c <= '9':
		case c == ' ', c == '_', c == '-', c == '.', c == '(', c == ')', c == '/', c == '\'', c == '!', c == '?', c == '+', c == '&', c == '=', c == ';', c == '$', c == '~', c == '^':
		default:
			return false // : # , [ ] { } " ` % @ * | > < \ and controls
		}
		i++
	}
	return true
}

// yamlPrintable accepts the text of a quoted string: printable runes and
// no line breaks, as YAML allows them.
func yamlPrintable(v []byte) bool {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(v[i:])
		if !yamlPrintableRune(r, n) {
			return false
		}
		i += n
	}
	return true
}

// yamlPrintableRune is a non-ASCII rune that YAML takes as text: valid,
// printable, not a byte-order mark and not one of YAML 1.1's line breaks.
func yamlPrintableRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return false
	case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// isYAMLDate matches 2024-05-01, 2024-05-01T08:00:00Z and
// 2024-05-01T08:00:00.5+02:00: text the library keeps as text in a map
// of any, whether or not it is a valid time.
func isYAMLDate(v []byte) bool {
	digits := func(s []byte, n int) bool {
		if len(s) < n {
			return false
		}
		for _, c := range s[:n] {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if len(v) < 10 || !digits(v, 4) || v[4] != '-' || !digits(v[5:], 2) || v[7] != '-' || !digits(v[8:], 2) {
		return false
	}
	v = v[10:]
	if len(v) == 0 {
		return true
	}
	if v[0] != 'T' || len(v) < 9 || !digits(v[1:], 2) || v[3] != ':' || !digits(v[4:], 2) || v[6] != ':' || !digits(v[7:], 2) {
		return false
	}
	v = v[9:]
	if len(v) > 0 && v[0] == '.' {
		n := 1
		for n < len(v) && '0' <= v[n] && v[n] <= '9' {
			n++
		}
		if n == 1 {
			return false
		}
		v = v[n:]
	}
	switch {
	case len(v) == 0, string(v) == "Z":
		return true
	case len(v) == 6 && (v[0] == '+' || v[0] == '-'):
		return digits(v[1:], 2) && v[3] == ':' && digits(v[4:], 2)
	}
	return false
}
