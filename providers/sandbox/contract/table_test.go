package contract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"almwiz/providers/sandbox/contract"
	"almwiz/providers/sandbox/contract/extract"
)

const specDir = "../../../testdata/specs"

func TestTheEmbeddedTableIsUpToDateWithTheSpecs(t *testing.T) {
	built, err := extract.Build(specDir)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(built, "", "")
	have, err := os.ReadFile("table.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(have), want) {
		t.Fatal("table.json is out of date with testdata/specs: run go generate ./providers/sandbox/contract")
	}
	if len(built.DevOps) < 300 || len(built.Graph) < 20 {
		t.Errorf("the table has %d Azure DevOps and %d Graph operations; the specs have more", len(built.DevOps), len(built.Graph))
	}
}

func TestDifferencesListsTheUnspecifiedRoutes(t *testing.T) {
	doc, err := os.ReadFile("../DIFFERENCES.md")
	if err != nil {
		t.Fatal(err)
	}
	rendered, err := contract.RenderUnspecified(string(doc))
	if err != nil {
		t.Fatal(err)
	}
	if rendered != string(doc) {
		t.Fatal("DIFFERENCES.md does not list unspecified.go's routes: run go generate ./providers/sandbox/contract")
	}
	for _, u := range contract.UnspecifiedRoutes() {
		if u.Source == "" || u.Route == "" || u.Methods == "" {
			t.Errorf("%+v lacks a route, methods or source", u)
		}
	}
}
