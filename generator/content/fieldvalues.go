package content

// The readers of single front matter fields: dates, drafts, terms,
// authors, images, aliases, params; and where a page is published.

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
	"unique"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// fileSlug returns the name a page's slug comes from, and the date a
// Jekyll file name ("2024-05-01-my-post.md") carries, if any.
func fileSlug(sourcePath string) (base, date string) {
	base = path.Base(sourcePath)
	base = strings.TrimSuffix(base, path.Ext(base))
	if base == "index" || base == "_index" {
		base = path.Base(path.Dir(sourcePath))
	}
	if m := jekyllName.FindStringSubmatch(base); m != nil {
		return m[2], m[1]
	}
	return base, ""
}

// readDate takes the date from front matter, else from the file name,
// else from a path-like field; a post or story without one is an error.
func (r *fieldReader) readDate(p *Meta, nameDate string) {
	key, v, ok := r.first("date", "publishdate", "pubdate")
	if ok && v != nil {
		t, err := parseDateIn(v, r.rules.loc)
		if err != nil {
			r.fail(key, "%v", err)
		}
		p.Date = t
		return
	}
	if nameDate != "" {
		t, err := time.ParseInLocation("2006-01-02", nameDate, r.rules.loc)
		if err != nil {
			r.errs = append(r.errs, report.Errorf(r.path, 0, "the file name's date %s is not a real date; rename the file or set \"date\"", nameDate))
		}
		p.Date = t
		return
	}
	for _, k := range []string{"path", "permalink", "url"} {
		if s, ok := r.vals[k].(string); ok {
			if m := pathDate.FindStringSubmatch(s); m != nil {
				t, err := time.ParseInLocation("2006-01-02", m[1]+"-"+m[2]+"-"+m[3], r.rules.loc)
				if err == nil {
					p.Date = t
					return
				}
			}
		}
	}
	if p.Section == config.SectionPages {
		return // standalone pages need no date
	}
	r.errs = append(r.errs, report.Errorf(r.path, r.fm.openLine,
		"date: missing; add a line like \"date: 2024-05-01\" to the front matter, or name the file like 2024-05-01-%s.md (%s)", path.Base(strings.TrimSuffix(r.path, path.Ext(r.path))), dateHint))
}

// readFlags reads featured and toc.
func (r *fieldReader) readFlags(p *Meta) {
	if v, ok := r.get("featured"); ok {
		b, err := asBool(v)
		if err != nil {
			r.fail("featured", "%v", err)
		}
		p.Featured = b
	}
	if v, ok := r.get("toc"); ok {
		b, err := asBool(v)
		if err != nil {
			r.fail("toc", "%v", err)
		}
		p.TOC = TOCOff
		if b {
			p.TOC = TOCOn
		}
	}
}

func (r *fieldReader) readDraft(p *Meta) {
	if v, ok := r.get("draft"); ok {
		b, err := asBool(v)
		if err != nil {
			r.fail("draft", "%v", err)
		}
		p.Draft = b
	}
	if v, ok := r.get("published"); ok {
		b, err := asBool(v)
		if err != nil {
			r.fail("published", "%v", err)
		}
		p.Draft = p.Draft || !b
	}
}

// asBool reads true or false, and the yes/no/on/off that Jekyll's YAML
// reads as booleans.
func asBool(v any) (bool, error) {
	switch v := v.(type) {
	case bool:
		return v, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "yes", "on":
			return true, nil
		case "false", "no", "off":
			return false, nil
		}
	}
	return false, fmt.Errorf("want true or false, got %s", describeValue(v))
}

// terms reads a taxonomy's list, from the field or from Zola's
// [taxonomies] table.
func (r *fieldReader) terms(keys ...string) []string {
	key, v, ok := r.first(keys...)
	line := r.line(key)
	if !ok {
		tax, isMap := r.vals["taxonomies"].(map[string]any)
		if !isMap {
			return nil
		}
		for _, k := range keys {
			if v, ok = tax[k]; ok {
				key, line = "taxonomies."+k, r.fm.nestedLine(r.names["taxonomies"], k)
				break
			}
		}
		if !ok {
			return nil
		}
	}
	terms, err := decodeTerms(v)
	if err != nil {
		r.errs = append(r.errs, report.Errorf(r.path, line, "%s: %v", key, err))
	}
	return terms
}

// decodeTerms accepts a list of strings or a single string. Spellings of
// one term (slug.Fold: case, Unicode form, spaces and hyphens) are kept
// once, as first written.
func decodeTerms(v any) ([]string, error) {
	var raw []any
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		raw = []any{v}
	case []any:
		raw = v
	default:
		return nil, fmt.Errorf("want a list or a single name, got %s", describeValue(v))
	}
	var terms []string
	var seen []string
	for i, item := range raw {
		s, err := asText(item)
		if err != nil {
			return nil, fmt.Errorf("item %d is %s; write every name as text, quoted if needed", i+1, describeValue(item))
		}
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			continue
		}
		if slug.CachedTerm(s) == "" {
			return nil, fmt.Errorf("item %d (%q) has no letters or digits", i+1, s)
		}
		id := slug.Fold(s)
		if slices.Contains(seen, id) {
			continue
		}
		seen = append(seen, id)
		// A site has a few hundred spellings over many thousand pages:
		// one shared copy of each, not one per page, for the collector to
		// mark (350,000 objects at 100,000 pages).
		terms = append(terms, unique.Make(s).Value())
	}
	return terms, nil
}

