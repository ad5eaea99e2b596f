package entra

// Sign-in audiences of an app registration.
const (
	// AzureADMyOrg: accounts of the home tenant only (one tenant).
	AzureADMyOrg = "AzureADMyOrg"
	// AzureADMultipleOrgs: accounts of any Entra tenant (pipelines that deploy
	// to environments in other tenants).
	AzureADMultipleOrgs = "AzureADMultipleOrgs"
)

// App ids of the first-party APIs the ALM Accelerator app calls.
const (
	// AzureDevOpsAppID is Azure DevOps (scope user_impersonation).
	AzureDevOpsAppID = "499b84ac-1321-427f-aa17-267ca6975798"
	// DynamicsCRMAppID is Dynamics CRM, i.e. Dataverse (scope user_impersonation).
	DynamicsCRMAppID = "00000007-0000-0000-c000-000000000000"
	// PowerAppsAdvisorAppID is PowerApps-Advisor (scope Analysis.All).
	PowerAppsAdvisorAppID = "c9299480-c13a-49db-a7ae-cdfe54fe0313"
)

// resourceAccessTypeScope marks a delegated permission.
const resourceAccessTypeScope = "Scope"

// RequiredResourceAccess is one API an app registration asks permissions of.
type RequiredResourceAccess struct {
	ResourceAppID  string           `json:"resourceAppId"`
	ResourceAccess []ResourceAccess `json:"resourceAccess"`
}

// ResourceAccess is one permission: a delegated scope ("Scope") or an
// application role ("Role"), by id.
type ResourceAccess struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// ALMAcceleratorResourceAccess is what the ALM Accelerator app registration
// asks for, all delegated: Azure DevOps user_impersonation, Dynamics CRM
// (Dataverse) user_impersonation and PowerApps-Advisor Analysis.All.
var ALMAcceleratorResourceAccess = []RequiredResourceAccess{
	{ResourceAppID: AzureDevOpsAppID, ResourceAccess: []ResourceAccess{{ID: "ee69721e-6c3a-468f-a9ec-302d16a4c599", Type: resourceAccessTypeScope}}},
	{ResourceAppID: DynamicsCRMAppID, ResourceAccess: []ResourceAccess{{ID: "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", Type: resourceAccessTypeScope}}},
	{ResourceAppID: PowerAppsAdvisorAppID, ResourceAccess: []ResourceAccess{{ID: "d533b86d-8f67-45f0-b8bb-c0cee8da0356", Type: resourceAccessTypeScope}}},
}

// mergeResourceAccess adds to have every permission of want that it lacks,
// keeping what is there (permissions an admin added by hand stay).
func mergeResourceAccess(have, want []RequiredResourceAccess) ([]RequiredResourceAccess, bool) {
	out := cloneResourceAccess(have)
	changed := false
	for _, w := range want {
		i := indexOfResource(out, w.ResourceAppID)
		if i < 0 {
			out = append(out, RequiredResourceAccess{ResourceAppID: w.ResourceAppID})
			i = len(out) - 1
		}
		for _, ra := range w.ResourceAccess {
			if !hasAccess(out[i].ResourceAccess, ra) {
				out[i].ResourceAccess = append(out[i].ResourceAccess, ra)
				changed = true
			}
		}
	}
	return out, changed
}

func cloneResourceAccess(in []RequiredResourceAccess) []RequiredResourceAccess {
	out := make([]RequiredResourceAccess, 0, len(in))
	for _, r := range in {
		out = append(out, RequiredResourceAccess{ResourceAppID: r.ResourceAppID, ResourceAccess: append([]ResourceAccess{}, r.ResourceAccess...)})
	}
	return out
}

func indexOfResource(list []RequiredResourceAccess, appID string) int {
	for i, r := range list {
		if sameID(r.ResourceAppID, appID) {
			return i
		}
	}
	return -1
}

func hasAccess(list []ResourceAccess, ra ResourceAccess) bool {
	for _, x := range list {
		if sameID(x.ID, ra.ID) && x.Type == ra.Type {
			return true
		}
	}
	return false
}
