package layouts

import (
	"reflect"
	"text/template/parse"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/words"
)

// Calls: the builtins and template functions the fast executor calls
// directly.

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
	switch name {
	case "and", "or", "not":
		return c.logicCall(cmd, name, args)
	case "eq", "ne", "lt", "le", "gt", "ge", "len":
		return c.compareCall(cmd, name, args)
	case "partialCached":
		return c.partialCall(cmd, name, args)
	case "date", "iso", "isoDate":
		return c.timeCall(cmd, name, args)
	}
	return c.funcCall(cmd, name, args)
}

// wantArgs refuses a call with another number of arguments: html/template
// reports it.
func wantArgs(cmd *parse.CommandNode, args []fastEval, n int) error {
	if len(args) != n {
		return unsupported(cmd)
	}
	return nil
}

// logicCall compiles and, or and not.
func (c *fastCompiler) logicCall(cmd *parse.CommandNode, name string, args []fastEval) (fastEval, error) {
	want := func(n int) error { return wantArgs(cmd, args, n) }
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
	}
	return nil, unsupported(cmd)
}

// compareCall compiles the comparisons and len.
func (c *fastCompiler) compareCall(cmd *parse.CommandNode, name string, args []fastEval) (fastEval, error) {
	want := func(n int) error { return wantArgs(cmd, args, n) }
	switch name {
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
	}
	return nil, unsupported(cmd)
}

// funcCall compiles the site's template functions.
func (c *fastCompiler) funcCall(cmd *parse.CommandNode, name string, args []fastEval) (fastEval, error) {
	want := func(n int) error { return wantArgs(cmd, args, n) }
	switch name {
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
	case "fill":
		return c.fillCall(cmd, args)
	case "plural":
		if err := want(3); err != nil {
			return nil, err
		}
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
			return reflect.ValueOf(words.Plural(int(v.Int()), one, many)), nil
		}, nil
	}
	return nil, unsupported(cmd)
}

// fillCall compiles fill with string and int values; others are left to
// html/template.
func (c *fastCompiler) fillCall(cmd *parse.CommandNode, args []fastEval) (fastEval, error) {
	if len(args)%2 != 1 {
		return nil, unsupported(cmd)
	}
	return func(s *fastState, dot reflect.Value) (reflect.Value, error) {
		text, err := stringArg(s, dot, args[0])
		if err != nil {
			return reflect.Value{}, err
		}
		pairs := make([]any, 0, len(args)-1)
		for i := 1; i < len(args); i += 2 {
			name, err := stringArg(s, dot, args[i])
			if err != nil {
				return reflect.Value{}, err
			}
			v, err := args[i+1](s, dot)
			if err != nil {
				return v, err
			}
			if v.Kind() == reflect.Interface && !v.IsNil() {
				v = v.Elem()
			}
			if !v.IsValid() || (v.Type() != typeInt && v.Type() != typeString) {
				return v, decline("fill with a value that is not a string or an int")
			}
			pairs = append(pairs, name, v.Interface())
		}
		return reflect.ValueOf(Fill(text, pairs...)), nil
	}, nil
}

// timeCall compiles the date functions.
func (c *fastCompiler) timeCall(cmd *parse.CommandNode, name string, args []fastEval) (fastEval, error) {
	want := func(n int) error { return wantArgs(cmd, args, n) }
	switch name {
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
	}
	return nil, unsupported(cmd)
}

// partialCall compiles partialCached.
func (c *fastCompiler) partialCall(cmd *parse.CommandNode, name string, args []fastEval) (fastEval, error) {
	want := func(n int) error { return wantArgs(cmd, args, n) }
	switch name {
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
