// Package layouts loads a site's layouts and runs them: html/template,
// with a fast executor for the templates it can compile exactly.
package layouts

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
	"github.com/rainmaker-blog/rainmaker/generator/source"
	"github.com/rainmaker-blog/rainmaker/generator/words"
)

// Dir is the folder of a site that holds its layouts.
const Dir = "layouts"

// The layouts a site needs. Each is executed as "base.html" after it has
// redefined the base's blocks.
var pageKinds = []string{"home", "section", "single", "page", "tags", "tag", "submit", "thanks", "withdraw", "404"}

const baseLayout = "base.html"

// Layouts holds one parsed template set per page kind.
type Layouts struct {
	// Slow renders every page with html/template, for comparisons.
	Slow bool

	kinds   map[string]*template.Template
	fast    map[fastKey]*fastSlot
	sources map[string]string // layout name -> file it came from, for errors
	texts   map[string]string // layout name -> its text, for the build cache

	// For the build cache: a hash of every file a kind's pages are made
	// with, and of the partials a card is made with.
	kindHash map[string][32]byte
	cardHash [32]byte
	hash     [32]byte // of them all
}

// hashLayouts fingerprints each kind's layouts, so that editing one
// layout invalidates only the outputs made with it.
func (l *Layouts) hashLayouts() {
	names := make([]string, 0, len(l.texts))
	for n := range l.texts {
		names = append(names, n)
	}
	sort.Strings(names)
	shared := sha256.New()
	for _, n := range names {
		if n == baseLayout || strings.HasPrefix(n, "partials/") {
			fmt.Fprintf(shared, "%d:%s%d:%s", len(n), n, len(l.texts[n]), l.texts[n])
		}
	}
	copy(l.cardHash[:], shared.Sum(nil))
	l.kindHash = map[string][32]byte{}
	all := sha256.New()
	for _, kind := range pageKinds {
		h := sha256.New()
		h.Write(l.cardHash[:])
		h.Write([]byte(l.texts[kind+".html"]))
		var sum [32]byte
		copy(sum[:], h.Sum(nil))
		l.kindHash[kind] = sum
		all.Write(sum[:])
	}
	copy(l.hash[:], all.Sum(nil))
}

