package entra_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestServicePrincipalWaitsForTheNewAppToReplicate(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	h.lag.Store(int64(30 * time.Second))
	app := h.mustCall(admin, "POST", "/applications", map[string]any{"displayName": "lagged"}, 201)
	h.mustCall(admin, "GET", "/applications/"+app["id"].(string), nil, 404)
	got := h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": app["appId"]}, 400)
	if !strings.Contains(jsonText(got), "NoBackingApplicationObject") {
		t.Errorf("error = %v, want NoBackingApplicationObject", got)
	}
	h.advance(31 * time.Second)
	h.mustCall(admin, "GET", "/applications/"+app["id"].(string), nil, 200)
	sp := h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": app["appId"]}, 201)
	h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": app["appId"]}, 409)
	h.advance(31 * time.Second)
	h.mustCall(admin, "GET", "/servicePrincipals(appId='"+app["appId"].(string)+"')", nil, 200)
	h.mustCall(admin, "GET", "/servicePrincipals/"+sp["id"].(string), nil, 200)
}

func TestUpsertByUniqueNameCreatesOnceThenUpdates(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	path := "/applications(uniqueName='alm-accelerator')"
	body := map[string]any{"displayName": "ALMAcceleratorServicePrincipal", "signInAudience": "AzureADMyOrg"}
	h.mustCall(admin, "PATCH", path, body, 404)
	created := h.mustCall(admin, "PATCH", path, body, 201, "Prefer", "create-if-missing")
	before := jsonText(h.svc.Inventory(false)["applications"])
	h.mustCall(admin, "PATCH", path, body, 204, "Prefer", "create-if-missing")
	if after := jsonText(h.svc.Inventory(false)["applications"]); after != before {
		t.Errorf("second upsert changed the inventory:\n%s\n%s", before, after)
	}
	got := h.mustCall(admin, "GET", path, nil, 200)
	if got["id"] != created["id"] || got["uniqueName"] != "alm-accelerator" {
		t.Errorf("GET by uniqueName = %v", got)
	}
	h.mustCall(admin, "GET", "/applications(appId='"+created["appId"].(string)+"')", nil, 200)
}

func TestSecretValueIsReturnedOnceOnly(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	app := h.mustCall(admin, "POST", "/applications", map[string]any{"displayName": "a"}, 201)
	id := app["id"].(string)
	pw := h.mustCall(admin, "POST", "/applications/"+id+"/microsoft.graph.addPassword", map[string]any{"passwordCredential": map[string]any{"displayName": "s1"}}, 200)
	secret := pw["secretText"].(string)
	read := h.mustCall(admin, "GET", "/applications/"+id, nil, 200)
	if strings.Contains(jsonText(read), secret) || strings.Contains(jsonText(h.svc.Inventory(false)), secret) {
		t.Errorf("a read or the inventory shows the secret")
	}
	if !strings.Contains(jsonText(h.svc.Inventory(true)), secret) {
		t.Errorf("the secrets inventory lacks the secret")
	}
	creds := read["passwordCredentials"].([]any)
	if len(creds) != 1 || creds[0].(map[string]any)["keyId"] != pw["keyId"] || creds[0].(map[string]any)["secretText"] != nil {
		t.Errorf("passwordCredentials = %v", creds)
	}
	h.mustCall(admin, "POST", "/applications/"+id+"/removePassword", map[string]any{"keyId": pw["keyId"]}, 204)
	h.mustCall(admin, "POST", "/applications/"+id+"/removePassword", map[string]any{"keyId": pw["keyId"]}, 404)
}

