package powerplatform

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
)

// Unique names of the solutions the installer imports.
const (
	almSolution        = "CenterofExcellenceALMAccelerator"
	creatorKitSolution = "CreatorKitCore"
)

// customConnectorOAuthTemplate is the connector's connectionparameters as
// shipped: OAuth 2.0 against Microsoft Entra ID with no client configured.
const customConnectorOAuthTemplate = `{"token":{"type":"oauthSetting","oAuthSettings":{"identityProvider":"aad",` +
	`"clientId":"","scopes":[],"redirectMode":"Global","redirectUrl":"https://global.consent.azure-apim.net/redirect",` +
	`"properties":{"IsFirstParty":"False","AzureActiveDirectoryResourceId":"499b84ac-1321-427f-aa17-267ca6975798"},` +
	`"customParameters":{"loginUri":{"value":"https://login.windows.net"},"tenantId":{"value":"common"},` +
	`"resourceUri":{"value":"499b84ac-1321-427f-aa17-267ca6975798"},"enableOnbehalfOfLogin":{"value":"false"}}}}}`

// standInSolutions are the tiny solutions the sandbox's GitHub releases
// carry in place of the real ones: real unique names, versions and the
// components the installer touches after the import, nothing else.
var standInSolutions = []solutionPackage{
	{
		UniqueName: creatorKitSolution, FriendlyName: "Creator Kit", Version: "1.0.20240311.1", Managed: true,
		Publisher: "PowerCAT", Prefix: "cat",
	},
	{
		UniqueName: almSolution, FriendlyName: "Center of Excellence - ALM Accelerator", Version: "1.0.20240305.1",
		Managed: true, Publisher: "catteam", Prefix: "cat", Requires: []string{creatorKitSolution},
		Components: customizationsXML{
			Roles: []roleXML{{"8e4a1b6c-7f1d-4d1c-9a3e-4b5f6a7b8c01", roleALMPowerAppAccess},
				{"8e4a1b6c-7f1d-4d1c-9a3e-4b5f6a7b8c02", "ALM Power App Deployment Configuration"}},
			CanvasApps: []canvasAppXML{{"cat_poweropsdevopsedition_7f3f4", "ALM Accelerator for Power Platform", "2024-03-05T00:00:00Z"}},
			Connectors: []connectorXML{{"cat_5Fcustomazuredevops", "CustomAzureDevOps", customConnectorOAuthTemplate}},
			ConnectionReferences: []connRefXML{
				{"cat_CDSDevOps", "CDS DevOps", "/providers/Microsoft.PowerApps/apis/shared_commondataservice"},
				{"cat_sharedcommondataserviceforapps_3bba0", "Microsoft Dataverse", "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps"},
				{"cat_sharedpowerappsforappmakers_c4094", "Power Apps for Makers", "/providers/Microsoft.PowerApps/apis/shared_powerappsforappmakers"},
				{"cat_sharedwebcontents_0df3a", "HTTP with Azure AD", "/providers/Microsoft.PowerApps/apis/shared_webcontents"},
			},
			Workflows: almFlows(),
		},
	},
}

// almFlows are a few of the accelerator's cloud flows (category 5, modern flow).
func almFlows() []workflowXML {
	names := []string{"GetEnvironmentSolutions", "GetSolutionConnectionReferences", "GetSolutionFlows",
		"SearchAADGroups", "SearchDeploymentEnvironmentTeams", "ParseDeploymentSettings", "GetPipelineRunResult"}
	out := make([]workflowXML, len(names))
	for i, n := range names {
		out[i] = workflowXML{ID: fmt.Sprintf("5b1c2d3e-4f50-4a6b-8c7d-%012d", i+1), Name: n, Category: 5, Type: 1}
	}
	return out
}

// zipFileName is the release asset name of a stand-in solution.
func (p solutionPackage) zipFileName() string {
	return p.UniqueName + "_" + p.Version + "_managed.zip"
}

// buildSolutionZip writes p as a solution zip: [Content_Types].xml,
// solution.xml and customizations.xml.
func buildSolutionZip(p solutionPackage) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(name string, data []byte) {
		f, _ := zw.Create(name)
		_, _ = f.Write(data)
	}
	write("[Content_Types].xml", []byte(xml.Header+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="xml" ContentType="application/octet-stream" /></Types>`))
	write("solution.xml", marshalXML(p.manifest()))
	write("customizations.xml", marshalXML(p.Components))
	_ = zw.Close() // writing to memory cannot fail
	return buf.Bytes()
}

func (p solutionPackage) manifest() solutionXML {
	var s solutionXML
	s.Version = "9.2.24021.207"
	m := &s.Manifest
	m.UniqueName, m.Version, m.Managed = p.UniqueName, p.Version, 1
	m.LocalizedNames.Names = []localizedName{{p.FriendlyName, 1033}}
	m.Publisher.UniqueName, m.Publisher.Prefix = p.Publisher, p.Prefix
	for _, req := range p.Requires {
		var dep missingDependency
		dep.Required.Solution = req + " (1.0.0.0)"
		m.MissingDependencies.Items = append(m.MissingDependencies.Items, dep)
	}
	return s
}

func marshalXML(v any) []byte {
	data, _ := xml.MarshalIndent(v, "", "  ") // fixed, marshalable types
	return append([]byte(xml.Header), data...)
}
