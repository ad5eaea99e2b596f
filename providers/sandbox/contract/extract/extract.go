// Package extract builds the contract table from the official descriptions
// copied under testdata/specs. Only the generator and the contract tests use
// it, so the sandbox binary carries the compact table, not the specs.
package extract

import (
	"regexp"
	"sort"
	"strings"

	"almwiz/providers/sandbox/contract"
)

// Build reads the Azure DevOps specs and the Graph extract under specDir.
func Build(specDir string) (*contract.Table, error) {
	t := &contract.Table{Schemas: map[string]*contract.Schema{}}
	if err := addDevOps(t, specDir); err != nil {
		return nil, err
	}
	if err := addGraph(t, specDir); err != nil {
		return nil, err
	}
	for _, ops := range [][]contract.Operation{t.DevOps, t.Graph} {
		sort.SliceStable(ops, func(i, j int) bool {
			a, b := ops[i], ops[j]
			if a.Host+a.Route+a.Method != b.Host+b.Route+b.Method {
				return a.Host+a.Route+a.Method < b.Host+b.Route+b.Method
			}
			return a.Spec+a.Version < b.Spec+b.Version
		})
	}
	return t, nil
}

var paramRe = regexp.MustCompile(`\{(\*?)[^}]*\}`)

// normalRoute lower-cases a path, drops a query-string disambiguator and
// blanks parameter names: "{project}" becomes "{}", "{*path}" "{*}".
func normalRoute(p string) string {
	p, _, _ = strings.Cut(p, "?")
	return paramRe.ReplaceAllString(strings.ToLower(strings.Trim(p, "/")), "{$1}")
}

// converter turns one document's schemas into table schemas, adding every
// schema a body reaches to the table under prefix+name.
type converter struct {
	t       *contract.Table
	prefix  string
	defs    map[string]map[string]any
	refBase string // "#/definitions/" or "#/components/schemas/"
	// any names schemas that stand for arbitrary JSON (JObject, JToken).
	any map[string]bool
	// graph: annotations allowed, additionalProperties ignored (every
	// Graph type declares it for instance annotations), anyOf/oneOf read.
	graph bool
	// subtypes lists, by definition, the definitions that derive from it
	// (allOf its reference): a body may carry any of them, as Json.NET
	// binds BuildProcess to YamlProcess by its type.
	subtypes map[string][]string
}

// derived indexes which definitions derive from which.
func derived(defs map[string]map[string]any, refBase string) map[string][]string {
	out := map[string][]string{}
	for name, d := range defs {
		for _, m := range list(d["allOf"]) {
			if r, ok := m["$ref"].(string); ok {
				base := strings.TrimPrefix(r, refBase)
				out[base] = append(out[base], name)
			}
		}
	}
	for _, subs := range out {
		sort.Strings(subs)
	}
	return out
}

func (c *converter) ref(raw string) *contract.Schema {
	name := strings.TrimPrefix(raw, c.refBase)
	if c.any[name] {
		return &contract.Schema{}
	}
	key := c.prefix + name
	if _, done := c.t.Schemas[key]; !done {
		c.t.Schemas[key] = &contract.Schema{} // placeholder breaks cycles
		s := c.flatten(c.defs[name], 0)
		for _, sub := range c.subtypes[name] {
			sc := c.flatten(c.defs[sub], 1)
			sc.Title = s.Title
			merge(s, sc)
		}
		*c.t.Schemas[key] = *s
	}
	return &contract.Schema{Ref: key}
}

// flatten converts a schema, merging allOf members into one.
func (c *converter) flatten(raw map[string]any, depth int) *contract.Schema {
	out := &contract.Schema{}
	if raw == nil || depth > 16 {
		return out
	}
	if r, ok := raw["$ref"].(string); ok {
		if depth == 0 {
			return c.ref(r)
		}
		name := strings.TrimPrefix(r, c.refBase)
		if c.any[name] {
			return out
		}
		return c.flatten(c.defs[name], depth+1)
	}
	for _, m := range list(raw["allOf"]) {
		merge(out, c.flatten(m, depth+1))
	}
	if c.graph {
		for _, key := range []string{"anyOf", "oneOf"} {
			if alts := list(raw[key]); len(alts) > 0 {
				merge(out, c.alternative(alts))
			}
		}
	}
	c.own(out, raw)
	return out
}

// alternative picks the referenced schema of a Graph anyOf/oneOf (the
// others are the null or string forms of the same value).
func (c *converter) alternative(alts []map[string]any) *contract.Schema {
	for _, a := range alts {
		if r, ok := a["$ref"].(string); ok {
			return c.ref(r)
		}
	}
	return &contract.Schema{}
}

// own adds a schema's own type, title, properties, items and dictionary values.
func (c *converter) own(out *contract.Schema, raw map[string]any) {
	if ty, ok := raw["type"].(string); ok && (out.Type == "" || ty != "object") {
		out.Type = ty
	}
	if title, ok := raw["title"].(string); ok {
		out.Title = title
	}
	if items, ok := raw["items"].(map[string]any); ok {
		out.Items = c.property(items)
	}
	if props, ok := raw["properties"].(map[string]any); ok && len(props) > 0 {
		if out.Props == nil {
			out.Props = map[string]*contract.Schema{}
		}
		for name, p := range props {
			if pm, ok := p.(map[string]any); ok {
				out.Props[name] = c.property(pm)
			}
		}
	}
	if c.graph {
		return
	}
	switch ap := raw["additionalProperties"].(type) {
	case bool:
		out.Open = ap
	case map[string]any:
		if len(ap) == 0 {
			out.Open = true
		} else {
			out.Values = c.property(ap)
		}
	}
}

// property converts a property's schema: a reference stays a reference.
func (c *converter) property(raw map[string]any) *contract.Schema {
	var s *contract.Schema
	if r, ok := raw["$ref"].(string); ok {
		s = c.ref(r)
	} else {
		s = c.flatten(raw, 1)
	}
	if ro, _ := raw["readOnly"].(bool); ro || (c.graph && readOnlyByDescription(raw)) {
		s.ReadOnly = true
	}
	return s
}

// readOnlyByDescription: the Graph description marks most read-only
// properties in the text ("Not nullable. Read-only."), not with readOnly;
// navigation properties (set by @odata.bind, not as members) are left out.
func readOnlyByDescription(raw map[string]any) bool {
	d, _ := raw["description"].(string)
	if _, nav := raw["x-ms-navigationProperty"]; nav {
		return false
	}
	return strings.Contains(d, "Read-only.") || strings.Contains(d, "Read-only ")
}

func merge(dst, src *contract.Schema) {
	if src.Ref != "" {
		dst.Ref = src.Ref
	}
	if src.Type != "" && (dst.Type == "" || dst.Type == "object") {
		dst.Type = src.Type
	}
	if src.Items != nil {
		dst.Items = src.Items
	}
	if src.Values != nil {
		dst.Values = src.Values
	}
	dst.Open = dst.Open || src.Open
	if src.Title != "" {
		dst.Title = src.Title
	}
	for k, v := range src.Props {
		if dst.Props == nil {
			dst.Props = map[string]*contract.Schema{}
		}
		dst.Props[k] = v
	}
}

// list reads a JSON or YAML array of objects.
func list(v any) []map[string]any {
	var out []map[string]any
	items, _ := v.([]any)
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
