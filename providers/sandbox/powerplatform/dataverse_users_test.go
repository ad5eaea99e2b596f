package powerplatform

import (
	"net/url"
	"strings"
	"testing"
)

// ensureAppUser does what the installer does: look up, create when missing.
func ensureAppUser(h *harness, host, appID string) (id string, created bool) {
	h.t.Helper()
	lookup := "systemusers?$select=applicationid,systemuserid,fullname,isdisabled,deletedstate,_businessunitid_value" +
		"&$expand=systemuserroles_association($select=roleid,name,_businessunitid_value)&$filter=applicationid eq " + appID
	if rows := h.dv("GET", host, lookup, nil).want(200).values(); len(rows) > 0 {
		return rows[0]["systemuserid"].(string), false
	}
	bu := rootBusinessUnit(h, host)
	res := h.dv("POST", host, "systemusers", map[string]any{"applicationid": appID, "accessmode": 4, "isdisabled": false,
		"businessunitid@odata.bind": "/businessunits(" + bu + ")"}).want(204)
	_, key := idFromURL(res.Header.Get("OData-EntityId"))
	return key, true
}

func rootBusinessUnit(h *harness, host string) string {
	h.t.Helper()
	bus := h.dv("GET", host, "businessunits?$select=businessunitid,name&$filter=parentbusinessunitid eq null", nil).want(200).values()
	if len(bus) != 1 {
		h.t.Fatalf("root business units: %v", bus)
	}
	return bus[0]["businessunitid"].(string)
}

func roleID(h *harness, host, name string) string {
	h.t.Helper()
	filter := url.QueryEscape("name eq '" + name + "' and _businessunitid_value eq " + rootBusinessUnit(h, host))
	roles := h.dv("GET", host, "roles?$select=roleid,name,_businessunitid_value&$filter="+filter, nil).want(200).values()
	if len(roles) != 1 {
		h.t.Fatalf("roles named %q: %v", name, roles)
	}
	return roles[0]["roleid"].(string)
}

func TestApplicationUserEnsureTwiceFindsTheFirst(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	first, created := ensureAppUser(h, host, testAppID)
	if !created {
		t.Fatal("first ensure found a user that should not exist")
	}
	second, created := ensureAppUser(h, host, testAppID)
	if created || second != first {
		t.Fatalf("second ensure: created %v, id %s, want %s", created, second, first)
	}
	dup := h.dv("POST", host, "systemusers", map[string]any{"applicationid": testAppID,
		"businessunitid@odata.bind": "/businessunits(" + rootBusinessUnit(h, host) + ")"}).want(412)
	if dup.errorCode() != codeDuplicate {
		t.Fatalf("duplicate create: %s", dup.Body)
	}
	user := h.dv("GET", host, "systemusers("+first+")", nil).want(200).object()
	if user["applicationid"] != testAppID || user["accessmode"] != float64(4) {
		t.Fatalf("application user %v", user)
	}
}

func TestApplicationUserCreateWithRepresentation(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	res := h.dv("POST", host, "systemusers", map[string]any{"applicationid": testAppID,
		"businessunitid@odata.bind": "/businessunits(" + rootBusinessUnit(h, host) + ")"}, "Prefer", "return=representation").want(201)
	if res.object()["applicationid"] != testAppID || res.Header.Get("OData-EntityId") == "" {
		t.Fatalf("created %s", res.Body)
	}
}

