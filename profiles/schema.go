package profiles

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// SchemaID is the JSON Schema's $id.
const SchemaID = "urn:almwiz:schema:install-profile:v1"

// JSONSchema returns the JSON Schema (draft 2020-12) of an install profile,
// derived from the Profile type so it cannot drift from what Load accepts.
func JSONSchema() ([]byte, error) {
	s := schemaOf(reflect.TypeOf(Profile{}))
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "almwiz install profile"
	s["description"] = "One ALM Accelerator for Power Platform installation. Holds no secret."
	props := s["properties"].(map[string]any)
	props["apiVersion"].(map[string]any)["const"] = APIVersion
	props["kind"].(map[string]any)["const"] = KindProfile
	props["answers"] = answersSchema()
	return json.MarshalIndent(s, "", "  ")
}

func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if k, ok := reflect.Zero(t).Interface().(keyed); ok {
		return map[string]any{
			"type":                 "object",
			"propertyNames":        map[string]any{"pattern": keyRE.String()},
			"additionalProperties": schemaOf(reflect.TypeOf(k.keyedElem())),
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		return structSchema(t)
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	}
	return map[string]any{"type": "string"}
}

func structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for name, f := range yamlFields(t) {
		fs := schemaOf(f.Type)
		if d := f.Tag.Get("desc"); d != "" {
			fs["description"] = d
		}
		if e := f.Tag.Get("enum"); e != "" {
			addEnum(fs, strings.Split(e, ","))
		}
		if fm := f.Tag.Get("format"); fm != "" {
			fs["format"] = fm
		}
		for _, b := range []string{"min", "max"} {
			if v, err := strconv.Atoi(f.Tag.Get(b)); err == nil {
				fs[map[string]string{"min": "minimum", "max": "maximum"}[b]] = v
			}
		}
		props[name] = fs
		if !strings.Contains(f.Tag.Get("yaml"), "omitempty") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}

func addEnum(s map[string]any, values []string) {
	if items, ok := s["items"].(map[string]any); ok {
		items["enum"] = values
		return
	}
	s["enum"] = values
}

func answersSchema() map[string]any {
	props := map[string]any{}
	for _, q := range Questions {
		var ids []string
		for _, c := range q.Choices {
			ids = append(ids, c.ID)
		}
		props[q.ID] = map[string]any{"type": "string", "enum": ids, "title": q.Title, "description": q.Help}
	}
	return map[string]any{
		"type": "object", "properties": props, "additionalProperties": false,
		"description": "The planning answers, by question id.",
	}
}
