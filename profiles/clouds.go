package profiles

import (
	"sort"
	"strings"
)

// Cloud is one Microsoft cloud: where almwiz signs in and which hosts serve
// Microsoft Graph, Azure DevOps and Power Platform there. A new cloud is a row
// in Clouds.
type Cloud struct {
	Name               string
	Title              string
	LoginHost          string // written to the AADHost pipeline variable
	GraphHost          string
	DevOpsHost         string
	PowerPlatformAdmin string // admin (BAP) API host
	PowerApps          string // PowerApps API host
	AdminAudience      string // token audience of both APIs above
	// DataverseSuffixes are the host suffixes of Dataverse environment URLs
	// in this cloud, by region code.
	DataverseSuffixes map[string]string
	// AdminCenterHost is the Power Platform admin center, named in advice.
	AdminCenterHost string
	// DevOpsUnsupported, when set, says why almwiz cannot install the
	// accelerator's Azure DevOps side for this cloud's tenants (DevOpsHost
	// is then empty); validate reports it against the cloud field.
	DevOpsUnsupported string
}

// Azure DevOps Services is a commercial-cloud service: its organizations are
// backed by tenants of the commercial Microsoft Entra ID, and its data
// locations list no Azure Government or 21Vianet geography
// (learn.microsoft.com/azure/devops/organizations/security/data-location).
// GCC tenants are commercial Entra tenants (learn.microsoft.com/entra/
// identity-platform/msal-national-cloud: "Microsoft Entra Public … Microsoft
// 365 (Public or GCC)"; "Microsoft Entra Government … Office 365 (GCC High or
// DoD)"), so GCC signs in to login.microsoftonline.com and uses dev.azure.com.
// The Power Platform Build Tools "are now available for GCC and GCC High
// regions" (learn.microsoft.com/power-platform/alm/devops-build-tools) — from
// a commercial organization, which would need a second, commercial tenant.
const (
	noDevOpsGCCHigh = "Azure DevOps Services runs only in the commercial cloud and signs its users in with commercial Microsoft Entra tenants, " +
		"while GCC High tenants sign in at login.microsoftonline.us, so no token from this tenant is accepted at dev.azure.com. " +
		"The Power Platform Build Tools can deploy to GCC High from an organization of a commercial tenant, but almwiz does not yet " +
		"configure an organization and environments that sign in to different clouds"
	noDevOpsDoD = "Azure DevOps Services runs only in the commercial cloud and signs its users in with commercial Microsoft Entra tenants, " +
		"while DoD tenants sign in at login.microsoftonline.us; the Power Platform Build Tools the accelerator's pipelines use are documented for GCC and GCC High only"
	noDevOpsChina = "Azure DevOps Services is not operated by 21Vianet and cannot use a tenant that signs in at login.chinacloudapi.cn, " +
		"and the Power Platform Build Tools are not documented for Power Platform operated by 21Vianet"
)

var commercialSuffixes = map[string]string{
	"NAM": ".crm.dynamics.com", "SAM": ".crm2.dynamics.com", "CAN": ".crm3.dynamics.com",
	"EUR": ".crm4.dynamics.com", "APJ": ".crm5.dynamics.com", "OCE": ".crm6.dynamics.com",
	"JPN": ".crm7.dynamics.com", "IND": ".crm8.dynamics.com", "GBR": ".crm11.dynamics.com",
	"FRA": ".crm12.dynamics.com", "ZAF": ".crm14.dynamics.com", "UAE": ".crm15.dynamics.com",
	"GER": ".crm16.dynamics.com", "CHE": ".crm17.dynamics.com", "KOR": ".crm21.dynamics.com",
	"NOR": ".crm19.dynamics.com", "SGP": ".crm20.dynamics.com",
}

