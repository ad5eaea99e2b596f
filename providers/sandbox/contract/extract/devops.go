package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"almwiz/providers/sandbox/contract"
)

// devopsSpec is the part of a vsts-rest-api-specs document the table uses.
type devopsSpec struct {
	Host        string                               `json:"host"`
	Paths       map[string]map[string]map[string]any `json:"paths"`
	XPaths      map[string]map[string]map[string]any `json:"x-ms-paths"`
	Definitions map[string]map[string]any            `json:"definitions"`
}

// devopsAny are the definitions that stand for arbitrary JSON on the wire.
var devopsAny = map[string]bool{"JObject": true, "JToken": true, "Object": true, "VssJsonCollectionWrapper": true}

func addDevOps(t *contract.Table, specDir string) error {
	files, err := filepath.Glob(filepath.Join(specDir, "azure-devops", "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no Azure DevOps specs under %s", specDir)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var spec devopsSpec
		if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")), &spec); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		name := specName(f)
		c := &converter{t: t, prefix: "devops:" + name + ":", defs: spec.Definitions, refBase: "#/definitions/", any: devopsAny,
			subtypes: derived(spec.Definitions, "#/definitions/")}
		for _, paths := range []map[string]map[string]map[string]any{spec.Paths, spec.XPaths} {
			for path, methods := range paths {
				for method, op := range methods {
					t.DevOps = append(t.DevOps, devopsOperation(c, spec.Host, path, method, op, name))
				}
			}
		}
	}
	return nil
}

// specName is a spec file's short name, e.g. "git" for
// MicrosoftDocs__vsts-rest-api-specs__specification__git__7.1__git.json.
func specName(f string) string {
	base := strings.TrimSuffix(filepath.Base(f), ".json")
	return base[strings.LastIndex(base, "__")+2:]
}

func devopsOperation(c *converter, host, path, method string, op map[string]any, spec string) contract.Operation {
	out := contract.Operation{
		Host: host, Method: strings.ToUpper(method), Spec: spec,
		Route: normalRoute(strings.TrimPrefix(path, "/{organization}")),
	}
	out.Version, _ = op["x-ms-docs-override-version"].(string)
	for _, p := range list(op["parameters"]) {
		if p["in"] != "body" {
			continue
		}
		schema, _ := p["schema"].(map[string]any)
		out.Body = c.property(schema)
		out.BodyRequired, _ = p["required"].(bool)
	}
	return out
}
