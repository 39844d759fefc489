package layouts

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"text/template/parse"
)

// A faster executor for the layouts.
//
// html/template rewrites each layout's parse tree once, appending to every
// action the escapers its context needs ({{.Title}} in an attribute
// becomes {{.Title | _html_template_attrescaper}}), and then
// text/template walks that tree for every page: a field is found by name
// through reflection on each use, and every function and escaper is
// called through reflect.Value.Call, whose argument slices made nearly
// half of a build's allocations. The fast executor compiles the same
// escaped trees once into closures that find fields by cached index and
// call the functions and escapers directly.
//
// It is an accelerator, not a second template language: it compiles only
// the constructs it knows (everything the built-in layouts use, and most
// of what a site's own would), and at run time it declines whatever it is
// not sure to render exactly as html/template would — a method, a nil
// pointer, a missing map key, an argument of an unexpected type. A layout
// it cannot compile, and a page it declines, are rendered by html/template
// itself, so output and error messages are html/template's in every case.
// TestFastExecutorMatchesHTMLTemplate holds it to that.

// errDecline makes the caller render the page with html/template.
var errDecline = errors.New("fast executor declines")

// declineHook, when set (in tests), is told why the fast path declined.
var declineHook func(reason string)

func decline(reason string) error {
	if declineHook != nil {
		declineHook(reason)
	}
	return errDecline
}

// errNotCompiled marks a layout the fast executor cannot run at all.
var errNotCompiled = errors.New("fast executor cannot compile")

// fastTemplate is one compiled template of a set.
type fastTemplate struct {
	name string
	body []fastNode
}

type fastNode func(s *fastState, dot reflect.Value) error

type fastEval func(s *fastState, dot reflect.Value) (reflect.Value, error)

// fastState is one execution: the output and the variables in scope.
type fastState struct {
	w     *bytes.Buffer
	vars  []fastVar
	base  int // the current template's variables start here
	depth int
}

type fastVar struct {
	name  string
	value reflect.Value
}

// maxFastDepth bounds template recursion; deeper is left to html/template.
const maxFastDepth = 1000

// execute runs the template with data into w. On errDecline the caller
// must discard what was written and use html/template.
func (t *fastTemplate) execute(w *bytes.Buffer, data any) error {
	s := &fastState{w: w}
	dot := reflect.ValueOf(data)
	s.vars = append(s.vars, fastVar{"$", dot})
	return runList(s, t.body, dot)
}

func runList(s *fastState, body []fastNode, dot reflect.Value) error {
	for _, n := range body {
		if err := n(s, dot); err != nil {
			return err
		}
	}
	return nil
}

// fastCompiler compiles the escaped trees of one template set.
type fastCompiler struct {
	lookup    func(name string) *parse.Tree
	partial   func(name string, data *PageData) (template.HTML, error)
	templates map[string]*fastTemplate
}

func compileFast(lookup func(string) *parse.Tree, partial func(string, *PageData) (template.HTML, error), name string) (*fastTemplate, error) {
	c := &fastCompiler{lookup: lookup, partial: partial, templates: map[string]*fastTemplate{}}
	return c.template(name)
}

func (c *fastCompiler) template(name string) (*fastTemplate, error) {
	if t, ok := c.templates[name]; ok {
		return t, nil // compiled, or being compiled further up (recursion)
	}
	tree := c.lookup(name)
	if tree == nil {
		return nil, fmt.Errorf("%w: no template %q", errNotCompiled, name)
	}
	t := &fastTemplate{name: name}
	c.templates[name] = t
	if tree.Root != nil {
		body, err := c.list(tree.Root)
		if err != nil {
			return nil, err
		}
		t.body = body
	}
	return t, nil
}

func (c *fastCompiler) list(l *parse.ListNode) ([]fastNode, error) {
	if l == nil {
		return nil, nil
	}
	var out []fastNode
	for _, n := range l.Nodes {
		node, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if node != nil {
			out = append(out, node)
		}
	}
	return out, nil
}

func unsupported(n parse.Node) error {
	return fmt.Errorf("%w: %s", errNotCompiled, n)
}

func (c *fastCompiler) node(n parse.Node) (fastNode, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *fastState, _ reflect.Value) error {
			s.w.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(&n.BranchNode, false)
	case *parse.WithNode:
		return c.ifOrWith(&n.BranchNode, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateCall(n)
	case *parse.ListNode:
		body, err := c.list(n)
		if err != nil {
			return nil, err
		}
		return func(s *fastState, dot reflect.Value) error { return runList(s, body, dot) }, nil
	}
	return nil, unsupported(n)
}

