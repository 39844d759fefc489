package content

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlLine finds the line number in the YAML library's error messages.
var yamlLine = regexp.MustCompile(`line (\d+): `)

// decodeYAML decodes YAML front matter through the library's node tree,
// which gives what a map alone cannot: the line of a repeated key, and the
// text an author typed for fields that are text (tags "1.10" or "no" are
// not numbers or booleans).
func decodeYAML(data []byte, out *map[string]any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
			line, _ = strconv.Atoi(msg[m[2]:m[3]])
			msg = msg[m[1]:]
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		if strings.HasPrefix(msg, "did not find expected") {
			// The library counts the lines of these parser errors from 0.
			line++
		}
		return &lineError{line: line, msg: "YAML: " + msg}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.DocumentNode || (root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		*out = map[string]any{}
		return nil // empty front matter
	}
	if root.Kind != yaml.MappingNode {
		return &lineError{line: root.Line, msg: "YAML: front matter must be a mapping of fields (title: ...), not a list or a single value"}
	}
	c := yamlConverter{budget: maxYAMLNodes}
	v, err := c.value(root, false, 0)
	if err != nil {
		return err
	}
	*out = v.(map[string]any)
	return nil
}

// maxYAMLNodes bounds the values an alias-heavy front matter expands to.
const maxYAMLNodes = 100_000

// textFields are the fields whose scalars are kept as typed, whatever YAML
// would make of them: a tag "2024", "1.10" or "no" is that text.
var textFields = map[string]bool{
	"title": true, "slug": true, "tags": true, "tag": true, "categories": true, "category": true,
	"author": true, "authors": true, "summary": true, "excerpt": true, "description": true,
	"name": true, "role": true, "company": true, "result": true, "keywords": true, "series": true,
	"aliases": true, "redirect_from": true, "taxonomies": true,
}

type yamlConverter struct{ budget int }

func (c *yamlConverter) value(n *yaml.Node, asText bool, depth int) (any, error) {
	if c.budget--; c.budget < 0 || depth > 100 {
		return nil, &lineError{line: n.Line, msg: "YAML: too deeply nested or too many aliases"}
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.value(n.Alias, asText, depth+1)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.value(item, asText, depth+1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		lines := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.AliasNode {
				k = k.Alias
			}
			if k.ShortTag() == "!!merge" {
				if err := c.merge(m, lines, v, asText, depth); err != nil {
					return nil, err
				}
				continue
			}
			if k.Kind != yaml.ScalarNode {
				return nil, &lineError{line: k.Line, msg: "YAML: a field name must be plain text"}
			}
			if first, dup := lines[k.Value]; dup && first > 0 {
				return nil, &lineError{line: k.Line, also: first, msg: fmt.Sprintf("YAML: %q is set twice; keep one", k.Value)}
			}
			val, err := c.value(v, asText || (depth == 0 && textFields[strings.ToLower(k.Value)]), depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value], lines[k.Value] = val, k.Line
		}
		return m, nil
	}
	if asText && n.ShortTag() != "!!null" {
		return n.Value, nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, &lineError{line: n.Line, msg: "YAML: " + err.Error()}
		}
		return v, nil
	}
	return n.Value, nil // strings, and dates as text, which parseDate reads
}

// merge applies a "<<: *anchor" merge key: the anchor's fields, unless set.
func (c *yamlConverter) merge(m map[string]any, lines map[string]int, v *yaml.Node, asText bool, depth int) error {
	val, err := c.value(v, asText, depth+1)
	if err != nil {
		return err
	}
	var sources []any
	switch val := val.(type) {
	case map[string]any:
		sources = []any{val}
	case []any:
		sources = val
	}
	for _, src := range sources {
		sm, ok := src.(map[string]any)
		if !ok {
			return &lineError{line: v.Line, msg: "YAML: a merge (<<) takes a mapping or a list of mappings"}
		}
		for k, x := range sm {
			if _, set := m[k]; !set {
				m[k] = x
				lines[k] = -1 // merged: another key of that name may follow
			}
		}
	}
	return nil
}
