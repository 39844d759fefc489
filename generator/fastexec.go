package generator

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template/parse"
	"time"
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

func constant(v reflect.Value) fastEval {
	return func(*fastState, reflect.Value) (reflect.Value, error) { return v, nil }
}

// fieldChain reads .A.B.C from what base evaluates to.
func fieldChain(base fastEval, names []string) fastEval {
	if len(names) == 0 {
		return base
	}
	steps := make([]*fieldStep, len(names))
	for i, name := range names {
		steps[i] = &fieldStep{name: name, key: reflect.ValueOf(name)}
	}
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		v, err := base(s, dot)
		if err != nil {
			return v, err
		}
		for _, step := range steps {
			if v, err = step.get(v); err != nil {
				return v, err
			}
		}
		return v, nil
	}
}

// fieldStep reads one field (or string map key), remembering where the
// field is for the last type it saw.
type fieldStep struct {
	name  string
	key   reflect.Value // name as a map key
	cache atomic.Pointer[fieldPlace]
}

type fieldPlace struct {
	typ   reflect.Type
	index []int // in the struct; nil for a map key
}

func (f *fieldStep) get(v reflect.Value) (reflect.Value, error) {
	v, isNil := indirect(v)
	if isNil || !v.IsValid() {
		return reflect.Value{}, decline("field of nil or invalid value")
	}
	typ := v.Type()
	place := f.cache.Load()
	if place == nil || place.typ != typ {
		place = findField(typ, f.name)
		if place == nil {
			return reflect.Value{}, decline("method, unexported field or unknown name")
		}
		f.cache.Store(place)
	}
	if place.index == nil {
		elem := v.MapIndex(f.key)
		if !elem.IsValid() {
			return reflect.Value{}, decline("missing map key") // missing key: html/template's rules
		}
		return elem, nil
	}
	if len(place.index) == 1 {
		return v.Field(place.index[0]), nil
	}
	elem, err := v.FieldByIndexErr(place.index)
	if err != nil {
		return reflect.Value{}, decline("nil embedded struct")
	}
	return elem, nil
}

// findField is where text/template would find name in a value of typ,
// when that is an exported field or a string map key; nil when it would
// be a method (or nothing), which the fast path leaves alone.
func findField(typ reflect.Type, name string) *fieldPlace {
	if _, isMethod := reflect.PointerTo(typ).MethodByName(name); isMethod {
		return nil
	}
	switch typ.Kind() {
	case reflect.Struct:
		f, ok := typ.FieldByName(name)
		if !ok || !f.IsExported() {
			return nil
		}
		return &fieldPlace{typ: typ, index: f.Index}
	case reflect.Map:
		if typ.Key() == reflect.TypeFor[string]() {
			return &fieldPlace{typ: typ}
		}
	}
	return nil
}

// indirect follows pointers and interfaces, as text/template does.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, true
		}
		v = v.Elem()
	}
	return v, false
}

// isTrue is text/template's truth: false, 0, nil and empty are false.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.Interface, reflect.UnsafePointer:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

var (
	typeString = reflect.TypeFor[string]()
	typeInt    = reflect.TypeFor[int]()
	typeTime   = reflect.TypeFor[time.Time]()
	typeData   = reflect.TypeFor[*PageData]()
)

