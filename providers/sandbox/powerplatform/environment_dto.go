package powerplatform

import (
	"strings"
	"time"
)

// environment is a Power Platform environment as the admin API reports it.
type environment struct {
	Name              string           `json:"name"` // GUID
	DisplayName       string           `json:"displayName"`
	Description       string           `json:"description,omitempty"`
	Location          string           `json:"location"`
	AzureRegion       string           `json:"azureRegion"`
	SKU               string           `json:"environmentSku"`
	ProvisioningState string           `json:"provisioningState"` // Creating, Succeeded, Deleting
	TenantID          string           `json:"tenantId"`
	CreatedTime       time.Time        `json:"createdTime"`
	CreatedBy         principal        `json:"createdBy"`
	Dataverse         *linkedDataverse `json:"dataverse,omitempty"` // requested or provisioned
}

// linkedDataverse is linkedEnvironmentMetadata: the environment's Dataverse.
type linkedDataverse struct {
	DomainName      string `json:"domainName"`
	BaseLanguage    int    `json:"baseLanguage"`
	Currency        string `json:"currency"`
	SecurityGroupID string `json:"securityGroupId,omitempty"`
	Host            string `json:"host,omitempty"` // set once provisioned
	OrganizationID  string `json:"organizationId,omitempty"`
}

// principal is who created or requested something.
type principal struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Type        string `json:"type"` // User or ServicePrincipal
	TenantID    string `json:"tenantId,omitempty"`
	Email       string `json:"email,omitempty"`
	UPN         string `json:"userPrincipalName,omitempty"`
}

const envPathPrefix = "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/"

// dto renders the environment in the shape of the real GET response.
func (e *environment) dto(withCapacity bool) map[string]any {
	props := map[string]any{
		"tenantId":          e.TenantID,
		"azureRegion":       e.AzureRegion,
		"displayName":       e.DisplayName,
		"description":       e.Description,
		"createdTime":       isoTime(e.CreatedTime),
		"createdBy":         e.CreatedBy,
		"lastModifiedTime":  isoTime(e.CreatedTime),
		"provisioningState": e.ProvisioningState,
		"creationType":      "User",
		"environmentSku":    e.SKU,
		"isDefault":         false,
		"billingPolicy":     map[string]any{"id": ""},
		"clientUris": map[string]any{
			"admin": "https://admin.powerplatform.microsoft.com/environments/environment/" + e.Name + "/hub",
			"maker": "https://make.powerapps.com/environments/" + e.Name + "/home",
		},
		"states": map[string]any{
			"management": map[string]any{"id": e.managementState()},
			"runtime":    map[string]any{"id": "Enabled"},
		},
		"retentionPeriod": "P7D",
		"updateCadence":   map[string]any{"id": "Frequent"},
	}
	for k, v := range e.platformDetails() {
		props[k] = v
	}
	if withCapacity {
		props["capacity"] = []any{}
		props["addons"] = []any{}
	}
	if d := e.Dataverse; d != nil && d.Host != "" {
		props["databaseType"] = "CommonDataService"
		props["linkedEnvironmentMetadata"] = e.linkedMetadata()
	} else {
		props["databaseType"] = "None"
	}
	return map[string]any{
		"id":         envPathPrefix + e.Name,
		"type":       "Microsoft.BusinessAppPlatform/scopes/environments",
		"location":   e.Location,
		"name":       e.Name,
		"properties": props,
	}
}

// platformDetails are properties the installer does not read but every real
// environment carries; they are reported so clients see the real shape.
func (e *environment) platformDetails() map[string]any {
	geo := e.Location
	return map[string]any{
		"runtimeEndpoints": map[string]any{
			"microsoft.BusinessAppPlatform": "https://" + geo + ".api.bap.microsoft.com",
			"microsoft.PowerApps":           "https://" + geo + ".api.powerapps.com",
			"microsoft.Flow":                "https://" + geo + ".api.flow.microsoft.com",
		},
		"trialScenarioType":              "None",
		"notificationMetadata":           map[string]any{"state": "NotSpecified", "branding": "NotSpecific"},
		"protectionStatus":               map[string]any{"keyManagedBy": "Microsoft"},
		"cluster":                        map[string]any{"category": "Prod", "number": "1"},
		"governanceConfiguration":        map[string]any{"protectionLevel": "Basic"},
		"retentionDetails":               map[string]any{"retentionPeriod": "P7D", "backupsAvailableFromDateTime": isoTime(e.CreatedTime)},
		"connectedGroups":                []any{},
		"lifecycleOperationsEnforcement": map[string]any{"allowedOperations": []any{}, "disallowedOperations": []any{}},
	}
}

func (e *environment) managementState() string {
	if e.ProvisioningState == "Succeeded" {
		return "Ready"
	}
	return "NotSpecified"
}

func (e *environment) linkedMetadata() map[string]any {
	d := e.Dataverse
	return map[string]any{
		"resourceId":                d.OrganizationID,
		"friendlyName":              e.DisplayName,
		"uniqueName":                "unq" + d.OrganizationID[:8],
		"domainName":                d.DomainName,
		"version":                   "9.2.24101.00195",
		"instanceUrl":               "https://" + d.Host + "/",
		"instanceApiUrl":            "https://" + strings.Replace(d.Host, ".", ".api.", 1),
		"baseLanguage":              d.BaseLanguage,
		"instanceState":             "Ready",
		"createdTime":               isoTime(e.CreatedTime),
		"backgroundOperationsState": "Enabled",
		"securityGroupId":           d.SecurityGroupID,
		"platformSku":               "Standard",
		"scaleGroup":                "SANDBOXSG001",
		"schemaType":                "Standard",
	}
}
