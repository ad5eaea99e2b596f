package contract

import (
	"fmt"
	"strings"
)

// Unspecified is a served route that the real service has but the copied
// specs do not describe, with the public source that documents it.
type Unspecified struct {
	Service string // "Azure DevOps", "Power Platform", ...
	Host    string // the real host
	Methods string // e.g. "GET PUT"; "*" for all
	Route   string // as the checks match it: lower-case, parameters {}; for other services a prefix
	Source  string // repository · path, or documentation page
}

// Unspecified is the one list of served routes outside the copied specs.
// The Azure DevOps rows are exempt from the route, version and body checks;
// the other services have no copied OpenAPI, so nothing of theirs is checked.
var unspecified = []Unspecified{
	{"Azure DevOps", "*", "OPTIONS", "_apis",
		"microsoft/azure-devops-go-api · azuredevops/v7/client.go (getResourceLocationsFromServer: OPTIONS {base}/_apis lists the resource locations)"},
	{"Azure DevOps", "*", "GET", "_apis/resourceareas/{}",
		"microsoft/azure-devops-go-api · azuredevops/v7/location/client.go (GetResourceAreas and GetResourceArea, location e81700f7-3be2-46de-8624-2eb35882fcaa; the SDK asks 5.1-preview.1)"},
	{"Azure DevOps", "*", "GET", "_apis/connectiondata",
		"microsoft/azure-devops-go-api · azuredevops/v7/location/client.go (GetConnectionData, location 00d9565f-ed9c-4a06-9a50-00e7896ccab4)"},
	{"Azure DevOps", "vssps.dev.azure.com", "GET", "_apis/identities/{}",
		"microsoft/azure-devops-go-api · azuredevops/v7/identity/client.go (ReadIdentities, location 28010c54-d0c0-4c89-a5b0-1c9e188b9fb7); the CoE CLI's call in shared/reference/coe-cli.md"},
	{"Azure DevOps", "dev.azure.com", "GET PUT PATCH", "_apis/securityroles/scopes/{}/roleassignments/resources/{}",
		"microsoft/coe-starter-kit · coe-cli/src/commands/devops.ts (role assignments of variable groups and service connections, shared/reference/coe-cli.md); location 9461c234-c84c-4ed2-b918-2f0f92ad0a35"},
	{"Azure DevOps", "dev.azure.com", "PUT", "_apis/securityroles/scopes/{}/roleassignments/resources/{}/{}",
		"location 9461c234-c84c-4ed2-b918-2f0f92ad0a35 (SetRoleAssignment, one identity), as above"},
	{"Azure DevOps", "dev.azure.com", "POST", "_apis/contribution/hierarchyquery/{}/{}",
		"the portal's data providers, no REST description; e.g. the AzSK ADO Security Scanner (public, Project control GetPipelineSettingsObj) reads enforceJobAuthScope.orgEnabled from ms.vss-build-web.pipelines-general-settings-data-provider with POST _apis/Contribution/HierarchyQuery[/project/{id}]"},
	{"Azure DevOps", "vsaex.dev.azure.com", "*", "_apis/userentitlements",
		"microsoft/azure-devops-go-api · azuredevops/v7/memberentitlementmanagement/client.go (not among the copied specs)"},
	{"Azure DevOps", "vsaex.dev.azure.com", "*", "_apis/groupentitlements",
		"microsoft/azure-devops-go-api · azuredevops/v7/memberentitlementmanagement/client.go (not among the copied specs)"},
	{"Azure DevOps", "vsaex.dev.azure.com", "GET PATCH DELETE", "_apis/groupentitlements/{}",
		"microsoft/azure-devops-go-api · azuredevops/v7/memberentitlementmanagement/client.go (GetGroupEntitlement, UpdateGroupEntitlement, DeleteGroupEntitlement); microsoft/terraform-provider-azuredevops · resource_group_entitlement.go"},
	{"Azure DevOps", "dev.azure.com", "GET", "_apis/distributedtask/resourcelimits",
		"the organization's parallel jobs, no REST description: microsoft/azure-devops-go-api · azuredevops/v7/taskagent/models.go (ResourceLimit); actions/runner · src/Sdk/DTWebApi/WebApi/ResourceLimit.cs; Azure DevOps Server's TaskAgentHttpClient.GetResourceLimitsAsync"},
	{"Power Platform admin (BAP)", "api.bap.microsoft.com", "GET", "providers/powerplatform.governance/v2/policies",
		"microsoft/terraform-provider-power-platform · internal/services/dlp_policy/api_dlp_policy.go (GetPolicies, GetPolicy) and dto.go; no OpenAPI copied, not checked"},
	{"Azure DevOps", "app.vssps.visualstudio.com", "GET", "_apis/profile/profiles/{}",
		"MicrosoftDocs/vsts-rest-api-specs · specification/profile/7.1/profile.json (Profiles_Get, 7.1-preview.3; not among the copied specs); microsoft/azure-devops-go-api · azuredevops/v7/profile/client.go (GetProfile, location f83735dc-483f-4238-a291-d45f6080a9af)"},
	{"Azure DevOps", "app.vssps.visualstudio.com", "GET", "_apis/accounts",
		"MicrosoftDocs/vsts-rest-api-specs · specification/account/7.1/accounts.json (Accounts_List, 7.1-preview.1; not among the copied specs); microsoft/azure-devops-go-api · azuredevops/v7/accounts/client.go (GetAccounts, location 229a6a53-b428-4ffb-a835-e8f36b5b4b1e)"},
	{"Power Platform admin (BAP)", "api.bap.microsoft.com", "*", "providers/microsoft.businessappplatform/",
		"microsoft/terraform-provider-power-platform · internal/services/environment (recorded answers in testdata/specs/power-platform); no OpenAPI copied, not checked"},
	{"PowerApps", "api.powerapps.com", "*", "providers/microsoft.powerapps/",
		"microsoft/terraform-provider-power-platform · internal/services/connection; no OpenAPI copied, not checked"},
	{"Dataverse Web API", "{org}.crm.dynamics.com", "*", "api/data/v9.2/",
		"learn.microsoft.com/power-apps/developer/data-platform/webapi (CSDL $metadata per environment); microsoft/terraform-provider-power-platform · internal/services/solution; not checked"},
	{"GitHub releases", "api.github.com", "GET", "repos/{}/{}/releases",
		"docs.github.com/rest/releases/releases; not checked"},
	{"Microsoft identity platform", "login.microsoftonline.com", "*", "{tenant}/oauth2/v2.0/",
		"learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code; AzureAD/microsoft-authentication-library-for-go; not checked"},
}