// readAuthor reads "author" as text or as a {name: ...} table, and
// "authors" as a list, joined for display.
func (r *fieldReader) readAuthor() string {
	key, v, ok := r.first("author", "authors")
	if !ok {
		return ""
	}
	var names []string
	add := func(item any) bool {
		switch item := item.(type) {
		case map[string]any:
			for _, k := range []string{"name", "Name", "title"} {
				if s, ok := item[k].(string); ok {
					names = append(names, strings.TrimSpace(s))
					return true
				}
			}
			return false
		default:
			s, err := asText(item)
			if err == nil && s != "" {
				names = append(names, s)
			}
			return err == nil
		}
	}
	items, isList := v.([]any)
	if !isList {
		items = []any{v}
	}
	for _, item := range items {
		if !add(item) {
			r.fail(key, "want a name, a list of names or a table with a \"name\", got %s", describeValue(item))
		}
	}
	return joinNames(names)
}

// joinNames writes "Ana", "Ana and Bo", "Ana, Bo and Cy".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// readImage reads the social image from the first of the fields themes
// use for it: text, a list (the first), or a table with a src or image.
func (r *fieldReader) readImage() string {
	key, v, ok := r.first("image", "cover", "featured_image", "featuredimage", "images")
	if !ok || v == nil {
		return ""
	}
	if list, isList := v.([]any); isList {
		if len(list) == 0 {
			return ""
		}
		v = list[0]
	}
	if m, isMap := v.(map[string]any); isMap {
		for _, k := range []string{"src", "image", "url", "path"} {
			if s, ok := m[k].(string); ok {
				return strings.TrimSpace(s)
			}
		}
		r.fail(key, "a table for the image needs a \"src\" or \"image\" field")
		return ""
	}
	return r.textOf(key, v)
}

// readAliases reads the old URLs of a page: Hugo's and Zola's aliases,
// Jekyll's redirect_from; one text or a list.
func (r *fieldReader) readAliases() []string {
	var out []string
	for _, key := range []string{"aliases", "redirect_from"} {
		v, ok := r.get(key)
		if !ok || v == nil {
			continue
		}
		items, isList := v.([]any)
		if !isList {
			items = []any{v}
		}
		for _, item := range items {
			s, isText := item.(string)
			if !isText {
				r.fail(key, "want old paths like \"/old/post/\", got %s", describeValue(item))
				continue
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// readParams reads Hugo's "params" and Zola's "extra" tables.
func (r *fieldReader) readParams(p *Meta) {
	for _, key := range []string{"params", "extra"} {
		v, ok := r.get(key)
		if !ok || v == nil {
			continue
		}
		m, isMap := normalizeParams(v).(map[string]any)
		if !isMap {
			r.fail(key, "want a table of custom fields, got %s", describeValue(v))
			continue
		}
		if p.Params == nil {
			p.Params = make(map[string]any, len(m))
		}
		for k, val := range m {
			p.Params[k] = val
		}
	}
}

// keepUnknown puts every field that is not one of the page's own into
// Params, lower-cased as Hugo does: those Rainmaker read under another
// name too, so layouts can still use them. A name one or two letters from
// a known one is likely a typo: a warning, or an error when strict.
func (r *fieldReader) keepUnknown(p *Meta) {
	for _, k := range slices.Sorted(maps.Keys(r.vals)) {
		if slices.Contains(pageFields, k) || k == "extra" {
			continue // extra's fields are params themselves
		}
		if p.Params == nil {
			p.Params = map[string]any{}
		}
		if _, set := p.Params[k]; !set {
			p.Params[k] = normalizeParams(r.vals[k])
		}
		if r.used[k] || k == "aliases" || k == "taxonomies" || slices.Contains(r.rules.taxonomies, k) {
			continue
		}
		if _, alias := fieldAliases[k]; alias {
			continue
		}
		near := nearestField(k)
		if near == "" {
			continue
		}
		if r.rules.strict {
			r.errs = append(r.errs, report.Errorf(r.path, r.line(k), "unknown field %q; did you mean %q? (strict_front_matter is on; without it the field is kept in params)", r.names[k], near))
		} else {
			r.notes = append(r.notes, Note{Line: r.line(k), Msg: fmt.Sprintf("unknown field %q kept in params; did you mean %q?", r.names[k], near)})
		}
	}
}

// nearestField is the known field a name is likely a typo of: one edit
// away for short names, two for longer ones.
func nearestField(name string) string {
	limit := 2
	if len([]rune(name)) <= 4 {
		limit = 1
	}
	best, bestDist := "", limit+1
	for _, c := range knownNames {
		if d := config.EditDistance(name, c); d < bestDist && d > 0 {
			best, bestDist = c, d
		}
	}
	return best
}

// publishedURL is where a page is published: the section's permalink pattern,
// else /SECTION/SLUG/; a standalone page at its path under content/.
func publishedURL(p *Meta, rules *Rules) string {
	if pattern, ok := rules.permalinks[p.Section]; ok {
		return pattern.Expand(p.Section, p.Slug, p.Date)
	}
	if p.Section != config.SectionPages {
		return "/" + p.Section + "/" + p.Slug + "/"
	}
	rel := strings.TrimPrefix(p.SourcePath, Dir+"/")
	dir := path.Dir(rel)
	if b := path.Base(rel); strings.TrimSuffix(b, path.Ext(b)) == "index" {
		dir = path.Dir(dir)
	}
	var b strings.Builder
	b.WriteString("/")
	if dir != "." {
		for _, seg := range strings.Split(dir, "/") {
			if s := slug.Make(seg); s != "" {
				b.WriteString(s + "/")
			}
		}
	}
	b.WriteString(p.Slug + "/")
	return b.String()
}