// action is {{pipeline}}: a declaration, or a value printed through the
// escapers html/template appended.
func (c *fastCompiler) action(n *parse.ActionNode) (fastNode, error) {
	p := n.Pipe
	if len(p.Decl) > 0 {
		eval, err := c.pipe(p)
		if err != nil {
			return nil, err
		}
		return func(s *fastState, dot reflect.Value) error {
			_, err := eval(s, dot)
			return err
		}, nil
	}
	// The trailing commands are the escapers; everything before makes
	// the value.
	first := len(p.Cmds)
	for first > 0 && escaperOf(p.Cmds[first-1]) != nil {
		first--
	}
	if first == len(p.Cmds) || first == 0 {
		return nil, unsupported(n) // not escaped, or nothing to escape
	}
	value, err := c.commands(p.Cmds[:first])
	if err != nil {
		return nil, err
	}
	var chain []*escaper
	for _, cmd := range p.Cmds[first:] {
		chain = append(chain, escaperOf(cmd))
	}
	last := chain[len(chain)-1]
	inner := chain[:len(chain)-1]
	return func(s *fastState, dot reflect.Value) error {
		v, err := value(s, dot)
		if err != nil {
			return err
		}
		str, ct, ok := stringify(v)
		if !ok {
			return decline("value the escapers cannot take")
		}
		for _, e := range inner {
			if str, ok = e.apply(str, ct); !ok {
				return decline("escaper needs html/template")
			}
			ct = contentPlain // an escaper's result is a plain string
		}
		if !last.write(s.w, str, ct) {
			return decline("escaper needs html/template")
		}
		return nil
	}, nil
}

// ifOrWith runs its list when the pipeline's value is true, with dot set
// to it for with; else the else list.
func (c *fastCompiler) ifOrWith(b *parse.BranchNode, with bool) (fastNode, error) {
	cond, err := c.pipe(b.Pipe)
	if err != nil {
		return nil, err
	}
	list, elseList, err := c.branches(b)
	if err != nil {
		return nil, err
	}
	return func(s *fastState, dot reflect.Value) error {
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := cond(s, dot)
		if err != nil {
			return err
		}
		truth, ok := isTrue(v)
		if !ok {
			return decline("condition of no truth value")
		}
		if truth {
			if with {
				return runList(s, list, v)
			}
			return runList(s, list, dot)
		}
		return runList(s, elseList, dot)
	}, nil
}

// branches compiles the lists of an if, with or range.
func (c *fastCompiler) branches(b *parse.BranchNode) (list, elseList []fastNode, err error) {
	if list, err = c.list(b.List); err != nil {
		return nil, nil, err
	}
	if elseList, err = c.list(b.ElseList); err != nil {
		return nil, nil, err
	}
	return list, elseList, nil
}

func (c *fastCompiler) rangeNode(n *parse.RangeNode) (fastNode, error) {
	p := n.Pipe
	if len(p.Decl) > 2 || p.IsAssign {
		return nil, unsupported(n)
	}
	value, err := c.commands(p.Cmds)
	if err != nil {
		return nil, err
	}
	list, elseList, err := c.branches(&n.BranchNode)
	if err != nil {
		return nil, err
	}
	var elemVar, indexVar string
	switch len(p.Decl) {
	case 1:
		elemVar = p.Decl[0].Ident[0]
	case 2:
		indexVar, elemVar = p.Decl[0].Ident[0], p.Decl[1].Ident[0]
	}
	return func(s *fastState, dot reflect.Value) error {
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := value(s, dot)
		if err != nil {
			return err
		}
		v, isNil := indirect(v)
		if isNil {
			return decline("range over nil")
		}
		switch v.Kind() {
		case reflect.Invalid:
		case reflect.Slice, reflect.Array:
			if v.Len() == 0 {
				break
			}
			if indexVar != "" {
				s.vars = append(s.vars, fastVar{name: indexVar})
			}
			if elemVar != "" {
				s.vars = append(s.vars, fastVar{name: elemVar})
			}
			inner := len(s.vars)
			for i := range v.Len() {
				elem := v.Index(i)
				if elemVar != "" {
					s.vars[inner-1].value = elem
				}
				if indexVar != "" {
					s.vars[mark].value = reflect.ValueOf(i)
				}
				err := runList(s, list, elem)
				s.vars = s.vars[:inner]
				if err != nil {
					return err
				}
			}
			return nil
		default:
			return decline("range over a map, channel, function or integer") // maps, channels, iterators, integers
		}
		return runList(s, elseList, dot)
	}, nil
}

