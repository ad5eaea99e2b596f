package entra

import "strings"

// resourceApp is a first-party (Microsoft) API, with the delegated scopes and
// application roles the installer uses. Its service principal exists in a
// tenant from the start only when InEveryTenant; the others appear on first
// use, and anyone allowed to create service principals can add them with
// POST /servicePrincipals {appId} (what `az ad sp create --id` and the
// portal's consent do).
type resourceApp struct {
	AppID       string
	DisplayName string
	// InEveryTenant marks Microsoft Graph, whose service principal a new
	// tenant already has.
	InEveryTenant bool
	// Audience is the token audience Entra issues for the resource; empty
	// means the app id itself.
	Audience string
	// IdentifierURIs are the other names a scope may use for the resource.
	IdentifierURIs []string
	Scopes         []permission
	Roles          []permission
}

type permission struct{ ID, Value string }

// builtInResources is the catalogue of well-known resource service principals.
var builtInResources = []resourceApp{
	{
		AppID: "00000003-0000-0000-c000-000000000000", DisplayName: "Microsoft Graph", InEveryTenant: true,
		Audience: "https://graph.microsoft.com", IdentifierURIs: []string{"https://graph.microsoft.com", "https://graph.microsoft.com/"},
		Scopes: []permission{
			{"e1fe6dd8-ba31-4d61-89e7-88639da4683d", "User.Read"},
			{"06da0dbc-49e2-44d2-8312-53f166ab848a", "Directory.Read.All"},
			{"bdfbf15f-ee85-4955-8675-146e8e5296b5", "Application.ReadWrite.All"},
		},
		Roles: []permission{
			{"1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All"},
			{"7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All"},
			{"62a82d76-70ea-41e2-9197-370581804d09", "Group.ReadWrite.All"},
		},
	},
	{
		AppID: "499b84ac-1321-427f-aa17-267ca6975798", DisplayName: "Azure DevOps",
		IdentifierURIs: []string{"https://app.vssps.visualstudio.com", "https://dev.azure.com"},
		Scopes:         []permission{{"ee69721e-6c3a-468f-a9ec-302d16a4c599", "user_impersonation"}},
	},
	{
		AppID: "00000007-0000-0000-c000-000000000000", DisplayName: "Dataverse",
		IdentifierURIs: []string{"https://admin.services.crm.dynamics.com"},
		Scopes:         []permission{{"78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", "user_impersonation"}},
	},
	{
		AppID: "c9299480-c13a-49db-a7ae-cdfe54fe0313", DisplayName: "PowerApps-Advisor",
		IdentifierURIs: []string{"https://api.advisor.powerapps.com"},
		Scopes:         []permission{{"d533b86d-8f67-45f0-b8bb-c0cee8da0356", "Analysis.All"}},
	},
	{
		AppID: "475226c6-020e-4fb2-8a90-7a972cbfc1d4", DisplayName: "PowerApps Service",
		Audience: "https://service.powerapps.com/", IdentifierURIs: []string{"https://service.powerapps.com", "https://service.powerapps.com/"},
		Scopes: []permission{{"0eb56b90-a7b5-43b5-9402-8ec5d7e1ea3c", "User"}},
	},
}

// audienceFor maps the resource part of a scope to the audience Entra puts in
// the token: a well-known resource by app id or identifier URI gets its
// canonical audience, anything else (a Dataverse URL, a custom API) itself.
func audienceFor(resource string) string {
	for _, ra := range builtInResources {
		if sameResource(resource, ra.AppID) || containsResource(ra.IdentifierURIs, resource) {
			if ra.Audience != "" {
				return ra.Audience
			}
			return ra.AppID
		}
	}
	return resource
}

// firstPartyApp finds the built-in resource with this app id.
func firstPartyApp(appID string) (resourceApp, bool) {
	for _, ra := range builtInResources {
		if strings.EqualFold(ra.AppID, appID) {
			return ra, true
		}
	}
	return resourceApp{}, false
}

// resourceByAudience finds the built-in resource a token audience names.
func resourceByAudience(aud string) (resourceApp, bool) {
	for _, ra := range builtInResources {
		if sameResource(aud, ra.AppID) || sameResource(aud, ra.Audience) || containsResource(ra.IdentifierURIs, aud) {
			return ra, true
		}
	}
	return resourceApp{}, false
}

func containsResource(list []string, r string) bool {
	for _, x := range list {
		if sameResource(x, r) {
			return true
		}
	}
	return false
}
