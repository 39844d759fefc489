package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
	"text/template/parse"
)

// partialCached is the layouts' {{partialCached "partials/NAME.html" .}}:
// it renders like {{template "partials/NAME.html" .}}, but once per build
// when the partial (and every template it calls) uses nothing of the page
// but .Site, as a footer does; the same HTML then goes into every page
// instead of executing the partial's actions again for each. A partial
// that uses more is rendered for every page, so the output never depends
// on whether the cache was used.
type partialCache struct {
	layouts *Layouts

	mu       sync.Mutex
	siteOnly map[string]bool // partial name -> depends on .Site alone
	site     *SiteView       // the build the rendered partials belong to
	rendered map[string]template.HTML
}

func (c *partialCache) render(name string, data *PageData) (template.HTML, error) {
	if data == nil || data.Site == nil {
		return "", fmt.Errorf("partialCached %q: needs the page's data (.) as its argument", name)
	}
	key := data.Kind + "\x00" + name
	c.mu.Lock()
	if c.site != data.Site { // a new build: forget the old site's partials
		c.site, c.rendered = data.Site, map[string]template.HTML{}
	}
	out, done := c.rendered[key]
	cacheable := c.isSiteOnly(name)
	c.mu.Unlock()
	if done {
		return out, nil
	}
	t := c.layouts.kinds[data.Kind]
	if t == nil || t.Lookup(name) == nil {
		return "", fmt.Errorf("partialCached: no layout %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	// The partial's own output is already escaped for the HTML text
	// context the call is in, as {{template}} would leave it.
	out = template.HTML(buf.String())
	if cacheable {
		c.mu.Lock()
		if c.site == data.Site {
			c.rendered[key] = out
		}
		c.mu.Unlock()
	}
	return out, nil
}

// isSiteOnly analyses a partial once; c.mu is held.
func (c *partialCache) isSiteOnly(name string) bool {
	if ok, known := c.siteOnly[name]; known {
		return ok
	}
	t := c.layouts.kinds["home"]
	ok := t != nil && dependsOnSiteOnly(func(n string) *parse.Tree {
		if tt := t.Lookup(n); tt != nil {
			return tt.Tree
		}
		return nil
	}, name)
	if c.siteOnly == nil {
		c.siteOnly = map[string]bool{}
	}
	c.siteOnly[name] = ok
	return ok
}

// What a value in a template is made from, in increasing order: a
// constant, the site (.Site and what is reached from it), or the page.
type origin int

const (
	fromConstant origin = iota
	fromSite
	fromPage
)

// siteOnlyCheck walks a template's parse tree with what dot and each
// variable hold, and fails at the first use of anything from the page.
// Passing the page on to another template is not a use: that template is
// checked in turn.
type siteOnlyCheck struct {
	lookup  func(name string) *parse.Tree
	visited map[string]bool // template name + dot's origin
	vars    []map[string]origin
}

func dependsOnSiteOnly(lookup func(string) *parse.Tree, name string) bool {
	c := &siteOnlyCheck{lookup: lookup, visited: map[string]bool{}}
	return c.template(name, fromPage)
}

func (c *siteOnlyCheck) template(name string, dot origin) bool {
	key := name + "\x00" + string(rune('0'+dot))
	if c.visited[key] {
		return true // checked, or being checked further up (recursion)
	}
	c.visited[key] = true
	tree := c.lookup(name)
	if tree == nil || tree.Root == nil {
		return false
	}
	saved := c.vars
	c.vars = []map[string]origin{{"$": dot}}
	defer func() { c.vars = saved }()
	return c.list(tree.Root, dot)
}

func (c *siteOnlyCheck) list(l *parse.ListNode, dot origin) bool {
	if l == nil {
		return true
	}
	for _, n := range l.Nodes {
		if !c.node(n, dot) {
			return false
		}
	}
	return true
}

func (c *siteOnlyCheck) node(n parse.Node, dot origin) bool {
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ActionNode:
		return c.pipe(n.Pipe, dot) != fromPage
	case *parse.IfNode:
		return c.branch(&n.BranchNode, dot, false)
	case *parse.WithNode:
		return c.branch(&n.BranchNode, dot, true)
	case *parse.RangeNode:
		return c.branch(&n.BranchNode, dot, true)
	case *parse.TemplateNode:
		arg := fromConstant
		if n.Pipe != nil {
			if len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
				if _, isDot := n.Pipe.Cmds[0].Args[0].(*parse.DotNode); isDot {
					return c.template(n.Name, dot) // the same dot, handed on
				}
			}
			arg = c.pipe(n.Pipe, dot)
		}
		return c.template(n.Name, arg)
	case *parse.ListNode:
		return c.list(n, dot)
	}
	return false // a node this check does not know: assume the worst
}

// branch checks if/with/range: the pipeline is used (as a condition), and
// with and range set dot to it inside.
func (c *siteOnlyCheck) branch(b *parse.BranchNode, dot origin, setsDot bool) bool {
	c.vars = append(c.vars, map[string]origin{})
	defer func() { c.vars = c.vars[:len(c.vars)-1] }()
	value := c.pipe(b.Pipe, dot)
	if value == fromPage {
		return false
	}
	inner := dot
	if setsDot {
		inner = value
	}
	return c.list(b.List, inner) && c.list(b.ElseList, dot)
}

func (c *siteOnlyCheck) pipe(p *parse.PipeNode, dot origin) origin {
	if p == nil {
		return fromConstant
	}
	result := fromConstant
	for _, cmd := range p.Cmds {
		for i, arg := range cmd.Args {
			o := c.arg(arg, dot)
			if o == fromPage && (len(cmd.Args) > 1 || i > 0) {
				return fromPage // handed to a function: a use
			}
			result = max(result, o)
		}
	}
	for _, v := range p.Decl {
		c.vars[len(c.vars)-1][v.Ident[0]] = result
	}
	return result
}

func (c *siteOnlyCheck) arg(n parse.Node, dot origin) origin {
	switch n := n.(type) {
	case *parse.FieldNode: // .A.B: from dot
		return c.field(dot, n.Ident)
	case *parse.VariableNode:
		return c.field(c.variable(n.Ident[0]), n.Ident[1:])
	case *parse.DotNode:
		return dot
	case *parse.ChainNode: // (pipeline).A.B
		return c.field(c.arg(n.Node, dot), n.Field)
	case *parse.PipeNode:
		return c.pipe(n, dot)
	case *parse.IdentifierNode, *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return fromConstant
	}
	return fromPage
}

// field is the origin of fields read from a value: of the page, only
// .Site (and what is reached from it) is the site's.
func (c *siteOnlyCheck) field(of origin, idents []string) origin {
	if of == fromPage && len(idents) > 0 && idents[0] == "Site" {
		return fromSite
	}
	return of
}

func (c *siteOnlyCheck) variable(name string) origin {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if o, ok := c.vars[i][name]; ok {
			return o
		}
	}
	return fromPage // not declared where we looked: assume the worst
}