func (c *fastCompiler) templateCall(n *parse.TemplateNode) (fastNode, error) {
	t, err := c.template(n.Name)
	if err != nil {
		return nil, err
	}
	var arg fastEval
	if n.Pipe != nil {
		if arg, err = c.pipe(n.Pipe); err != nil {
			return nil, err
		}
	}
	return func(s *fastState, dot reflect.Value) error {
		var next reflect.Value
		if arg != nil {
			v, err := arg(s, dot)
			if err != nil {
				return err
			}
			next = v
		}
		if s.depth >= maxFastDepth {
			return decline("template recursion too deep")
		}
		savedBase, savedLen := s.base, len(s.vars)
		s.base = savedLen
		s.vars = append(s.vars, fastVar{"$", next})
		s.depth++
		err := runList(s, t.body, next)
		s.depth--
		s.vars, s.base = s.vars[:savedLen], savedBase
		return err
	}, nil
}

// pipe evaluates a pipeline and binds its declared variables.
func (c *fastCompiler) pipe(p *parse.PipeNode) (fastEval, error) {
	value, err := c.commands(p.Cmds)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) == 0 {
		return value, nil
	}
	if len(p.Decl) > 1 {
		return nil, unsupported(p)
	}
	name, assign := p.Decl[0].Ident[0], p.IsAssign
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		v, err := value(s, dot)
		if err != nil {
			return v, err
		}
		if !assign {
			s.vars = append(s.vars, fastVar{name, v})
			return v, nil
		}
		for i := len(s.vars) - 1; i >= s.base; i-- {
			if s.vars[i].name == name {
				s.vars[i].value = v
				return v, nil
			}
		}
		return v, decline("assignment to an undeclared variable")
	}, nil
}

// commands chains a pipeline's commands: each gets the value of the one
// before as its last argument.
func (c *fastCompiler) commands(cmds []*parse.CommandNode) (fastEval, error) {
	var value fastEval
	for _, cmd := range cmds {
		next, err := c.command(cmd, value)
		if err != nil {
			return nil, err
		}
		value = next
	}
	if value == nil {
		return nil, fmt.Errorf("%w: empty pipeline", errNotCompiled)
	}
	return value, nil
}

func (c *fastCompiler) command(cmd *parse.CommandNode, final fastEval) (fastEval, error) {
	if len(cmd.Args) == 0 {
		return nil, unsupported(cmd)
	}
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return c.call(cmd, id.Ident, cmd.Args[1:], final)
	}
	if len(cmd.Args) > 1 || final != nil {
		return nil, unsupported(cmd) // a method call with arguments
	}
	return c.operand(cmd.Args[0])
}

// operand is a value in a command: a field chain, a variable, dot, a
// constant or a parenthesized pipeline.
func (c *fastCompiler) operand(n parse.Node) (fastEval, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *fastState, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.FieldNode:
		return fieldChain(func(_ *fastState, dot reflect.Value) (reflect.Value, error) { return dot, nil }, n.Ident), nil
	case *parse.VariableNode:
		name := n.Ident[0]
		variable := func(s *fastState, _ reflect.Value) (reflect.Value, error) {
			for i := len(s.vars) - 1; i >= s.base; i-- {
				if s.vars[i].name == name {
					return s.vars[i].value, nil
				}
			}
			return reflect.Value{}, decline("undeclared variable")
		}
		return fieldChain(variable, n.Ident[1:]), nil
	case *parse.ChainNode:
		inner, err := c.operand(n.Node)
		if err != nil {
			return nil, err
		}
		return fieldChain(inner, n.Field), nil
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			return nil, unsupported(n)
		}
		return c.commands(n.Cmds)
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return constant(v), nil
	case *parse.BoolNode:
		return constant(reflect.ValueOf(n.True)), nil
	case *parse.NumberNode:
		if !n.IsInt || n.Int64 != int64(int(n.Int64)) {
			return nil, unsupported(n)
		}
		return constant(reflect.ValueOf(int(n.Int64))), nil
	}
	return nil, unsupported(n)
}
