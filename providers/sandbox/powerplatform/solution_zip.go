package powerplatform

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// solutionXML is solution.xml: the manifest a solution zip carries.
type solutionXML struct {
	XMLName  xml.Name `xml:"ImportExportXml"`
	Version  string   `xml:"version,attr"`
	Manifest struct {
		UniqueName     string `xml:"UniqueName"`
		LocalizedNames struct {
			Names []localizedName `xml:"LocalizedName"`
		} `xml:"LocalizedNames"`
		Version   string `xml:"Version"`
		Managed   int    `xml:"Managed"`
		Publisher struct {
			UniqueName string `xml:"UniqueName"`
			Prefix     string `xml:"CustomizationPrefix"`
		} `xml:"Publisher"`
		MissingDependencies struct {
			Items []missingDependency `xml:"MissingDependency"`
		} `xml:"MissingDependencies"`
	} `xml:"SolutionManifest"`
}

// missingDependency names a solution that must be installed first.
type missingDependency struct {
	Required struct {
		Solution string `xml:"solution,attr"` // "<unique name> (<version>)"
	} `xml:"Required"`
}

type localizedName struct {
	Description  string `xml:"description,attr"`
	LanguageCode int    `xml:"languagecode,attr"`
}

// customizationsXML is the part of customizations.xml the emulator reads:
// the components an import creates.
type customizationsXML struct {
	XMLName              xml.Name       `xml:"ImportExportXml"`
	Roles                []roleXML      `xml:"Roles>Role"`
	Workflows            []workflowXML  `xml:"Workflows>Workflow"`
	ConnectionReferences []connRefXML   `xml:"connectionreferences>connectionreference"`
	CanvasApps           []canvasAppXML `xml:"CanvasApps>CanvasApp"`
	Connectors           []connectorXML `xml:"Connectors>Connector"`
}

type roleXML struct {
	ID   string `xml:"id,attr"`
	Name string `xml:"name,attr"`
}

type workflowXML struct {
	ID       string `xml:"WorkflowId,attr"`
	Name     string `xml:"Name,attr"`
	Category int    `xml:"Category"`
	Type     int    `xml:"Type"`
}

type connRefXML struct {
	LogicalName string `xml:"connectionreferencelogicalname,attr"`
	DisplayName string `xml:"connectionreferencedisplayname"`
	ConnectorID string `xml:"connectorid"`
}

type canvasAppXML struct {
	Name        string `xml:"Name"`
	DisplayName string `xml:"DisplayName"`
	AppVersion  string `xml:"AppVersion"`
}

type connectorXML struct {
	Name                 string `xml:"name"`
	DisplayName          string `xml:"displayname"`
	ConnectionParameters string `xml:"connectionparameters"`
}

// solutionPackage is what an import learns from a solution zip.
type solutionPackage struct {
	UniqueName   string            `json:"uniqueName"`
	FriendlyName string            `json:"friendlyName"`
	Version      string            `json:"version"`
	Managed      bool              `json:"managed"`
	Publisher    string            `json:"publisher"`
	Prefix       string            `json:"prefix"`
	Requires     []string          `json:"requires,omitempty"` // unique names of solutions it depends on
	Components   customizationsXML `json:"components"`
}

// readSolutionZip parses a solution zip; the error says what is wrong with it
// in the words of a failed import.
func readSolutionZip(data []byte) (*solutionPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("the solution file is not a valid compressed (zip) file: %w", err)
	}
	var sol solutionXML
	if err := readZipXML(zr, "solution.xml", &sol); err != nil {
		return nil, err
	}
	m := sol.Manifest
	if m.UniqueName == "" || m.Version == "" {
		return nil, errors.New("the solution manifest (solution.xml) has no UniqueName or Version")
	}
	pkg := &solutionPackage{UniqueName: m.UniqueName, Version: m.Version, Managed: m.Managed == 1,
		Publisher: m.Publisher.UniqueName, Prefix: m.Publisher.Prefix, FriendlyName: m.UniqueName}
	if len(m.LocalizedNames.Names) > 0 {
		pkg.FriendlyName = m.LocalizedNames.Names[0].Description
	}
	for _, dep := range m.MissingDependencies.Items {
		name, _, _ := strings.Cut(dep.Required.Solution, " (")
		if name != "" {
			pkg.Requires = append(pkg.Requires, name)
		}
	}
	if err := readZipXML(zr, "customizations.xml", &pkg.Components); err != nil {
		return nil, err
	}
	return pkg, nil
}

func readZipXML(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return fmt.Errorf("the solution file has no %s", name)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err == nil {
		err = xml.Unmarshal(data, v)
	}
	if err != nil {
		return fmt.Errorf("%s is not valid: %w", name, err)
	}
	return nil
}
