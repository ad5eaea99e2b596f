package powerplatform

import "strings"

// geo is one Power Platform location ("region" in the admin centre): where
// its Dataverse organisations live and which Azure region backs them.
type geo struct {
	Name        string // location as the admin API names it
	CRMSuffix   string // host suffix of its Dataverse organisations
	AzureRegion string // default Azure region reported for it
}

// geos maps Power Platform locations to Dataverse URL suffixes
// (reference/alm-accelerator.md §6; the admin API's location names).
var geos = []geo{
	{"unitedstates", "crm.dynamics.com", "westus"},
	{"southamerica", "crm2.dynamics.com", "brazilsouth"},
	{"canada", "crm3.dynamics.com", "canadacentral"},
	{"europe", "crm4.dynamics.com", "westeurope"},
	{"asia", "crm5.dynamics.com", "eastasia"},
	{"australia", "crm6.dynamics.com", "australiaeast"},
	{"japan", "crm7.dynamics.com", "japaneast"},
	{"india", "crm8.dynamics.com", "centralindia"},
	{"usgov", "crm9.dynamics.com", "usgovvirginia"},
	{"unitedkingdom", "crm11.dynamics.com", "uksouth"},
	{"france", "crm12.dynamics.com", "francecentral"},
	{"southafrica", "crm14.dynamics.com", "southafricanorth"},
	{"uae", "crm15.dynamics.com", "uaenorth"},
	{"germany", "crm16.dynamics.com", "germanywestcentral"},
	{"switzerland", "crm17.dynamics.com", "switzerlandnorth"},
	{"usgovhigh", "crm.microsoftdynamics.us", "usgovtexas"},
	{"china", "crm.dynamics.cn", "chinanorth2"},
}

// geoByName finds a location case-insensitively.
func geoByName(name string) (geo, bool) {
	for _, g := range geos {
		if strings.EqualFold(g.Name, name) {
			return g, true
		}
	}
	return geo{}, false
}

// geoOfHost infers the location of a Dataverse host from its suffix, so a
// seeded https://contoso.crm4.dynamics.com/ lands in "europe".
func geoOfHost(host string) geo {
	_, suffix, _ := strings.Cut(strings.ToLower(host), ".")
	for _, g := range geos {
		if suffix == g.CRMSuffix {
			return g
		}
	}
	return geos[0]
}
