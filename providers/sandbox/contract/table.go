// Package contract checks the requests the sandbox receives against the
// official API descriptions of the services it emulates: every Azure DevOps
// request against the REST API 7.1 OpenAPI (MicrosoftDocs/vsts-rest-api-specs,
// copied under testdata/specs/azure-devops) — route, method, api-version and
// body — and every Microsoft Graph request body against the Graph v1.0
// extract (testdata/specs/graph). A request outside the contract is refused
// with the service's own 400 error shape and recorded, so the test that sent
// it fails even when the provider would have carried on.
//
// The sandbox binary does not carry the 2.5 MB of specs: table.json is a
// compact extract (routes, methods, versions, body property sets) that
// `go generate` rebuilds from testdata/specs; a test fails when it is stale.
package contract

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"sync"
)

//go:generate go run ./gen -specs ../../../testdata/specs -out table.json -differences ../DIFFERENCES.md

//go:embed table.json
var tableJSON []byte

// Table is what the checks compare requests with.
type Table struct {
	// DevOps lists every Azure DevOps operation of the 7.1 specs.
	DevOps []Operation `json:"devops"`
	// Graph lists every Graph operation of the extract that takes a body.
	Graph []Operation `json:"graph"`
	// Schemas holds the body schemas by name ("devops:Name", "graph:Name"),
	// with allOf flattened; properties refer to each other by name.
	Schemas map[string]*Schema `json:"schemas"`

	graphOnce sync.Once
	graphRes  []*regexp.Regexp
	routeOnce sync.Once
	routeSegs [][]string // routeSegs[i] is DevOps[i].Route split at "/"
}

// Operation is one method on one route.
type Operation struct {
	// Host is the real host of an Azure DevOps operation: dev.azure.com,
	// vssps.dev.azure.com or extmgmt.dev.azure.com.
	Host   string `json:"host,omitempty"`
	Method string `json:"method"`
	// Route is the path after the organization (Azure DevOps) or after
	// /v1.0 (Graph), lower-case, parameters as {} ({*} takes the rest).
	Route string `json:"route"`
	// Version is the operation's api-version, e.g. "7.1" or "7.1-preview.1".
	Version string `json:"version,omitempty"`
	// Body is the request body's schema; nil when the operation takes none.
	Body         *Schema `json:"body,omitempty"`
	BodyRequired bool    `json:"bodyRequired,omitempty"`
	// Spec is the file the operation comes from, for messages.
	Spec string `json:"spec"`
}

// Schema is the part of a JSON schema the checks use.
type Schema struct {
	Ref   string             `json:"ref,omitempty"`  // another schema by name
	Type  string             `json:"type,omitempty"` // object, array, string, integer, number, boolean; "" is anything
	Title string             `json:"title,omitempty"`
	Props map[string]*Schema `json:"props,omitempty"`
	// Values is the schema of every member of a dictionary
	// (additionalProperties); Open accepts any member.
	Values   *Schema `json:"values,omitempty"`
	Open     bool    `json:"open,omitempty"`
	Items    *Schema `json:"items,omitempty"`
	ReadOnly bool    `json:"readOnly,omitempty"`
}

var (
	loadOnce sync.Once
	loaded   *Table
)

// Embedded is the table compiled into the binary.
func Embedded() *Table {
	loadOnce.Do(func() {
		loaded = &Table{}
		if err := json.Unmarshal(tableJSON, loaded); err != nil {
			panic("contract: embedded table.json: " + err.Error())
		}
	})
	return loaded
}

// resolve follows a schema's reference.
func (t *Table) resolve(s *Schema) *Schema {
	for i := 0; s != nil && s.Ref != "" && i < 8; i++ {
		s = t.Schemas[s.Ref]
	}
	return s
}
