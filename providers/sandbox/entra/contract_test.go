package entra_test

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"

	"almwiz/providers/sandbox/entra"
)

// notInDescription are routes the Graph subset description leaves out, with why.
var notInDescription = map[string]string{
	"GET /me":                    "the PowerShell inputs omit /me; it is /users/{user-id} of the signed-in user",
	"GET /me/memberOf":           "outside the installer subset (Users module directoryObject navigation)",
	"GET /me/transitiveMemberOf": "outside the installer subset (Users module directoryObject navigation)",
	"GET /servicePrincipals/{servicePrincipal-id}/memberOf":           "outside the installer subset; documented at learn.microsoft.com/graph/api/serviceprincipal-list-memberof",
	"GET /servicePrincipals/{servicePrincipal-id}/transitiveMemberOf": "outside the installer subset; documented at learn.microsoft.com/graph/api/serviceprincipal-list-transitivememberof",
	"GET /subscribedSkus": "outside the installer subset; entity set subscribedSkus of the v1.0 CSDL (cleanMetadata.xml), documented at learn.microsoft.com/graph/api/subscribedsku-list",
}

// specPath writes a sandbox route the way the description spells it: bound
// actions carry the microsoft.graph namespace there.
func specPath(path string) string {
	for _, action := range []string{"addPassword", "removePassword"} {
		if strings.HasSuffix(path, "/"+action) {
			return strings.TrimSuffix(path, action) + "microsoft.graph." + action
		}
	}
	return path
}

func TestEveryGraphRouteIsInTheDescription(t *testing.T) {
	doc := loadGraphSpec(t)
	for _, r := range entra.GraphRouteTemplates() {
		method, path, _ := strings.Cut(r, " ")
		if _, ok := notInDescription[r]; ok {
			continue
		}
		if _, ok := doc.Paths[specPath(path)][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not in the Graph description", r)
		}
	}
}

