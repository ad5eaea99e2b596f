package profiles

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds how deep a document may nest; no valid profile nests past 8.
const maxDepth = 32

// shapeChecker walks a YAML tree against the Go type it will be decoded
// into. It records where every field stands, and reports unknown keys, wrong
// kinds and unreadable scalars with their paths, before decoding, so that one
// pass reports every problem and decoding itself cannot fail.
type shapeChecker struct {
	ps *problems
}

func (c shapeChecker) check(n *yaml.Node, t reflect.Type, path string, depth int) bool {
	c.ps.marks[path] = mark{n.Line, n.Column}
	if depth > maxDepth {
		c.ps.add(path, "nested more than %d levels deep; a profile is never that deep", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode {
		c.ps.add(path, "YAML aliases (*name) are not allowed in a profile; write the value out")
		return false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return true
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if k, ok := reflect.Zero(t).Interface().(keyed); ok {
		return c.mapping(n, reflect.TypeOf(k.keyedElem()), path, depth)
	}
	switch t.Kind() {
	case reflect.Struct:
		return c.structure(n, t, path, depth)
	case reflect.Slice:
		return c.sequence(n, t.Elem(), path, depth)
	case reflect.Map:
		return c.mapping(n, t.Elem(), path, depth)
	default:
		return c.scalar(n, t, path)
	}
}

func (c shapeChecker) structure(n *yaml.Node, t reflect.Type, path string, depth int) bool {
	if n.Kind != yaml.MappingNode {
		c.ps.add(path, "expected a mapping of keys to values, found %s", describe(n))
		return false
	}
	fields := yamlFields(t)
	ok := c.unique(n, path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		f, known := fields[k.Value]
		if !known {
			c.ps.marks[p] = mark{k.Line, k.Column}
			c.ps.add(p, "%s", unknownKey(k.Value, fields))
			ok = false
			continue
		}
		ok = c.check(v, f.Type, p, depth+1) && ok
	}
	return ok
}

func (c shapeChecker) sequence(n *yaml.Node, elem reflect.Type, path string, depth int) bool {
	if n.Kind != yaml.SequenceNode {
		c.ps.add(path, "expected a list, found %s", describe(n))
		return false
	}
	ok := true
	for i, v := range n.Content {
		ok = c.check(v, elem, path+"["+strconv.Itoa(i)+"]", depth+1) && ok
	}
	return ok
}

func (c shapeChecker) mapping(n *yaml.Node, elem reflect.Type, path string, depth int) bool {
	if n.Kind != yaml.MappingNode {
		c.ps.add(path, "expected a mapping of names to entries, found %s", describe(n))
		return false
	}
	ok := c.unique(n, path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			c.ps.marks[path] = mark{k.Line, k.Column}
			c.ps.add(path, "a name must be plain text, found %s", describe(k))
			ok = false
			continue
		}
		ok = c.check(v, elem, join(path, k.Value), depth+1) && ok
	}
	return ok
}

func (c shapeChecker) scalar(n *yaml.Node, t reflect.Type, path string) bool {
	if n.Kind != yaml.ScalarNode {
		c.ps.add(path, "expected a single value, found %s", describe(n))
		return false
	}
	if looksSecret(n.Value) {
		c.ps.add(path, "%s", textProblem(n.Value, false))
		return false
	}
	switch t.Kind() {
	case reflect.Bool:
		if n.Tag != "!!bool" && !yamlBoolWords[strings.ToLower(n.Value)] {
			c.ps.add(path, "%q is not true or false", n.Value)
			return false
		}
	case reflect.Int:
		if n.Tag != "!!int" {
			c.ps.add(path, "%q is not a whole number", n.Value)
			return false
		}
		if _, err := strconv.Atoi(n.Value); err != nil {
			c.ps.add(path, "%q is not a whole number in range", n.Value)
			return false
		}
	case reflect.String:
		if n.Tag == "!!binary" {
			c.ps.add(path, "binary data is not allowed here")
			return false
		}
	}
	return true
}

// unique reports keys given twice in one mapping.
func (c shapeChecker) unique(n *yaml.Node, path string) bool {
	seen := map[string]int{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if first, dup := seen[k.Value]; dup {
			c.ps.list = append(c.ps.list, Problem{Path: join(path, k.Value), Line: k.Line, Column: k.Column,
				Message: fmt.Sprintf("%q is given twice (first at line %d); keep one", k.Value, first)})
			// yaml.v3 stops decoding at a repeated key: what it decoded is
			// incomplete, so checking it would report fields as missing.
			c.ps.undecodable = true
			ok = false
			continue
		}
		seen[k.Value] = k.Line
	}
	return ok
}

// yamlBoolWords are the YAML 1.1 booleans yaml.v3 accepts into a bool field.
var yamlBoolWords = map[string]bool{"y": true, "yes": true, "n": true, "no": true, "on": true, "off": true}

// yamlFields maps the YAML keys of struct type t to its fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	fields := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		fields[name] = f
	}
	return fields
}

func unknownKey(key string, fields map[string]reflect.StructField) string {
	if secretKey(key) {
		return "a profile never holds secrets — remove " + strconv.Quote(key) + "; almwiz creates the client secret itself and never writes it to a file"
	}
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	msg := "unknown key " + strconv.Quote(key)
	if s := closest(key, names); s != "" {
		return msg + " — did you mean " + strconv.Quote(s) + "?"
	}
	return msg + "; expected one of " + strings.Join(names, ", ")
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if len(n.Value) > 40 {
		return strconv.Quote(n.Value[:40] + "…")
	}
	return strconv.Quote(n.Value)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// kindOf returns the value of the root mapping's kind key.
func kindOf(root *yaml.Node) string {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "kind" {
			return root.Content[i+1].Value
		}
	}
	return ""
}