// call compiles a function call: the builtins the layouts use and the
// site's template functions, each called directly.
func (c *fastCompiler) call(cmd *parse.CommandNode, name string, argNodes []parse.Node, final fastEval) (fastEval, error) {
	args := make([]fastEval, 0, len(argNodes)+1)
	for _, n := range argNodes {
		a, err := c.operand(n)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	if final != nil {
		args = append(args, final)
	}
	want := func(n int) error {
		if len(args) != n {
			return unsupported(cmd) // html/template reports the wrong count
		}
		return nil
	}
	switch name {
	case "and", "or":
		if len(args) == 0 {
			return nil, unsupported(cmd)
		}
		stopOn := name == "or" // or stops at the first true value, and at the first false one
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range args {
				var err error
				if v, err = a(s, dot); err != nil {
					return v, err
				}
				truth, ok := isTrue(v)
				if !ok {
					return v, decline("operand of and/or with no truth value")
				}
				if truth == stopOn {
					return v, nil
				}
			}
			return v, nil
		}, nil
	case "not":
		if err := want(1); err != nil {
			return nil, err
		}
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := args[0](s, dot)
			if err != nil {
				return v, err
			}
			truth, ok := isTrue(v)
			if !ok {
				return v, decline("not of a value with no truth value")
			}
			return reflect.ValueOf(!truth), nil
		}, nil
	case "eq", "ne", "lt", "le", "gt", "ge":
		if err := want(2); err != nil {
			return nil, err
		}
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			a, err := args[0](s, dot)
			if err != nil {
				return a, err
			}
			b, err := args[1](s, dot)
			if err != nil {
				return b, err
			}
			result, ok := compareValues(name, a, b)
			if !ok {
				return a, decline(name + " of values it leaves to html/template")
			}
			return reflect.ValueOf(result), nil
		}, nil
	case "len":
		if err := want(1); err != nil {
			return nil, err
		}
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := args[0](s, dot)
			if err != nil {
				return v, err
			}
			v, isNil := indirect(v)
			switch {
			case isNil:
				return v, decline("len of nil")
			case v.Kind() == reflect.String, v.Kind() == reflect.Slice, v.Kind() == reflect.Array, v.Kind() == reflect.Map:
				return reflect.ValueOf(v.Len()), nil
			}
			return v, decline("len of a value without length")
		}, nil
	case "date":
		if err := want(2); err != nil {
			return nil, err
		}
		date := templateFuncs["date"].(func(string, time.Time) string)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			layout, err := stringArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			t, err := timeArg(s, dot, args[1])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(date(layout, t)), nil
		}, nil
	case "iso", "isoDate":
		if err := want(1); err != nil {
			return nil, err
		}
		format := templateFuncs[name].(func(time.Time) string)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			t, err := timeArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(format(t)), nil
		}, nil
	case "lower", "slugify":
		if err := want(1); err != nil {
			return nil, err
		}
		fn := templateFuncs[name].(func(string) string)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			str, err := stringArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(fn(str)), nil
		}, nil
	case "hasPrefix":
		if err := want(2); err != nil {
			return nil, err
		}
		hasPrefix := templateFuncs[name].(func(string, string) bool)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			str, err := stringArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			prefix, err := stringArg(s, dot, args[1])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(hasPrefix(str, prefix)), nil
		}, nil
	case "plural":
		if err := want(3); err != nil {
			return nil, err
		}
		plural := templateFuncs[name].(func(int, string, string) string)
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			v, err := args[0](s, dot)
			if err != nil {
				return v, err
			}
			if v.Type() != typeInt {
				return v, decline("plural of a non-int")
			}
			one, err := stringArg(s, dot, args[1])
			if err != nil {
				return reflect.Value{}, err
			}
			many, err := stringArg(s, dot, args[2])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(plural(int(v.Int()), one, many)), nil
		}, nil
	case "partialCached":
		if err := want(2); err != nil || c.partial == nil {
			return nil, unsupported(cmd)
		}
		return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
			name, err := stringArg(s, dot, args[0])
			if err != nil {
				return reflect.Value{}, err
			}
			v, err := args[1](s, dot)
			if err != nil {
				return v, err
			}
			if !v.IsValid() || v.Type() != typeData || v.IsNil() {
				return v, decline("partialCached without the page's data")
			}
			out, err := c.partial(name, v.Interface().(*PageData))
			if err != nil {
				return v, decline("partialCached failed") // html/template reports it
			}
			return reflect.ValueOf(out), nil
		}, nil
	}
	return nil, unsupported(cmd)
}

