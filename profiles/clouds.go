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
}

var commercialSuffixes = map[string]string{
	"NAM": ".crm.dynamics.com", "SAM": ".crm2.dynamics.com", "CAN": ".crm3.dynamics.com",
	"EUR": ".crm4.dynamics.com", "APJ": ".crm5.dynamics.com", "OCE": ".crm6.dynamics.com",
	"JPN": ".crm7.dynamics.com", "IND": ".crm8.dynamics.com", "GBR": ".crm11.dynamics.com",
	"FRA": ".crm12.dynamics.com", "ZAF": ".crm14.dynamics.com", "UAE": ".crm15.dynamics.com",
	"GER": ".crm16.dynamics.com", "CHE": ".crm17.dynamics.com", "KOR": ".crm21.dynamics.com",
	"NOR": ".crm19.dynamics.com", "SGP": ".crm20.dynamics.com",
}

// Clouds is the cloud table (reference/alm-accelerator.md §6). The sandbox
// cloud is not a row: a sandbox maps a profile's public-cloud names onto itself.
var Clouds = map[string]Cloud{
	"public": {
		Name: "public", Title: "Microsoft Azure commercial",
		LoginHost: "login.microsoftonline.com", GraphHost: "graph.microsoft.com", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "api.bap.microsoft.com", PowerApps: "api.powerapps.com",
		AdminAudience: "https://service.powerapps.com/", DataverseSuffixes: commercialSuffixes,
	},
	"usgov": {
		Name: "usgov", Title: "US Government Community Cloud (GCC)",
		LoginHost: "login.microsoftonline.com", GraphHost: "graph.microsoft.com", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "gov.api.bap.microsoft.us", PowerApps: "gov.api.powerapps.us",
		AdminAudience: "https://gov.service.powerapps.us/", DataverseSuffixes: map[string]string{"GCC": ".crm9.dynamics.com"},
	},
	"usgov-high": {
		Name: "usgov-high", Title: "US Government Community Cloud High",
		LoginHost: "login.microsoftonline.us", GraphHost: "graph.microsoft.us", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "high.api.bap.microsoft.us", PowerApps: "high.api.powerapps.us",
		AdminAudience: "https://high.service.powerapps.us/", DataverseSuffixes: map[string]string{"GCC High": ".crm.microsoftdynamics.us"},
	},
	"dod": {
		Name: "dod", Title: "US Department of Defense",
		LoginHost: "login.microsoftonline.us", GraphHost: "dod-graph.microsoft.us", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "api.bap.appsplatform.us", PowerApps: "api.apps.appsplatform.us",
		AdminAudience: "https://service.apps.appsplatform.us/", DataverseSuffixes: map[string]string{"DoD": ".crm.appsplatform.us"},
	},
	"china": {
		Name: "china", Title: "Microsoft Azure operated by 21Vianet (China)",
		LoginHost: "login.chinacloudapi.cn", GraphHost: "microsoftgraph.chinacloudapi.cn", DevOpsHost: "dev.azure.com",
		PowerPlatformAdmin: "api.bap.partner.microsoftonline.cn", PowerApps: "api.powerapps.cn",
		AdminAudience: "https://service.powerapps.cn/", DataverseSuffixes: map[string]string{"CHN": ".crm.dynamics.cn"},
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