// Load reads the layouts: a file in the site's layouts/ wins over
// the built-in one of the same name.
func Load(site, theme fs.FS) (*Layouts, error) {
	files, read, err := findLayouts(site, theme)
	if err != nil {
		return nil, err
	}
	l := &Layouts{kinds: map[string]*template.Template{}, sources: files, texts: map[string]string{}}
	var textsMu sync.Mutex
	parse := func(t *template.Template, name string) error {
		text, err := fs.ReadFile(read[name], Dir+"/"+name)
		if err != nil {
			return &report.FileError{Path: files[name], Err: err}
		}
		textsMu.Lock()
		l.texts[name] = string(text)
		textsMu.Unlock()
		if t.Name() != name {
			t = t.New(name)
		}
		if _, err := t.Parse(string(text)); err != nil {
			return l.templateError(err)
		}
		return nil
	}
	if _, ok := files[baseLayout]; !ok {
		return nil, fmt.Errorf("layouts: %s is missing", baseLayout)
	}
	root := template.New(baseLayout).Funcs(templateFuncs).Funcs(template.FuncMap{"partialCached": l.renderPartial})
	var errs report.List
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == baseLayout || strings.HasPrefix(name, "partials/") {
			if err := parse(root, name); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs.ErrOrNil()
	}
	for _, kind := range pageKinds {
		name := kind + ".html"
		if _, ok := files[name]; !ok {
			errs = append(errs, fmt.Errorf("layouts: %s is missing", name))
			continue
		}
		t, err := root.Clone()
		if err == nil {
			err = parse(t, name)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		l.kinds[kind] = t
	}
	if len(errs) == 0 {
		l.hashLayouts()
		l.addFastSlots(names)
	}
	return l, errs.ErrOrNil()
}

// findLayouts lists the layout files by name, with the path to show for
// each and the file system to read it from; the site's files are walked
// last, so that they replace the theme's.
func findLayouts(site, theme fs.FS) (files map[string]string, read map[string]fs.FS, err error) {
	files = map[string]string{} // name -> display path
	read = map[string]fs.FS{}
	for _, src := range []struct {
		fsys    fs.FS
		display string
	}{{theme, "(built-in) " + Dir}, {site, Dir}} {
		if src.fsys == nil {
			continue
		}
		err = fs.WalkDir(src.fsys, Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == Dir && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || path.Ext(p) != ".html" || source.Ignored(d.Name()) {
				return nil
			}
			name := strings.TrimPrefix(p, Dir+"/")
			files[name] = src.display + "/" + name
			read[name] = src.fsys
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("read layouts: %w", err)
		}
	}
	return files, read, nil
}

// addFastSlots makes a fast executor slot for the base layout and each
// partial of every kind's set; a template without one always runs on
// html/template.
func (l *Layouts) addFastSlots(names []string) {
	l.fast = map[fastKey]*fastSlot{}
	for kind := range l.kinds {
		l.fast[fastKey{kind, baseLayout}] = &fastSlot{}
		for _, name := range names {
			if strings.HasPrefix(name, "partials/") {
				l.fast[fastKey{kind, name}] = &fastSlot{}
			}
		}
	}
}

// Execute renders the layout of a kind into w.
func (l *Layouts) Execute(w io.Writer, kind string, data *PageData) error {
	t, ok := l.kinds[kind]
	if !ok {
		return fmt.Errorf("layouts: no layout for %q pages", kind)
	}
	return l.run(w, kind, t, baseLayout, data)
}

// run executes one template of a kind's set: with the fast executor when
// it can, else (and for the first page, which makes html/template escape
// the set) with html/template.
func (l *Layouts) run(w io.Writer, kind string, t *template.Template, name string, data any) error {
	slot := l.fast[fastKey{kind, name}]
	if buf, isBuffer := w.(*bytes.Buffer); isBuffer && slot != nil && !l.Slow {
		if prog := slot.program(t, name, l.renderPartial); prog != nil {
			mark := buf.Len()
			if err := prog.execute(buf, data); err == nil {
				slot.fastRuns.Add(1)
				return nil
			}
			buf.Truncate(mark) // declined: html/template renders it
			slot.declined.Add(1)
		}
	}
	if err := t.ExecuteTemplate(w, name, data); err != nil {
		return l.templateError(err)
	}
	if slot != nil {
		slot.escaped.Store(true)
		slot.slowRuns.Add(1)
	}
	return nil
}

// Runs counts the renderings by the fast executor and by html/template,
// and the pages the fast executor declined.
func (l *Layouts) Runs() (fast, slow, declined int64) {
	for _, s := range l.fast {
		fast, slow, declined = fast+s.fastRuns.Load(), slow+s.slowRuns.Load(), declined+s.declined.Load()
	}
	return fast, slow, declined
}

// ReportExecutors tells how many pages and cards each executor rendered,
// and why a layout was left to html/template, for build --verbose: a
// site's own layout that the fast executor cannot run builds slower.
func (l *Layouts) ReportExecutors(w io.Writer) {
	var fast, slow, declined int64
	keys := make([]fastKey, 0, len(l.fast))
	for key := range l.fast {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].kind < keys[j].kind || keys[i].kind == keys[j].kind && keys[i].name < keys[j].name
	})
	for _, key := range keys {
		s := l.fast[key]
		fast, slow, declined = fast+s.fastRuns.Load(), slow+s.slowRuns.Load(), declined+s.declined.Load()
		if s.compErr != nil {
			fmt.Fprintf(w, "layouts: %s for %s pages runs on html/template: %v\n", key.name, key.kind, s.compErr)
		}
	}
	fmt.Fprintf(w, "layouts: %d renderings by the fast executor, %d by html/template (%d declined by the fast executor)\n", fast, slow, declined)
}

// fastKey names a template of a kind's set; a struct, so that looking up
// a slot for every page allocates no key.
type fastKey struct{ kind, name string }

// fastSlot holds the fast executor's program for one template of a set,
// compiled once html/template has escaped the set.
type fastSlot struct {
	escaped  atomic.Bool
	once     sync.Once
	prog     *fastTemplate // nil when the layouts use what it cannot run
	compErr  error
	declined atomic.Int64 // pages it left to html/template
	fastRuns atomic.Int64 // pages it rendered
	slowRuns atomic.Int64 // pages html/template rendered
}