// stringArg evaluates an argument for a string parameter: text/template
// takes a string or an interface holding one; anything else is its error.
func stringArg(s *fastState, dot reflect.Value, arg fastEval) (string, error) {
	v, err := arg(s, dot)
	if err != nil {
		return "", err
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || v.Type() != typeString {
		return "", decline("argument is not a string")
	}
	return v.String(), nil
}

func timeArg(s *fastState, dot reflect.Value, arg fastEval) (time.Time, error) {
	v, err := arg(s, dot)
	if err != nil {
		return time.Time{}, err
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || v.Type() != typeTime {
		return time.Time{}, decline("argument is not a time.Time")
	}
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer()), nil
	}
	return v.Interface().(time.Time), nil
}

// basicEqual is text/template's eq for two strings, integers or booleans;
// ok is false for what it leaves to html/template.
func basicEqual(a, b reflect.Value) (equal, ok bool) {
	if a.Kind() == reflect.Interface && !a.IsNil() {
		a = a.Elem()
	}
	if b.Kind() == reflect.Interface && !b.IsNil() {
		b = b.Elem()
	}
	switch {
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return a.String() == b.String(), true
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool:
		return a.Bool() == b.Bool(), true
	case a.CanInt() && b.CanInt():
		return a.Int() == b.Int(), true
	}
	return false, false
}

// compareValues is text/template's eq, ne, lt, le, gt or ge of two values;
// ok is false for what it leaves to html/template.
func compareValues(op string, a, b reflect.Value) (result, ok bool) {
	if op == "eq" || op == "ne" {
		equal, ok := basicEqual(a, b)
		return equal == (op == "eq"), ok
	}
	cmp, ok := basicCompare(a, b)
	switch op {
	case "lt":
		return cmp < 0, ok
	case "le":
		return cmp <= 0, ok
	case "gt":
		return cmp > 0, ok
	}
	return cmp >= 0, ok
}

// basicCompare orders two strings or two integers, as text/template's lt
// and its kin do; ok is false for what it leaves to html/template.
func basicCompare(a, b reflect.Value) (cmp int, ok bool) {
	if a.Kind() == reflect.Interface && !a.IsNil() {
		a = a.Elem()
	}
	if b.Kind() == reflect.Interface && !b.IsNil() {
		b = b.Elem()
	}
	switch {
	case a.Kind() == reflect.String && b.Kind() == reflect.String:
		return strings.Compare(a.String(), b.String()), true
	case a.CanInt() && b.CanInt():
		x, y := a.Int(), b.Int()
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// The content types of html/template's typed strings.
type contentType int

const (
	contentPlain contentType = iota
	contentHTML
	contentURL
	contentJS
	contentOther // CSS, HTMLAttr, JSStr, Srcset: left to html/template
)

var contentTypes = map[reflect.Type]contentType{
	typeString:                           contentPlain,
	reflect.TypeFor[template.HTML]():     contentHTML,
	reflect.TypeFor[template.URL]():      contentURL,
	reflect.TypeFor[template.JS]():       contentJS,
	reflect.TypeFor[template.CSS]():      contentOther,
	reflect.TypeFor[template.JSStr]():    contentOther,
	reflect.TypeFor[template.Srcset]():   contentOther,
	reflect.TypeFor[template.HTMLAttr](): contentOther,
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// stringify is the text an escaper works on, and its content type, as
// html/template makes it from one value; ok is false for values it would
// format with fmt (pointers, structs, Stringers), left to html/template.
func stringify(v reflect.Value) (string, contentType, bool) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", 0, false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", 0, false
	}
	typ := v.Type()
	if ct, known := contentTypes[typ]; known {
		if ct == contentOther {
			return "", 0, false
		}
		return v.String(), ct, true
	}
	if typ.Implements(stringerType) || typ.Implements(errorType) {
		return "", 0, false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), contentPlain, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), contentPlain, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), contentPlain, true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), contentPlain, true
	}
	return "", 0, false
}

