package layouts

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync/atomic"
	"time"
)

// Values: fields, truth, comparisons and the calls the fast executor
// compiles.

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
	contentCSS   // passed whole only by the CSS filter, as html/template does
	contentOther // HTMLAttr, JSStr, Srcset: left to html/template
)

var contentTypes = map[reflect.Type]contentType{
	typeString:                           contentPlain,
	reflect.TypeFor[template.HTML]():     contentHTML,
	reflect.TypeFor[template.URL]():      contentURL,
	reflect.TypeFor[template.JS]():       contentJS,
	reflect.TypeFor[template.CSS]():      contentCSS,
	reflect.TypeFor[template.JSStr]():    contentOther,
	reflect.TypeFor[template.Srcset]():   contentOther,
	reflect.TypeFor[template.HTMLAttr](): contentOther,
}

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)