func (s *fastSlot) program(t *template.Template, name string, partial func(string, *PageData) (template.HTML, error)) *fastTemplate {
	if !s.escaped.Load() {
		return nil
	}
	s.once.Do(func() {
		lookup := func(n string) *parse.Tree {
			if tt := t.Lookup(n); tt != nil {
				return tt.Tree
			}
			return nil
		}
		s.prog, s.compErr = compileFast(lookup, partial, name)
	})
	return s.prog
}

// renderPartial is the layouts' {{partialCached "partials/NAME.html" .}},
// kept for Hugo's name: it renders the partial with the page's data, as
// {{template}} would, on the fast executor where it can.
func (l *Layouts) renderPartial(name string, data *PageData) (template.HTML, error) {
	if data == nil {
		return "", fmt.Errorf("partialCached %q: needs the page's data (.) as its argument", name)
	}
	t := l.kinds[data.Kind]
	if t == nil || t.Lookup(name) == nil {
		return "", fmt.Errorf("partialCached: no layout %q", name)
	}
	var buf bytes.Buffer
	if err := l.run(&buf, data.Kind, t, name, data); err != nil {
		return "", err
	}
	// The partial's output is escaped for the HTML text it is called in.
	return template.HTML(buf.String()), nil
}

// SummaryPartial renders a page's card in lists.
const SummaryPartial = "partials/summary.html"

// ExecutePartial renders one partial, which every kind's set holds.
func (l *Layouts) ExecutePartial(w io.Writer, name string, data any) error {
	t := l.kinds["home"]
	if t == nil || t.Lookup(name) == nil {
		return fmt.Errorf("layouts: %s is missing", name)
	}
	return l.run(w, "home", t, name, data)
}

var templateErrorPlace = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:\d+:)? ?`)

// templateError points a template error at the layout file and line.
func (l *Layouts) templateError(err error) error {
	msg := err.Error()
	m := templateErrorPlace.FindStringSubmatch(msg)
	if m == nil {
		return fmt.Errorf("layouts: %w", err)
	}
	line, _ := strconv.Atoi(m[2])
	file := l.sources[m[1]]
	if file == "" {
		file = Dir + "/" + m[1]
	}
	return &report.FileError{Path: file, Line: line, Err: errors.New(strings.TrimSpace(msg[len(m[0]):]))}
}

var templateFuncs = template.FuncMap{
	// date formats a time with a Go layout: {{ date "2 January 2006" .Date }}.
	"date": func(layout string, t time.Time) string { return t.Format(layout) },
	// iso formats a time as RFC 3339, for datetime attributes and feeds.
	"iso":     func(t time.Time) string { return t.Format(time.RFC3339) },
	"isoDate": func(t time.Time) string { return t.Format("2006-01-02") },
	// plural picks the singular or plural form of a word for a count.
	"plural":    words.Plural,
	"slugify":   slug.Make,
	"hasPrefix": strings.HasPrefix,
	"lower":     strings.ToLower,
	// fill puts values into a text's placeholders, for the texts of
	// .Site.T: {{ fill .Site.T.min_read "n" .ReadingMinutes }}.
	"fill": Fill,
}

// Fill replaces {name} in text by the value following each name in
// pairs; values are strings or ints.
func Fill(text string, pairs ...any) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		var value string
		switch v := pairs[i+1].(type) {
		case string:
			value = v
		case int:
			value = strconv.Itoa(v)
		default:
			value = fmt.Sprint(v)
		}
		text = strings.ReplaceAll(text, "{"+name+"}", value)
	}
	return text
}

// KindHash is a hash of every layout file a kind's pages are made with.
func (l *Layouts) KindHash(kind string) [32]byte { return l.kindHash[kind] }

// Hash is a hash of every layout file, of every kind.
func (l *Layouts) Hash() [32]byte { return l.hash }

// CardHash is a hash of the layouts a page's card is made with.
func (l *Layouts) CardHash() [32]byte { return l.cardHash }