// escaper is one of html/template's escapers, reimplemented for strings;
// ok is false where it would need what the fast path leaves alone.
type escaper struct {
	apply func(s string, ct contentType) (string, bool)
	write func(w *bytes.Buffer, s string, ct contentType) bool
}

// escaperOf returns the escaper a command of an escaped pipeline calls,
// or nil.
func escaperOf(cmd *parse.CommandNode) *escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	return escapers[id.Ident]
}

var escapers = map[string]*escaper{
	"_html_template_htmlescaper": viaWrite(func(w *bytes.Buffer, s string, ct contentType) bool {
		if ct == contentHTML {
			w.WriteString(s)
			return true
		}
		writeHTMLEscaped(w, s, true)
		return true
	}),
	"_html_template_attrescaper": viaWrite(func(w *bytes.Buffer, s string, ct contentType) bool {
		if ct == contentHTML {
			return false // html/template strips the tags first
		}
		writeHTMLEscaped(w, s, true)
		return true
	}),
	"_html_template_rcdataescaper": viaWrite(func(w *bytes.Buffer, s string, ct contentType) bool {
		writeHTMLEscaped(w, s, ct != contentHTML)
		return true
	}),
	"_html_template_urlfilter": viaApply(func(s string, ct contentType) (string, bool) {
		if ct != contentURL && !isSafeURL(s) {
			return "#ZgotmplZ", true
		}
		return s, true
	}),
	"_html_template_urlnormalizer": viaApply(func(s string, ct contentType) (string, bool) {
		return percentEncodeURL(s, true), true
	}),
	"_html_template_urlescaper": viaApply(func(s string, ct contentType) (string, bool) {
		return percentEncodeURL(s, ct == contentURL), true
	}),
	"_html_template_jsvalescaper": viaApply(func(s string, ct contentType) (string, bool) {
		// Only a template.JS value is inserted as it is; every other value
		// is marshalled as JSON by html/template.
		return s, ct == contentJS
	}),
}

func viaWrite(write func(*bytes.Buffer, string, contentType) bool) *escaper {
	return &escaper{
		write: write,
		apply: func(s string, ct contentType) (string, bool) {
			var b bytes.Buffer
			if !write(&b, s, ct) {
				return "", false
			}
			return b.String(), true
		},
	}
}

func viaApply(apply func(string, contentType) (string, bool)) *escaper {
	return &escaper{
		apply: apply,
		write: func(w *bytes.Buffer, s string, ct contentType) bool {
			out, ok := apply(s, ct)
			if ok {
				w.WriteString(out)
			}
			return ok
		},
	}
}

// writeHTMLEscaped writes s with the characters that matter in HTML text
// and quoted attributes replaced by references, as html/template does
// (it also replaces "+", and NUL with U+FFFD); amp says whether "&" is
// replaced too (not in text already typed as HTML, in RCDATA).
func writeHTMLEscaped(w *bytes.Buffer, s string, amp bool) {
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			if !amp {
				continue
			}
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.WriteString(s[written:i])
		w.WriteString(repl)
		written = i + 1
	}
	w.WriteString(s[written:])
}

// isSafeURL is html/template's test for a URL in an attribute: no scheme,
// or http, https or mailto.
func isSafeURL(s string) bool {
	scheme, _, found := strings.Cut(s, ":")
	if !found || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// percentEncodeURL encodes every byte of s outside RFC 3986's unreserved
// set as html/template does (lower-case hex); normalize keeps the
// reserved characters and escapes that are already valid.
func percentEncodeURL(s string, normalize bool) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeeps(c, normalize) || (normalize && c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])) {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		const hex = "0123456789abcdef"
		b = append(b, s[written:i]...)
		b = append(b, '%', hex[c>>4], hex[c&15])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

func urlKeeps(c byte, normalize bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~':
		return true
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return normalize
	}
	return false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
