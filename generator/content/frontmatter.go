package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// frontMatter is the decoded front matter of one file, with what is needed
// to point error messages at the right line.
type frontMatter struct {
	values    map[string]any
	text      []byte // the front matter as given to the decoder
	firstLine int    // line of the file on which text starts
	openLine  int    // line of the opening delimiter
}

// lineError is a decoder error at a line relative to the front matter text.
type lineError struct {
	line int
	also int // another line the error concerns, like the first of a repeated key
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// frontMatterCapture is the target handed to adrg/frontmatter; our own
// unmarshal functions fill it, so we keep the raw text for line lookups.
type frontMatterCapture struct {
	format string
	text   []byte
	values map[string]any
}

type frontMatterFormat struct {
	start, end, name string
	includesDelims   bool
}

// The delimiters adrg/frontmatter knows by default, each with our decoder.
var frontMatterFormats = func() []*frontmatter.Format {
	formats := []frontMatterFormat{
		{"---", "---", "yaml", false},
		{"---yaml", "---", "yaml", false},
		{"+++", "+++", "toml", false},
		{"---toml", "---", "toml", false},
		{";;;", ";;;", "json", false},
		{"---json", "---", "json", false},
		{"{", "}", "json", true},
	}
	var out []*frontmatter.Format
	for _, f := range formats {
		decode := decoders[f.name]
		name := f.name
		format := frontmatter.NewFormat(f.start, f.end, func(data []byte, v any) error {
			c := v.(*frontMatterCapture)
			c.format, c.text = name, data
			return decode(data, &c.values)
		})
		format.UnmarshalDelims = f.includesDelims
		format.RequiresNewLine = f.includesDelims
		out = append(out, format)
	}
	return out
}()

var openingDelimiters = map[string]frontMatterFormat{
	"---": {end: "---", name: "YAML"}, "---yaml": {end: "---", name: "YAML"},
	"+++": {end: "+++", name: "TOML"}, "---toml": {end: "---", name: "TOML"},
	";;;": {end: ";;;", name: "JSON"}, "---json": {end: "---", name: "JSON"},
	"{": {end: "}", name: "JSON", includesDelims: true},
}

var decoders = map[string]func([]byte, *map[string]any) error{
	"yaml": decodeYAML,
	"toml": decodeTOML,
	"json": decodeJSON,
}

func decodeTOML(data []byte, out *map[string]any) error {
	if err := toml.Unmarshal(data, out); err != nil {
		line, msg := config.TOMLErrorPlace(err)
		return &lineError{line: line, msg: "TOML: " + msg}
	}
	return nil
}

func decodeJSON(data []byte, out *map[string]any) error {
	err := json.Unmarshal(data, out)
	if err == nil {
		return jsonRepeatedKey(data)
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return &lineError{line: LineAt(data, int(syntax.Offset)), msg: "JSON: " + syntax.Error()}
	case errors.As(err, &typ):
		return &lineError{line: LineAt(data, int(typ.Offset)), msg: "JSON: front matter must be an object of fields"}
	}
	return &lineError{msg: "JSON: " + err.Error()}
}

// jsonRepeatedKey finds a field set twice in a JSON object's top level,
// which encoding/json would quietly read as the last one.
func jsonRepeatedKey(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	seen := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := tok.(string)
		line := LineAt(data, int(dec.InputOffset())-1)
		if first, dup := seen[key]; dup {
			return &lineError{line: line, also: first, msg: fmt.Sprintf("JSON: %q is set twice; keep one", key)}
		}
		seen[key] = line
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

// LineAt returns the 1-based line holding byte offset off of data.
func LineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// Normalize checks that src, the content file at path, is UTF-8 and drops
// a byte order mark and CR line endings, so that the rest of the build
// sees one form of text. Offsets into a page's source (Meta.BodyOffset)
// are offsets into what Normalize returns.
func Normalize(path string, src []byte) ([]byte, error) {
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line := LineAt(src, off)
		col := off - bytes.LastIndexByte(src[:off], '\n')
		return nil, report.Errorf(path, line, "not UTF-8 text (byte 0x%02x at column %d); save the file as UTF-8", src[off], col)
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	return src, nil
}

// splitFrontMatter decodes the front matter of a normalized source and
// returns it with the offset at which the Markdown body starts.
func splitFrontMatter(path string, src []byte) (frontMatter, int, error) {
	openLine, opening := firstNonEmptyLine(src)
	delim, ok := openingDelimiters[opening]
	if !ok {
		return frontMatter{}, 0, report.Errorf(path, max(openLine, 1),
			`front matter: none found; start the file with a line "---" (YAML), "+++" (TOML) or "{" (JSON), then the fields (title, date, ...), then the same closing line`)
	}
	end := frontMatterEnd(src, delim)
	// Most pages open with "---" and hold a few plain fields: decoded
	// here directly, as the YAML library would (bench/RESULTS.md).
	if opening == "---" && end > 0 {
		closing := bytes.LastIndexByte(src[:end-1], '\n') + 1
		text := src[min(lineOffset(src, openLine+1), closing):closing]
		if values, ok := simpleYAML(text); ok {
			return frontMatter{values: values, text: text, firstLine: openLine + 1, openLine: openLine}, end, nil
		}
	}
	// adrg/frontmatter copies everything it is given, body included, line
	// by line; give it only the front matter when its end is plain to see.
	// Anything it then does not accept is parsed again whole, so that
	// errors are exactly those of the whole file.
	var capture frontMatterCapture
	var body []byte
	var err error
	if end > 0 {
		body, err = frontmatter.Parse(bytes.NewReader(src[:end]), &capture, frontMatterFormats...)
		if err == nil && capture.text != nil {
			body = src[end-len(body):]
		}
	}
	if err != nil || capture.text == nil {
		capture = frontMatterCapture{}
		body, err = frontmatter.Parse(bytes.NewReader(src), &capture, frontMatterFormats...)
	}
	firstLine := openLine + 1
	if delim.includesDelims {
		firstLine = openLine
	}
	if err != nil {
		var le *lineError
		if errors.As(err, &le) {
			line := openLine
			if le.line > 0 {
				line = firstLine + le.line - 1
			}
			msg := le.msg
			if le.also > 0 {
				msg += fmt.Sprintf(" (it was first set on line %d)", firstLine+le.also-1)
			}
			return frontMatter{}, 0, report.Errorf(path, line, "front matter: %s", msg)
		}
		return frontMatter{}, 0, report.Errorf(path, openLine, "front matter: %v", err)
	}
	if capture.text == nil {
		closing := fmt.Sprintf("%q", delim.end)
		if delim.includesDelims {
			closing = `"}" followed by an empty line`
		}
		return frontMatter{}, 0, report.Errorf(path, openLine,
			"front matter: %s opened here with %q is never closed; end it with a line %s", delim.name, opening, closing)
	}
	return frontMatter{values: capture.values, text: capture.text, firstLine: firstLine, openLine: openLine},
		len(src) - len(body), nil
}

// lineOffset returns where 1-based line n of src starts (len(src) past
// the last line).
func lineOffset(src []byte, n int) int {
	offset := 0
	for ; n > 1; n-- {
		next := bytes.IndexByte(src[offset:], '\n')
		if next < 0 {
			return len(src)
		}
		offset += next + 1
	}
	return offset
}

// frontMatterEnd returns the offset just past the line that closes the
// front matter opened by delim (and, for JSON's "{" … "}", the empty line
// that must follow), or 0 if there is none.
func frontMatterEnd(src []byte, delim frontMatterFormat) int {
	offset, opened, closed := 0, false, false
	for offset < len(src) {
		end := bytes.IndexByte(src[offset:], '\n')
		if end < 0 {
			return 0
		}
		line := bytes.TrimSpace(src[offset : offset+end])
		offset += end + 1
		switch {
		case closed && len(line) == 0:
			return offset
		case !opened:
			opened = len(line) > 0
		default:
			closed = string(line) == delim.end
			if closed && !delim.includesDelims {
				return offset
			}
		}
	}
	return 0
}

// firstNonEmptyLine returns the 1-based number and trimmed text of the
// first line with anything but spaces, as adrg/frontmatter looks for it.
func firstNonEmptyLine(src []byte) (int, string) {
	line := 1
	for len(src) > 0 {
		end := bytes.IndexByte(src, '\n')
		if end < 0 {
			end = len(src)
		}
		if t := bytes.TrimSpace(src[:end]); len(t) > 0 {
			return line, string(t)
		}
		src = src[min(end+1, len(src)):]
		line++
	}
	return 0, ""
}

// fieldLine finds the line of the file on which a front matter field is
// set, so that a bad value is reported where the author wrote it. It runs
// for a few fields of every page, so it scans bytes rather than compile a
// pattern each time.
func (fm *frontMatter) fieldLine(key string) int {
	text := fm.text
	for i := 0; len(text) > 0; i++ {
		end := bytes.IndexByte(text, '\n')
		if end < 0 {
			end = len(text)
		}
		if setsField(text[:end], key) {
			return fm.firstLine + i
		}
		text = text[min(end+1, len(text)):]
	}
	return fm.openLine
}

// setsField reports whether a line of front matter sets key: optional
// spaces, the key (quoted or not), optional spaces, then ":" or "=".
func setsField(line []byte, key string) bool {
	isSpace := func(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\f' }
	i := 0
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	if i < len(line) && (line[i] == '"' || line[i] == '\'') {
		i++
	}
	if !bytes.HasPrefix(line[i:], []byte(key)) {
		return false
	}
	i += len(key)
	if i < len(line) && (line[i] == '"' || line[i] == '\'') {
		i++
	}
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	return i < len(line) && (line[i] == ':' || line[i] == '=')
}

// nestedLine finds the line on which key is set inside the table or
// mapping parent: after parent's own line (YAML "parent:", TOML
// "[parent]"), up to the next field of the top level or table.
func (fm *frontMatter) nestedLine(parent, key string) int {
	lines := bytes.Split(fm.text, []byte("\n"))
	start := -1
	for i, line := range lines {
		t := bytes.TrimSpace(line)
		if string(t) == "["+parent+"]" || (len(line) > 0 && line[0] != ' ' && line[0] != '\t' && setsField(line, parent)) {
			start = i
			break
		}
	}
	if start < 0 {
		return fm.fieldLine(parent)
	}
	if setsField(bytes.TrimSpace(lines[start]), parent) && bytes.Contains(lines[start], []byte(key)) {
		return fm.firstLine + start // an inline table or flow mapping
	}
	for i := start + 1; i < len(lines); i++ {
		line := lines[i]
		t := bytes.TrimSpace(line)
		if len(t) > 0 && t[0] == '[' {
			break // the next TOML table
		}
		if fm.values[parent] != nil && len(line) > 0 && line[0] != ' ' && line[0] != '\t' && !isTOMLTableBody(fm) {
			break // the next YAML field of the top level
		}
		if setsField(line, key) {
			return fm.firstLine + i
		}
	}
	return fm.firstLine + start
}

// isTOMLTableBody reports front matter whose tables' fields are not
// indented, as in TOML.
func isTOMLTableBody(fm *frontMatter) bool {
	return bytes.Contains(fm.text, []byte("\n[")) || bytes.HasPrefix(fm.text, []byte("["))
}