func TestPermissionGrantsTakeScopeValues(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	app := h.mustCall(admin, "POST", "/applications", map[string]any{"displayName": "client"}, 201)
	client := h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": app["appId"]}, 201)
	devops := h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": "499b84ac-1321-427f-aa17-267ca6975798"}, 201)
	grant := func(scope string) map[string]any {
		return map[string]any{"clientId": client["id"], "consentType": "AllPrincipals", "resourceId": devops["id"], "scope": scope}
	}
	tests := []struct {
		name  string
		scope string
		want  int
	}{
		{"a scope id instead of its value is rejected", "ee69721e-6c3a-468f-a9ec-302d16a4c599", 400},
		{"an unknown value is rejected", "user_impersonation Files.Read", 400},
		{"the scope value is granted", "user_impersonation", 201},
		{"the same grant twice conflicts", "user_impersonation", 409},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { h.mustCall(admin, "POST", "/oauth2PermissionGrants", grant(tc.scope), tc.want) })
	}
	filter := "/oauth2PermissionGrants?$filter=" + url.QueryEscape("clientId eq '"+client["id"].(string)+"' and consentType eq 'AllPrincipals'")
	list := h.mustCall(admin, "GET", filter, nil, 200)["value"].([]any)
	if len(list) != 1 {
		t.Fatalf("filtered grants = %v", list)
	}
	id := list[0].(map[string]any)["id"].(string)
	h.mustCall(admin, "PATCH", "/oauth2PermissionGrants/"+id, map[string]any{"scope": "nope"}, 400)
	h.mustCall(admin, "PATCH", "/oauth2PermissionGrants/"+id, map[string]any{"scope": "user_impersonation"}, 204)
	h.mustCall(admin, "DELETE", "/oauth2PermissionGrants/"+id, nil, 204)
	h.mustCall(admin, "GET", "/oauth2PermissionGrants/"+id, nil, 404)
}

func TestGroupMembersCanBeAddedOnce(t *testing.T) {
	h := newHarness(t)
	defer h.contract.Take() // "the text null" breaks the v1.0 contract on purpose
	admin := h.graphToken(tenantDomain)
	tests := []struct {
		name string
		body map[string]any
		want int
	}{
		{"a nickname with a space is rejected", map[string]any{"displayName": "Makers", "mailEnabled": false, "mailNickname": "alm makers", "securityEnabled": true}, 400},
		{"the text null is no mailEnabled", map[string]any{"displayName": "Makers", "mailEnabled": "null", "mailNickname": "m", "securityEnabled": true}, 400},
		{"a valid security group is created", map[string]any{"displayName": "ALMAcceleratorForMakers", "mailEnabled": false, "mailNickname": "ALMAcceleratorForMakers", "securityEnabled": true}, 201},
	}
	var grp map[string]any
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { grp = h.mustCall(admin, "POST", "/groups", tc.body, tc.want) })
	}
	me := h.mustCall(admin, "GET", "/me", nil, 200)
	ref := map[string]any{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + me["id"].(string)}
	gid := grp["id"].(string)
	h.mustCall(admin, "POST", "/groups/"+gid+"/members/$ref", ref, 204)
	h.mustCall(admin, "POST", "/groups/"+gid+"/members/$ref", ref, 400)
	h.mustCall(admin, "POST", "/groups/"+gid+"/members/$ref", map[string]any{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + newGUID()}, 404)
	if members := h.mustCall(admin, "GET", "/groups/"+gid+"/members", nil, 200)["value"].([]any); len(members) != 1 {
		t.Errorf("members = %v", members)
	}
	found := h.mustCall(admin, "GET", "/groups?$filter="+url.QueryEscape("displayName eq 'ALMAcceleratorForMakers'"), nil, 200)["value"].([]any)
	if len(found) != 1 {
		t.Errorf("filter by displayName = %v", found)
	}
	h.mustCall(admin, "DELETE", "/groups/"+gid+"/members/"+me["id"].(string)+"/$ref", nil, 204)
	h.mustCall(admin, "DELETE", "/groups/"+gid+"/members/"+me["id"].(string)+"/$ref", nil, 404)
}

