package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"almwiz/providers/sandbox/contract"
)

// graphExtract is the file name of the Graph v1.0 extract.
const graphExtract = "graph-v1.0-installer-subset.openapi.yaml"

func addGraph(t *contract.Table, specDir string) error {
	raw, err := os.ReadFile(filepath.Join(specDir, "graph", graphExtract))
	if err != nil {
		return err
	}
	var doc struct {
		Paths      map[string]map[string]any `yaml:"paths"`
		Components struct {
			Schemas       map[string]map[string]any `yaml:"schemas"`
			RequestBodies map[string]map[string]any `yaml:"requestBodies"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", graphExtract, err)
	}
	c := &converter{t: t, prefix: "graph:", defs: doc.Components.Schemas, refBase: "#/components/schemas/", graph: true}
	for path, methods := range doc.Paths {
		for method, v := range methods {
			op, _ := v.(map[string]any)
			body, _ := op["requestBody"].(map[string]any)
			if body == nil {
				continue
			}
			if r, ok := body["$ref"].(string); ok {
				body = doc.Components.RequestBodies[strings.TrimPrefix(r, "#/components/requestBodies/")]
			}
			schema := jsonSchema(body)
			if schema == nil {
				continue
			}
			required, _ := body["required"].(bool)
			t.Graph = append(t.Graph, contract.Operation{Method: strings.ToUpper(method), Route: normalRoute(path),
				Body: c.property(schema), BodyRequired: required, Spec: graphExtract})
		}
	}
	return nil
}

// jsonSchema is a request body's application/json schema.
func jsonSchema(body map[string]any) map[string]any {
	content, _ := body["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	return schema
}
