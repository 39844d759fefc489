package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// Problem is one finding of "rainmaker check", placed in the Markdown
// source (or the file the problem comes from).
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Severity, p.Message)
	}
	return fmt.Sprintf("%s: %s: %s", p.File, p.Severity, p.Message)
}

// maxFirstParagraph is the length above which a page without a summary
// gets a warning: its first paragraph makes a long card.
const maxFirstParagraph = 300

// Check builds a site in memory and reports what a reader would trip
// over: broken internal links and anchors, images without alt text or
// file, duplicate titles, invalid HTML and duplicate ids; and, as
// warnings, tags used once and long first paragraphs without a summary.
// A site that does not build returns its build errors as problems.
func Check(opts Options) ([]Problem, error) {
	out := publish.NewMemory(nil)
	opts.memory = out
	b, err := newBuilder(opts)
	if err != nil {
		return nil, err
	}
	if err := b.run(""); err != nil {
		return buildProblems(err), nil
	}
	files := map[string][]byte{}
	for rel, f := range out.Files() {
		files[rel] = f.Data
	}
	c := &checker{b: b, files: files, ids: map[string]map[string]bool{}}
	c.htmlProblems()
	for _, p := range b.pages {
		c.pageProblems(p)
	}
	c.titleAndTagProblems()
	sort.SliceStable(c.problems, func(i, j int) bool {
		a, b := c.problems[i], c.problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	prefix := ""
	if opts.Source != "" && opts.Source != "." {
		prefix = strings.TrimSuffix(opts.Source, "/") + "/"
	}
	for i := range c.problems {
		if !strings.HasPrefix(c.problems[i].File, "(built-in)") {
			c.problems[i].File = prefix + c.problems[i].File
		}
	}
	return c.problems, nil
}

func buildProblems(err error) []Problem {
	errs := ErrorList{err}
	var list ErrorList
	if errors.As(err, &list) {
		errs = list
	}
	var out []Problem
	for _, e := range errs {
		if fe := report.Place(e); fe.Path != "" {
			out = append(out, Problem{File: fe.Path, Line: fe.Line, Severity: "error", Message: fe.Err.Error()})
		} else {
			out = append(out, Problem{Severity: "error", Message: e.Error()})
		}
	}
	return out
}

type checker struct {
	b        *builder
	files    map[string][]byte
	ids      map[string]map[string]bool // output path -> ids in it
	sources  map[string]*Page           // output path -> the page made into it
	problems []Problem
}

func (c *checker) add(file string, line int, severity, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: file, Line: line, Severity: severity, Message: fmt.Sprintf(format, args...)})
}

// sourceOf maps an output file to the page it was made from, if any.
func (c *checker) sourceOf(output string) *Page {
	if c.sources == nil {
		c.sources = make(map[string]*Page, len(c.b.pages))
		for _, p := range c.b.pages {
			c.sources[permalink.File(p.URL)] = p
		}
	}
	return c.sources[output]
}

// htmlProblems parses every page built and reports elements left open
// or closed out of order, and ids used twice.
func (c *checker) htmlProblems() {
	names := make([]string, 0, len(c.files))
	for name := range c.files {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		ids, issues := checkHTML(c.files[name])
		c.ids[name] = ids
		for _, is := range issues {
			file, line := name, is.line
			if p := c.sourceOf(name); p != nil {
				file, line = p.SourcePath, c.sourceLine(p, is.tag)
			}
			c.add(file, line, "error", "HTML of %s: %s", name, is.message)
		}
	}
}

// sourceLine finds where raw HTML with a tag appears in a page's source,
// else the first line of its body.
func (c *checker) sourceLine(p *Page, tag string) int {
	src, err := readSource(c.b.site, p.SourcePath)
	if err != nil {
		return p.BodyLine
	}
	if i := bytes.Index(bytes.ToLower(src[p.BodyOffset:]), []byte("<"+tag)); i >= 0 && tag != "" {
		return content.LineAt(src, p.BodyOffset+i)
	}
	return p.BodyLine
}

type htmlIssue struct {
	line    int
	tag     string
	message string
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkHTML tokenizes a page with the HTML5 tokenizer and checks that
// every element is closed, in order, and that no id is used twice.
func checkHTML(page []byte) (map[string]bool, []htmlIssue) {
	ids := map[string]bool{}
	var issues []htmlIssue
	type open struct {
		tag  string
		line int
	}
	var stack []open
	z := html.NewTokenizer(bytes.NewReader(page))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				issues = append(issues, htmlIssue{line, "", z.Err().Error()})
			}
			break
		}
		raw := z.Raw()
		tokLine := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "id" {
					if ids[string(v)] {
						issues = append(issues, htmlIssue{tokLine, tag, fmt.Sprintf("line %d: id %q is used twice", tokLine, v)})
					}
					ids[string(v)] = true
				}
			}
			if tt == html.StartTagToken && !voidElements[tag] {
				stack = append(stack, open{tag, tokLine})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if voidElements[tag] {
				continue
			}
			at := -1
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					at = i
					break
				}
			}
			switch {
			case at < 0:
				issues = append(issues, htmlIssue{tokLine, tag, fmt.Sprintf("line %d: </%s> closes no open element", tokLine, tag)})
			case at < len(stack)-1:
				for _, o := range stack[at+1:] {
					issues = append(issues, htmlIssue{o.line, o.tag, fmt.Sprintf("line %d: <%s> is not closed before </%s> on line %d", o.line, o.tag, tag, tokLine)})
				}
				stack = stack[:at]
			default:
				stack = stack[:at]
			}
		}
	}
	for _, o := range stack {
		issues = append(issues, htmlIssue{o.line, o.tag, fmt.Sprintf("line %d: <%s> is never closed", o.line, o.tag)})
	}
	return ids, issues
}

