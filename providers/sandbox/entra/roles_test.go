package entra_test

import (
	"net/url"
	"testing"
)

func TestAppTokenCarriesTheRolesItWasGranted(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	ci := h.newAutomation(t)
	token := func() []string {
		_, tok := postForm(t, h, "/login/"+tenantDomain+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {ci["appId"]}, "client_secret": {ci["secret"]}, "scope": {"https://graph.microsoft.com/.default"}}.Encode())
		return parseClaims(t, str(tok["access_token"])).Roles
	}
	if roles := token(); len(roles) != 0 {
		t.Errorf("without consent roles = %v, want none (the token is still issued)", roles)
	}
	graphSP := h.mustCall(admin, "GET", "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", nil, 200)
	assign := map[string]any{"principalId": ci["servicePrincipalId"], "resourceId": graphSP["id"], "appRoleId": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"}
	h.mustCall(admin, "POST", "/servicePrincipals/"+graphSP["id"].(string)+"/appRoleAssignedTo", assign, 201)
	h.mustCall(admin, "POST", "/servicePrincipals/"+graphSP["id"].(string)+"/appRoleAssignedTo", assign, 400)
	assign["appRoleId"] = newGUID()
	h.mustCall(admin, "POST", "/servicePrincipals/"+graphSP["id"].(string)+"/appRoleAssignedTo", assign, 400)
	if roles := token(); len(roles) != 1 || roles[0] != "Application.ReadWrite.All" {
		t.Errorf("roles = %v, want Application.ReadWrite.All", roles)
	}
}

func TestInventoryListsCreatedObjectsAndFlagsBuiltIns(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	h.mustCall(admin, "POST", "/groups", map[string]any{"displayName": "g", "mailEnabled": false, "mailNickname": "g", "securityEnabled": true}, 201)
	ci := h.newAutomation(t)
	inv := h.svc.Inventory(false)
	for _, kind := range []string{"tenants", "applications", "servicePrincipals", "groups", "users"} {
		if inv[kind] == nil {
			t.Errorf("inventory lacks %s", kind)
		}
	}
	builtIn, created := 0, 0
	for _, sp := range inv["servicePrincipals"].([]map[string]any) {
		if sp["builtIn"] == true {
			builtIn++
		} else if sp["appId"] == ci["appId"] {
			created++
		}
	}
	if builtIn != 1 || created != 1 {
		t.Errorf("built-in SPs = %d (want Microsoft Graph's alone in a fresh tenant), created = %d (want 1)", builtIn, created)
	}
}
