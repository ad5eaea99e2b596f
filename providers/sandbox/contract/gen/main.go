// Command gen rebuilds the contract table from the specs under testdata/specs
// and the generated part of DIFFERENCES.md: run `go generate
// ./providers/sandbox/contract`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"almwiz/providers/sandbox/contract"
	"almwiz/providers/sandbox/contract/extract"
)

func main() {
	specs := flag.String("specs", "../../../testdata/specs", "directory of the official specs")
	out := flag.String("out", "table.json", "table to write")
	differences := flag.String("differences", "../DIFFERENCES.md", "differences file whose route list to refresh")
	flag.Parse()
	if err := run(*specs, *out, *differences); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(specs, out, differences string) error {
	t, err := extract.Build(specs)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(t, "", "")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	doc, err := os.ReadFile(differences)
	if err != nil {
		return err
	}
	updated, err := contract.RenderUnspecified(string(doc))
	if err != nil {
		return err
	}
	return os.WriteFile(differences, []byte(updated), 0o644)
}