func TestGraphAnswersHaveOnlyDeclaredProperties(t *testing.T) {
	h := newHarness(t)
	runEveryGraphRoute(t, h)
	doc := loadGraphSpec(t)
	seen := map[string]bool{}
	for _, rec := range h.recorded {
		route, ok := entra.GraphRouteOf(rec.method, pathOnly(rec.path))
		if !ok {
			continue
		}
		seen[route] = true
		method, path, _ := strings.Cut(route, " ")
		op, ok := doc.Paths[specPath(path)][strings.ToLower(method)]
		if !ok || len(rec.body) == 0 {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal(rec.body, &body); err != nil {
			t.Errorf("%s answered %d with non-JSON %q", route, rec.status, rec.body)
			continue
		}
		if bad := doc.undeclared(doc.responseSchema(op, rec.status), body); len(bad) > 0 {
			sort.Strings(bad)
			t.Errorf("%s (%d) answers properties the description does not declare or lacks required ones: %v", route, rec.status, bad)
		}
	}
	for _, r := range entra.GraphRouteTemplates() {
		if !seen[r] {
			t.Errorf("route %s was not exercised by the contract scenario", r)
		}
	}
}

func pathOnly(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	return u.Path
}

// runEveryGraphRoute is an installer-like scenario that reaches every Graph
// route the sandbox serves, errors included.
func runEveryGraphRoute(t *testing.T, h *harness) {
	admin := h.graphToken(tenantDomain)
	c := func(method, path string, body any, want int, header ...string) map[string]any {
		return h.mustCall(admin, method, path, body, want, header...)
	}
	app := c("POST", "/applications", map[string]any{"displayName": "ALM", "requiredResourceAccess": []any{}}, 201)
	id, appID := app["id"].(string), app["appId"].(string)
	c("GET", "/applications?$filter="+url.QueryEscape("displayName eq 'ALM'"), nil, 200)
	c("GET", "/applications/"+id, nil, 200)
	c("GET", "/applications/"+newGUID(), nil, 404)
	c("PATCH", "/applications/"+id, map[string]any{"web": map[string]any{"redirectUris": []any{"https://global.consent.azure-apim.net/redirect"}}}, 204)
	c("GET", "/applications(appId='"+appID+"')", nil, 200)
	c("PATCH", "/applications(uniqueName='alm')", map[string]any{"displayName": "ALM2"}, 201, "Prefer", "create-if-missing")
	c("GET", "/applications(uniqueName='alm')", nil, 200)
	pw := c("POST", "/applications/"+id+"/addPassword", map[string]any{"passwordCredential": map[string]any{"displayName": "a"}}, 200)
	pw2 := c("POST", "/applications/"+id+"/microsoft.graph.addPassword", map[string]any{"passwordCredential": map[string]any{"displayName": "b"}}, 200)
	c("POST", "/applications/"+id+"/removePassword", map[string]any{"keyId": pw["keyId"]}, 204)
	c("POST", "/applications/"+id+"/microsoft.graph.removePassword", map[string]any{"keyId": pw2["keyId"]}, 204)

	sp := c("POST", "/servicePrincipals", map[string]any{"appId": appID}, 201)
	spID := sp["id"].(string)
	c("GET", "/servicePrincipals?$filter="+url.QueryEscape("appId eq '"+appID+"'"), nil, 200)
	c("GET", "/servicePrincipals/"+spID, nil, 200)
	c("PATCH", "/servicePrincipals/"+spID, map[string]any{"tags": []any{"WindowsAzureActiveDirectoryIntegratedApp"}}, 204)
	graphSP := c("GET", "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", nil, 200)
	c("GET", "/servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798')", nil, 404) // a fresh tenant lacks it
	c("POST", "/servicePrincipals", map[string]any{"appId": "499b84ac-1321-427f-aa17-267ca6975798"}, 201)
	devops := c("GET", "/servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798')", nil, 200)

	assignTo := "/servicePrincipals/" + graphSP["id"].(string) + "/appRoleAssignedTo"
	as := c("POST", assignTo, map[string]any{"principalId": spID, "resourceId": graphSP["id"], "appRoleId": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"}, 201)
	c("GET", assignTo, nil, 200)
	c("GET", "/servicePrincipals/"+spID+"/appRoleAssignments", nil, 200)
	c("DELETE", assignTo+"/"+as["id"].(string), nil, 204)

	gr := c("POST", "/oauth2PermissionGrants", map[string]any{"clientId": spID, "consentType": "AllPrincipals", "resourceId": devops["id"], "scope": "user_impersonation"}, 201)
	c("POST", "/oauth2PermissionGrants", map[string]any{"clientId": spID, "consentType": "AllPrincipals", "resourceId": devops["id"], "scope": "ee69721e-6c3a-468f-a9ec-302d16a4c599"}, 400)
	c("GET", "/oauth2PermissionGrants?$filter="+url.QueryEscape("clientId eq '"+spID+"'"), nil, 200)
	c("GET", "/servicePrincipals/"+spID+"/oauth2PermissionGrants", nil, 200)
	c("GET", "/oauth2PermissionGrants/"+gr["id"].(string), nil, 200)
	c("PATCH", "/oauth2PermissionGrants/"+gr["id"].(string), map[string]any{"scope": "user_impersonation"}, 204)
	c("DELETE", "/oauth2PermissionGrants/"+gr["id"].(string), nil, 204)

	grp := c("POST", "/groups", map[string]any{"displayName": "ALMAcceleratorForMakers", "mailEnabled": false, "mailNickname": "ALMAcceleratorForMakers", "securityEnabled": true, "description": "Application Lifecycle Management Accelerator for Makers"}, 201)
	gid := grp["id"].(string)
	c("GET", "/groups?$filter="+url.QueryEscape("displayName eq 'ALMAcceleratorForMakers'"), nil, 200)
	c("GET", "/groups/"+gid, nil, 200)
	c("PATCH", "/groups/"+gid, map[string]any{"description": "makers"}, 204)
	me := c("GET", "/me", nil, 200)
	c("GET", "/users/"+me["id"].(string), nil, 200)
	c("GET", "/me/memberOf", nil, 200)
	c("GET", "/me/transitiveMemberOf", nil, 200)
	c("GET", "/servicePrincipals/"+spID+"/memberOf", nil, 200)
	c("GET", "/servicePrincipals/"+spID+"/transitiveMemberOf", nil, 200)
	ref := map[string]any{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + me["id"].(string)}
	c("POST", "/groups/"+gid+"/members/$ref", ref, 204)
	c("POST", "/groups/"+gid+"/members/$ref", ref, 400)
	c("GET", "/groups/"+gid+"/members", nil, 200)
	c("DELETE", "/groups/"+gid+"/members/"+me["id"].(string)+"/$ref", nil, 204)
	c("DELETE", "/groups/"+gid, nil, 204)
	c("POST", "/applications/"+id+"/owners/$ref", ref, 204)
	c("POST", "/applications/"+id+"/owners/$ref", ref, 400)
	c("GET", "/applications/"+id+"/owners", nil, 200)
	c("DELETE", "/applications/"+id+"/owners/"+me["id"].(string)+"/$ref", nil, 204)

	c("GET", "/subscribedSkus", nil, 200)
	org := c("GET", "/organization", nil, 200)["value"].([]any)[0].(map[string]any)
	c("GET", "/organization/"+org["id"].(string), nil, 200)
	c("DELETE", "/servicePrincipals/"+spID, nil, 204)
	c("DELETE", "/applications/"+id, nil, 204)
}
