package contract

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// validator walks a decoded body along its schema.
type validator struct {
	t *Table
	// foldCase matches property names case-insensitively (Azure DevOps
	// binds JSON with Json.NET, which does); Graph matches them exactly
	// and refuses with its own messages.
	foldCase bool
}

// validate reports the first problem of value against s, "" when none.
func (c *validator) validate(value any, s *Schema, at string) string {
	s = c.t.resolve(s)
	if s == nil || value == nil {
		return ""
	}
	if msg := c.checkType(value, s, at); msg != "" {
		return msg
	}
	switch v := value.(type) {
	case map[string]any:
		return c.object(v, s, at)
	case []any:
		for i, item := range v {
			if msg := c.validate(item, s.Items, fmt.Sprintf("%s[%d]", at, i)); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// object checks every member of an object, in name order.
func (c *validator) object(v map[string]any, s *Schema, at string) string {
	if s.Open || (s.Props == nil && s.Values == nil) {
		return ""
	}
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !c.foldCase && strings.Contains(name, "@odata.") {
			continue // instance annotations and @odata.bind
		}
		prop := c.property(s, name)
		if prop == nil && s.Values != nil {
			prop = s.Values
		}
		if prop == nil {
			return c.unknown(name, s, at)
		}
		if prop.ReadOnly {
			return c.readOnly(name, at)
		}
		if msg := c.validate(v[name], prop, at+"."+name); msg != "" {
			return msg
		}
	}
	return ""
}

func (c *validator) property(s *Schema, name string) *Schema {
	if p, ok := s.Props[name]; ok || !c.foldCase {
		return p
	}
	for k, p := range s.Props {
		if strings.EqualFold(k, name) {
			return p
		}
	}
	return nil
}

func (c *validator) unknown(name string, s *Schema, at string) string {
	if c.foldCase {
		return fmt.Sprintf("Property '%s' at %s is not a member of %s in the 7.1 REST API.", name, at, typeName(s, at))
	}
	return fmt.Sprintf("Property '%s' does not exist as a declared property or extension property.", name)
}

func (c *validator) readOnly(name, at string) string {
	if c.foldCase {
		return fmt.Sprintf("Property '%s' at %s is read-only.", name, at)
	}
	return fmt.Sprintf("Property '%s' is read-only and cannot be set.", name)
}

func typeName(s *Schema, at string) string {
	if s.Title != "" {
		return s.Title
	}
	return "the schema of " + at
}

// jsonKind names a decoded value's JSON kind as the OData reader does.
func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "StartObject"
	case []any:
		return "StartArray"
	}
	return "PrimitiveValue"
}

// checkType compares a value's JSON kind with the schema's type. Azure
// DevOps (Json.NET) converts between primitive kinds, so only structure is
// checked there; Graph checks primitive types as well.
func (c *validator) checkType(value any, s *Schema, at string) string {
	want := map[string]string{"object": "StartObject", "array": "StartArray"}[s.Type]
	if want == "" && s.Type != "" {
		want = "PrimitiveValue"
	}
	if s.Type == "object" && s.Props == nil && s.Values == nil {
		want = "" // an untyped object: any JSON
	}
	got := jsonKind(value)
	if want != "" && got != want {
		return fmt.Sprintf("An unexpected '%s' node was found when reading %s from the JSON reader. A '%s' node was expected.", got, at, want)
	}
	if c.foldCase || got != "PrimitiveValue" {
		return ""
	}
	if !primitiveFits(value, s.Type) {
		return fmt.Sprintf("Cannot convert the literal at %s to the expected type 'Edm.%s'.", at, edmType(s.Type))
	}
	return ""
}

func primitiveFits(v any, ty string) bool {
	switch ty {
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		_, err := n.Int64()
		return ok && err == nil
	case "number":
		_, ok := v.(json.Number)
		return ok
	}
	return true
}

func edmType(ty string) string {
	return map[string]string{"string": "String", "boolean": "Boolean", "integer": "Int32", "number": "Double"}[ty]
}
