package entra_test

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const graphSpecPath = "../../../testdata/specs/graph/graph-v1.0-installer-subset.openapi.yaml"

// openAPI is the part of an OpenAPI 3 document the contract tests read.
type openAPI struct {
	Paths      map[string]map[string]operation `yaml:"paths"`
	Components struct {
		Schemas   map[string]*schema   `yaml:"schemas"`
		Responses map[string]*response `yaml:"responses"`
	} `yaml:"components"`
}

type operation struct {
	Responses map[string]*response `yaml:"responses"`
}

type response struct {
	Ref     string `yaml:"$ref"`
	Content map[string]struct {
		Schema *schema `yaml:"schema"`
	} `yaml:"content"`
}

type schema struct {
	Ref        string             `yaml:"$ref"`
	AllOf      []*schema          `yaml:"allOf"`
	AnyOf      []*schema          `yaml:"anyOf"`
	Properties map[string]*schema `yaml:"properties"`
	Required   []string           `yaml:"required"`
	Items      *schema            `yaml:"items"`
	Additional any                `yaml:"additionalProperties"`
}

func loadGraphSpec(t *testing.T) *openAPI {
	t.Helper()
	b, err := os.ReadFile(graphSpecPath)
	if err != nil {
		t.Fatalf("read Graph description: %v", err)
	}
	var doc openAPI
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("parse Graph description: %v", err)
	}
	return &doc
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// resolve follows a schema's $ref.
func (d *openAPI) resolve(s *schema) *schema {
	for s != nil && s.Ref != "" {
		s = d.Components.Schemas[refName(s.Ref)]
	}
	return s
}

// properties collects a schema's declared properties through $ref and allOf.
func (d *openAPI) properties(s *schema) (map[string]*schema, []string) {
	s = d.resolve(s)
	props, required := map[string]*schema{}, []string{}
	if s == nil {
		return props, required
	}
	for _, part := range s.AllOf {
		p, r := d.properties(part)
		for k, v := range p {
			props[k] = v
		}
		required = append(required, r...)
	}
	for k, v := range s.Properties {
		props[k] = v
	}
	return props, append(required, s.Required...)
}

// responseSchema is the JSON schema of an operation's answer for a status.
func (d *openAPI) responseSchema(op operation, status int) *schema {
	key := "default"
	if status < 300 {
		key = "2XX"
	}
	r := op.Responses[key]
	if r == nil && status < 300 {
		for code, rr := range op.Responses {
			if strings.HasPrefix(code, "2") {
				r = rr
			}
		}
	}
	for r != nil && r.Ref != "" {
		r = d.Components.Responses[refName(r.Ref)]
	}
	if r == nil {
		return nil
	}
	return r.Content["application/json"].Schema
}

// undeclared lists the top-level properties of body the schema does not
// declare, and the required ones body lacks. Polymorphic collection items
// are checked against the type their @odata.type names.
func (d *openAPI) undeclared(s *schema, body map[string]any) []string {
	props, required := d.properties(s)
	if typ, ok := body["@odata.type"].(string); ok {
		if sub := d.Components.Schemas[strings.TrimPrefix(typ, "#")]; sub != nil {
			props, required = d.properties(sub)
		}
	}
	if len(props) == 0 && s != nil && d.resolve(s) != nil && d.resolve(s).Additional != nil {
		// A free-form object such as innerError ("service-specific"). Every
		// generated Graph schema also says additionalProperties, but one that
		// declares properties is checked against them: the point is to catch
		// invented property names.
		return nil
	}
	var out []string
	for k, v := range body {
		if strings.HasPrefix(k, "@odata.") {
			continue
		}
		ps, ok := props[k]
		if !ok {
			out = append(out, k)
			continue
		}
		out = append(out, d.undeclaredIn(k, ps, v)...)
	}
	for _, k := range required {
		if _, ok := body[k]; !ok {
			out = append(out, "missing "+k)
		}
	}
	return out
}

// undeclaredIn checks nested objects and arrays of objects.
func (d *openAPI) undeclaredIn(name string, s *schema, v any) []string {
	s = d.resolve(s)
	if s != nil && len(s.AnyOf) > 0 {
		for _, alt := range s.AnyOf {
			if d.resolve(alt) != nil && (len(d.resolve(alt).Properties) > 0 || len(d.resolve(alt).AllOf) > 0 || d.resolve(alt).Items != nil) {
				s = d.resolve(alt)
			}
		}
	}
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for _, p := range d.undeclared(s, x) {
			out = append(out, name+"."+p)
		}
	case []any:
		if s == nil || s.Items == nil {
			return nil
		}
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				for _, p := range d.undeclared(s.Items, m) {
					out = append(out, name+"[]."+p)
				}
			}
		}
	}
	return out
}