func TestAdminRolesAndOrganizationAreReadable(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	roles := h.mustCall(admin, "GET", "/me/transitiveMemberOf", nil, 200)
	if !strings.Contains(jsonText(roles), "62e90394-69f5-4237-9190-012177145e10") {
		t.Errorf("memberOf = %v, want Global Administrator", roles)
	}
	org := h.mustCall(admin, "GET", "/organization", nil, 200)["value"].([]any)[0].(map[string]any)
	if org["id"] != parseClaims(t, admin).Tenant || !strings.Contains(jsonText(org), tenantDomain) {
		t.Errorf("organization = %v", org)
	}
}

func TestFiltersAndPaging(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	for _, name := range []string{"one", "two", "three"} {
		h.mustCall(admin, "POST", "/applications", map[string]any{"displayName": name}, 201)
	}
	page := h.mustCall(admin, "GET", "/applications?$top=2", nil, 200)
	next, _ := page["@odata.nextLink"].(string)
	if len(page["value"].([]any)) != 2 || next == "" {
		t.Fatalf("first page = %v", page)
	}
	rest := h.mustCall(admin, "GET", strings.TrimPrefix(next, h.srv.URL+"/graph/v1.0"), nil, 200)
	if v := rest["value"].([]any); len(v) != 1 || v[0].(map[string]any)["displayName"] != "three" || rest["@odata.nextLink"] != nil {
		t.Errorf("second page = %v", rest)
	}
	got := h.mustCall(admin, "GET", "/applications?$filter="+url.QueryEscape("displayName eq 'TWO'"), nil, 200)["value"].([]any)
	if len(got) != 1 {
		t.Errorf("case-insensitive displayName filter = %v", got)
	}
	h.mustCall(admin, "GET", "/applications?$filter="+url.QueryEscape("displayName ne 'x'"), nil, 400)
	h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": "c9299480-c13a-49db-a7ae-cdfe54fe0313"}, 201)
	sps := h.mustCall(admin, "GET", "/servicePrincipals?$filter="+url.QueryEscape("appId eq 'c9299480-c13a-49db-a7ae-cdfe54fe0313'"), nil, 200)["value"].([]any)
	if len(sps) != 1 {
		t.Errorf("built-in PowerApps-Advisor SP = %v", sps)
	}
}

func TestGraphRejectsMissingOrForeignTokens(t *testing.T) {
	h := newHarness(t)
	devops := h.deviceCodeToken(h.publicClient(tenantDomain, ""), devopsScope).AccessToken
	for name, tok := range map[string]string{"no token": "", "a DevOps token": devops, "garbage": "a.b.c"} {
		t.Run(name, func(t *testing.T) {
			_, body := h.call(tok, "GET", "/organization", nil)
			code, _ := h.call(tok, "GET", "/organization", nil)
			if code != 401 || !strings.Contains(jsonText(body), "InvalidAuthenticationToken") {
				t.Errorf("= %d %v", code, body)
			}
		})
	}
}

func TestUnknownObjectsAre404(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	for _, p := range []string{"/applications/" + newGUID(), "/applications(appId='" + newGUID() + "')", "/servicePrincipals/" + newGUID(), "/groups/" + newGUID(), "/users/" + newGUID()} {
		if code, body := h.call(admin, "GET", p, nil); code != 404 || !strings.Contains(jsonText(body), "Request_ResourceNotFound") {
			t.Errorf("GET %s = %d %v", p, code, body)
		}
	}
}

func TestTenantsAreSeparate(t *testing.T) {
	h := newHarness(t)
	a, b := h.graphToken(tenantDomain), h.graphToken("fabrikam.onmicrosoft.com")
	app := h.mustCall(a, "POST", "/applications", map[string]any{"displayName": "only-in-contoso"}, 201)
	h.mustCall(b, "GET", "/applications/"+app["id"].(string), nil, 404)
	if parseClaims(t, a).Tenant == parseClaims(t, b).Tenant {
		t.Errorf("two domains share a tenant id")
	}
}