// Clouds is the cloud table (reference/alm-accelerator.md §6; the US
// Government admin-center and maker hosts from MicrosoftDocs power-automate
// us-govt.md, "Power Automate US Government service URLs"). The sandbox
// cloud is not a row: a sandbox maps a profile's public-cloud names onto itself.
var Clouds = map[string]Cloud{
	"public": {
		Name: "public", Title: "Microsoft Azure commercial",
		LoginHost: "login.microsoftonline.com", GraphHost: "graph.microsoft.com", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "api.bap.microsoft.com", PowerApps: "api.powerapps.com",
		AdminAudience: "https://service.powerapps.com/", DataverseSuffixes: commercialSuffixes,
		AdminCenterHost: "admin.powerplatform.microsoft.com",
	},
	"usgov": {
		Name: "usgov", Title: "US Government Community Cloud (GCC)",
		LoginHost: "login.microsoftonline.com", GraphHost: "graph.microsoft.com", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "gov.api.bap.microsoft.us", PowerApps: "gov.api.powerapps.us",
		AdminAudience: "https://gov.service.powerapps.us/", DataverseSuffixes: map[string]string{"GCC": ".crm9.dynamics.com"},
		AdminCenterHost: "gcc.admin.powerplatform.microsoft.us",
	},
	"usgov-high": {
		Name: "usgov-high", Title: "US Government Community Cloud High",
		LoginHost: "login.microsoftonline.us", GraphHost: "graph.microsoft.us",
		PowerPlatformAdmin: "high.api.bap.microsoft.us", PowerApps: "high.api.powerapps.us",
		AdminAudience: "https://high.service.powerapps.us/", DataverseSuffixes: map[string]string{"GCC High": ".crm.microsoftdynamics.us"},
		AdminCenterHost: "high.admin.powerplatform.microsoft.us", DevOpsUnsupported: noDevOpsGCCHigh,
	},
	"dod": {
		Name: "dod", Title: "US Department of Defense",
		LoginHost: "login.microsoftonline.us", GraphHost: "dod-graph.microsoft.us",
		PowerPlatformAdmin: "api.bap.appsplatform.us", PowerApps: "api.apps.appsplatform.us",
		AdminAudience: "https://service.apps.appsplatform.us/", DataverseSuffixes: map[string]string{"DoD": ".crm.appsplatform.us"},
		AdminCenterHost: "admin.appsplatform.us", DevOpsUnsupported: noDevOpsDoD,
	},
	"china": {
		Name: "china", Title: "Microsoft Azure operated by 21Vianet (China)",
		LoginHost: "login.chinacloudapi.cn", GraphHost: "microsoftgraph.chinacloudapi.cn",
		PowerPlatformAdmin: "api.bap.partner.microsoftonline.cn", PowerApps: "api.powerapps.cn",
		AdminAudience: "https://service.powerapps.cn/", DataverseSuffixes: map[string]string{"CHN": ".crm.dynamics.cn"},
		DevOpsUnsupported: noDevOpsChina,
	},
}

// CloudNames returns the names of the known clouds, sorted.
func CloudNames() []string {
	names := make([]string, 0, len(Clouds))
	for n := range Clouds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DataverseRegion returns the region code whose suffix host ends with in
// cloud, and whether one matched.
func (c Cloud) DataverseRegion(host string) (string, bool) {
	host = strings.ToLower(host)
	best, bestLen := "", 0
	for region, suffix := range c.DataverseSuffixes {
		if strings.HasSuffix(host, suffix) && len(suffix) > bestLen {
			best, bestLen = region, len(suffix)
		}
	}
	return best, bestLen > 0
}

// EnvironmentLocations are the Power Platform environment locations (the
// admin API's "location" values) an environment can be created in, with the
// Dataverse region code each maps to.
var EnvironmentLocations = map[string]string{
	"unitedstates": "NAM", "southamerica": "SAM", "canada": "CAN", "europe": "EUR", "asia": "APJ",
	"australia": "OCE", "japan": "JPN", "india": "IND", "unitedkingdom": "GBR", "france": "FRA",
	"southafrica": "ZAF", "unitedarabemirates": "UAE", "germany": "GER", "switzerland": "CHE",
	"korea": "KOR", "norway": "NOR", "singapore": "SGP",
	"usgov": "GCC", "usgovhigh": "GCC High", "usdod": "DoD", "china": "CHN",
}