// UnspecifiedRoutes is the list, for tests and DIFFERENCES.md.
func UnspecifiedRoutes() []Unspecified { return append([]Unspecified{}, unspecified...) }

// IsUnspecified reports whether an Azure DevOps route outside the specs is
// in the list, for the method ("" for any) on the real host.
func IsUnspecified(host, method, route string) bool { return allowedUnspecified(host, method, route) }

// allowedUnspecified reports whether an Azure DevOps route outside the specs is listed.
func allowedUnspecified(host, method, route string) bool {
	for _, u := range unspecified {
		if u.Service != "Azure DevOps" || (u.Host != "*" && u.Host != host) {
			continue
		}
		if (method == "" || u.Methods == "*" || strings.Contains(" "+u.Methods+" ", " "+method+" ")) && matchRoute(u.Route, route) {
			return true
		}
	}
	return false
}

// Markers around the generated list in DIFFERENCES.md.
const (
	beginUnspecified = "<!-- BEGIN routes outside the copied specs (go generate ./providers/sandbox/contract) -->"
	endUnspecified   = "<!-- END routes outside the copied specs -->"
)

// RenderUnspecified replaces the generated list in a DIFFERENCES.md text.
func RenderUnspecified(doc string) (string, error) {
	before, rest, ok := strings.Cut(doc, beginUnspecified)
	_, after, ok2 := strings.Cut(rest, endUnspecified)
	if !ok || !ok2 {
		return "", fmt.Errorf("DIFFERENCES.md lacks the markers %q and %q", beginUnspecified, endUnspecified)
	}
	var b strings.Builder
	b.WriteString(beginUnspecified + "\n\n| service | host | methods | route | public source |\n|---|---|---|---|---|\n")
	for _, u := range unspecified {
		fmt.Fprintf(&b, "| %s | %s | %s | `%s` | %s |\n", u.Service, u.Host, u.Methods, u.Route, u.Source)
	}
	b.WriteString("\n" + endUnspecified)
	return before + b.String() + after, nil
}
