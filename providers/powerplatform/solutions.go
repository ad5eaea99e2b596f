package powerplatform

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Unique names of the solutions the installer imports.
const (
	SolutionCreatorKit     = "CreatorKitCore"
	SolutionALMAccelerator = "CenterofExcellenceALMAccelerator"
)

// Solution is a solution installed in an environment.
type Solution struct {
	ID           string `json:"solutionid"`
	UniqueName   string `json:"uniquename"`
	FriendlyName string `json:"friendlyname"`
	Version      string `json:"version"`
	Managed      bool   `json:"ismanaged"`
}

// Solution finds an installed solution by unique name.
func (d *Dataverse) Solution(ctx context.Context, uniqueName string) (Solution, bool, error) {
	op := fmt.Sprintf("find solution %q", uniqueName)
	var list rows[Solution]
	path := query("solutions", "$select", "solutionid,uniquename,friendlyname,version,ismanaged", "$filter", "uniquename eq "+quote(uniqueName))
	if err := d.get(ctx, op, path, &list); err != nil {
		return Solution{}, false, err
	}
	for _, s := range list.Value {
		if strings.EqualFold(s.UniqueName, uniqueName) {
			return s, true, nil
		}
	}
	return Solution{}, false, nil
}

// SolutionPackage is what a solution zip's solution.xml says about it.
type SolutionPackage struct {
	UniqueName string
	Version    string
	Managed    bool
	Requires   []string // unique names of solutions that must be installed first
}

// solutionManifest is the part of solution.xml almwiz reads.
type solutionManifest struct {
	Manifest struct {
		UniqueName          string `xml:"UniqueName"`
		Version             string `xml:"Version"`
		Managed             int    `xml:"Managed"`
		MissingDependencies []struct {
			Required struct {
				Solution string `xml:"solution,attr"` // "<unique name> (<version>)"
			} `xml:"Required"`
		} `xml:"MissingDependencies>MissingDependency"`
	} `xml:"SolutionManifest"`
}

// ReadSolutionZip reads a solution zip's name, version and dependencies
// without importing it.
func ReadSolutionZip(data []byte) (SolutionPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return SolutionPackage{}, fmt.Errorf("read solution zip: %w", err)
	}
	f, err := zr.Open("solution.xml")
	if err != nil {
		return SolutionPackage{}, fmt.Errorf("read solution zip: no solution.xml: %w", err)
	}
	defer f.Close()
	var m solutionManifest
	if err := xml.NewDecoder(io.LimitReader(f, 16<<20)).Decode(&m); err != nil {
		return SolutionPackage{}, fmt.Errorf("read solution zip: solution.xml: %w", err)
	}
	if m.Manifest.UniqueName == "" || m.Manifest.Version == "" {
		return SolutionPackage{}, fmt.Errorf("read solution zip: solution.xml names no solution or version")
	}
	pkg := SolutionPackage{UniqueName: m.Manifest.UniqueName, Version: m.Manifest.Version, Managed: m.Manifest.Managed == 1}
	for _, dep := range m.Manifest.MissingDependencies {
		if name, _, _ := strings.Cut(dep.Required.Solution, " ("); name != "" && !containsFold(pkg.Requires, name) {
			pkg.Requires = append(pkg.Requires, name)
		}
	}
	return pkg, nil
}

// CompareVersions compares dotted solution versions (1.0.20240305.1)
// number by number: -1 when a is older than b, 0 when equal, 1 when newer.
// A missing part counts as 0.
func CompareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		na, nb := versionPart(pa, i), versionPart(pb, i)
		switch {
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
	}
	return 0
}

func versionPart(parts []string, i int) int64 {
	if i >= len(parts) {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(parts[i]), 10, 64)
	return n
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