func TestRoleAssociation(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	user, _ := ensureAppUser(h, host, testAppID)
	admin := roleID(h, host, "System Administrator")
	ref := map[string]any{"@odata.id": "https://" + host + "/api/data/v9.2/roles(" + admin + ")"}
	tests := []struct {
		name   string
		status int
		code   string
	}{
		{"first association succeeds", 204, ""},
		{"second association is a duplicate key", 412, codeDuplicate},
	}
	for _, tt := range tests {
		res := h.dv("POST", host, "systemusers("+user+")/systemuserroles_association/$ref", ref).want(tt.status)
		if tt.code != "" && (res.errorCode() != tt.code || !strings.Contains(string(res.Body), "Cannot insert duplicate key")) {
			t.Fatalf("%s: %s", tt.name, res.Body)
		}
	}
	got := h.dv("GET", host, "systemusers("+user+")?$select=systemuserid&$expand=systemuserroles_association($select=roleid,name)", nil).want(200).object()
	roles, _ := got["systemuserroles_association"].([]any)
	if len(roles) != 1 || path(roles[0], "name") != "System Administrator" {
		t.Fatalf("roles of the app user: %v", got)
	}
	refs := h.dv("GET", host, "systemusers("+user+")/systemuserroles_association/$ref", nil).want(200).values()
	if len(refs) != 1 || !strings.HasSuffix(refs[0]["@odata.id"].(string), "roles("+admin+")") {
		t.Fatalf("role references %v", refs)
	}
	missing := map[string]any{"@odata.id": "https://" + host + "/api/data/v9.2/roles(00000000-0000-0000-0000-00000000dead)"}
	h.dv("POST", host, "systemusers("+user+")/systemuserroles_association/$ref", missing).want(404)
	h.dv("DELETE", host, "systemusers("+user+")/systemuserroles_association/$ref?$id="+url.QueryEscape(ref["@odata.id"].(string)), nil).want(204)
	if n := len(h.dv("GET", host, "systemusers("+user+")/systemuserroles_association/$ref", nil).values()); n != 0 {
		t.Fatalf("%d roles left after removal", n)
	}
}

func TestApplicationCallerMustBeAnApplicationUser(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	appToken := h.token("https://"+host, true)
	res := h.call("GET", "/dataverse/"+host+"/api/data/v9.2/WhoAmI", appToken, nil).want(403)
	if res.errorCode() != codeNotOrgMember {
		t.Fatalf("not a member: %s", res.Body)
	}
	user, _ := ensureAppUser(h, host, testAppID)
	who := h.call("GET", "/dataverse/"+host+"/api/data/v9.1/WhoAmI", appToken, nil).want(200).object()
	if who["UserId"] != user {
		t.Fatalf("WhoAmI as the app: %v, want user %s", who, user)
	}
}

func TestGroupTeamWithRoles(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	const group = "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"
	team := map[string]any{"name": "ALM Accelerator Makers", "teamtype": 2, "membershiptype": 0, "azureactivedirectoryobjectid": group,
		"businessunitid@odata.bind": "/businessunits(" + rootBusinessUnit(h, host) + ")"}
	h.dv("POST", host, "teams", team).want(204)
	h.dv("POST", host, "teams", team).want(412)
	found := h.dv("GET", host, "teams?$filter="+url.QueryEscape("azureactivedirectoryobjectid eq "+group+" and teamtype eq 2"), nil).want(200).values()
	if len(found) != 1 {
		t.Fatalf("teams for the group: %v", found)
	}
	byKey := "teams(azureactivedirectoryobjectid=" + group + ",membershiptype=0)/teamroles_association/$ref"
	basic := roleID(h, host, "Basic User")
	h.dv("POST", host, byKey, map[string]any{"@odata.id": "https://" + host + "/api/data/v9.2/roles(" + basic + ")"}).want(204)
	refs := h.dv("GET", host, byKey, nil).want(200).values()
	if len(refs) != 1 {
		t.Fatalf("team role references %v", refs)
	}
	h.dv("GET", host, "teams(azureactivedirectoryobjectid=00000000-0000-0000-0000-000000000000,membershiptype=0)/teamroles_association/$ref", nil).want(404)
}

func TestODataQueryErrors(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	tests := []struct {
		name, rest string
		status     int
		code       string
	}{
		{"unknown entity set", "widgets", 404, codeNoSegment},
		{"unparsable filter", "roles?$filter=" + url.QueryEscape("name eq 'x"), 400, codeBadQuery},
		{"unknown expand", "roles?$expand=nothing", 400, codeBadQuery},
		{"missing row", "systemusers(00000000-0000-0000-0000-000000000001)", 404, codeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := h.dv("GET", host, tt.rest, nil).want(tt.status); res.errorCode() != tt.code {
				t.Fatalf("code %q, want %q", res.errorCode(), tt.code)
			}
		})
	}
}