// pageProblems walks a page's Markdown for links and images.
func (c *checker) pageProblems(p *Page) {
	src, err := readSource(c.b.site, p.SourcePath)
	if err != nil {
		c.add(p.SourcePath, 0, "error", "%v", err)
		return
	}
	body := src[p.BodyOffset:]
	doc := c.b.md.Parse(body)
	lineOf := func(n ast.Node) int { return content.LineAt(src, p.BodyOffset+nodeOffset(n)) }
	firstParagraphChecked := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if !firstParagraphChecked && n.Parent() == doc {
				firstParagraphChecked = true
				if p.Summary == "" && !bytes.Contains(body, []byte(markdown.MoreMarker)) {
					if length := len([]rune(string(n.Text(body)))); length > maxFirstParagraph {
						c.add(p.SourcePath, lineOf(n), "warning", "the first paragraph (%d characters) becomes the summary in lists; add a summary or a <!--more--> line", length)
					}
				}
			}
		case *ast.Link:
			c.checkLink(p, lineOf(n), string(n.Destination), false)
		case *ast.Image:
			if strings.TrimSpace(string(n.Text(body))) == "" {
				c.add(p.SourcePath, lineOf(n), "error", "image %s has no alt text; describe it between the brackets: ![what it shows](%s)", n.Destination, n.Destination)
			}
			c.checkLink(p, lineOf(n), string(n.Destination), true)
		}
		return ast.WalkContinue, nil
	})
}

// nodeOffset is where a node starts in its source: its first line, or its
// first text, or its parent's.
func nodeOffset(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		var first int = -1
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering && first < 0 {
				first = t.Segment.Start
				return ast.WalkStop, nil
			}
			return ast.WalkContinue, nil
		})
		if first >= 0 {
			return first
		}
	}
	return 0
}

// checkLink reports an internal link or image that points nowhere.
func (c *checker) checkLink(p *Page, line int, dest string, image bool) {
	u, err := url.Parse(dest)
	if err != nil {
		c.add(p.SourcePath, line, "error", "link %q is not a valid URL: %v", dest, err)
		return
	}
	what := "link"
	if image {
		what = "image"
	}
	base, _ := url.Parse(c.b.render.Permalink(p.URL))
	target := base.ResolveReference(u)
	site, _ := url.Parse(c.b.config.BaseURL)
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return // mailto:, tel: and the like
	}
	if target.Host != site.Host || !strings.HasPrefix(target.Path, site.Path) {
		return // another site
	}
	rel := strings.TrimPrefix(target.Path, site.Path)
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if _, ok := c.files[name]; !ok {
		if _, dir := c.files[path.Join(rel, "index.html")]; dir {
			name = path.Join(rel, "index.html")
		} else {
			hint := "no page has that URL"
			if image {
				hint = "no such file in static/"
			}
			c.add(p.SourcePath, line, "error", "%s %s points nowhere: %s", what, dest, hint)
			return
		}
	}
	if frag := target.Fragment; frag != "" && !image {
		ids := c.ids[name]
		if ids == nil {
			ids, _ = checkHTML(c.files[name])
		}
		if !ids[frag] {
			c.add(p.SourcePath, line, "error", "link %s: the page has no element with id %q", dest, frag)
		}
	}
}

// titleAndTagProblems reports titles used twice and tags used once.
func (c *checker) titleAndTagProblems() {
	byTitle := map[string][]*Page{}
	for _, p := range c.b.pages {
		key := strings.ToLower(strings.Join(strings.Fields(p.Title), " "))
		byTitle[key] = append(byTitle[key], p)
	}
	for _, pages := range byTitle {
		if len(pages) < 2 {
			continue
		}
		sort.Slice(pages, func(i, j int) bool { return pages[i].SourcePath < pages[j].SourcePath })
		for _, p := range pages[1:] {
			c.add(p.SourcePath, p.TitleLine, "error", "the title %q is also the title of %s; readers cannot tell them apart in lists", p.Title, pages[0].SourcePath)
		}
	}
	for _, t := range c.b.assembled.Tags {
		if len(t.Pages) == 1 {
			p := t.Pages[0]
			c.add(p.SourcePath, p.TagsLine, "warning", "the tag %q is used by this page only; is it a typo of another tag?", t.Name)
		}
	}
}
