package entra_test

import (
	"testing"

	"almwiz/providers/sandbox/emulator"
)

// resourceAppIDs are the first-party APIs the accelerator asks permissions
// of, and PowerApps Service.
var resourceAppIDs = []string{
	"499b84ac-1321-427f-aa17-267ca6975798", // Azure DevOps
	"00000007-0000-0000-c000-000000000000", // Dynamics CRM
	"c9299480-c13a-49db-a7ae-cdfe54fe0313", // PowerApps-Advisor
	"475226c6-020e-4fb2-8a90-7a972cbfc1d4", // PowerApps Service
}

func TestAFreshTenantLacksResourceServicePrincipalsUntilTheyAreAdded(t *testing.T) {
	h := newHarness(t)
	admin := h.graphToken(tenantDomain)
	h.mustCall(admin, "GET", "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", nil, 200)
	for _, id := range resourceAppIDs {
		h.mustCall(admin, "GET", "/servicePrincipals(appId='"+id+"')", nil, 404)
		sp := h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": id}, 201)
		if scopes, _ := sp["oauth2PermissionScopes"].([]any); len(scopes) == 0 {
			t.Errorf("%s: the new service principal offers no delegated scopes: %v", id, sp)
		}
		h.mustCall(admin, "GET", "/servicePrincipals(appId='"+id+"')", nil, 200)
		h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": id}, 409)
	}
	refused := h.mustCall(admin, "POST", "/servicePrincipals", map[string]any{"appId": "11111111-2222-4333-8444-555555555555"}, 400)
	details, _ := refused["error"].(map[string]any)["details"].([]any)
	if len(details) != 1 || details[0].(map[string]any)["code"] != "NoBackingApplicationObject" {
		t.Errorf("an unknown app id: %v, want Graph's NoBackingApplicationObject", refused)
	}
}

func TestALivedInTenantHasResourceServicePrincipals(t *testing.T) {
	h := newHarnessIn(t, emulator.WorldLivedIn)
	admin := h.graphToken(tenantDomain)
	for _, id := range resourceAppIDs {
		h.mustCall(admin, "GET", "/servicePrincipals(appId='"+id+"')", nil, 200)
	}
}

func TestALivedInHomeTenantKeepsTheCoECLIsAppOnce(t *testing.T) {
	for _, tc := range []struct {
		world emulator.World
		want  int
	}{{emulator.WorldFresh, 0}, {emulator.WorldLivedIn, 1}} {
		h := newHarnessIn(t, tc.world)
		seed := emulator.Seed{Tenants: []emulator.SeedTenant{{Domain: tenantDomain, Home: true}, {Domain: "other.onmicrosoft.com"}}}
		for range 2 { // apply seeds on every run
			if err := h.svc.Seed(seed); err != nil {
				t.Fatal(err)
			}
		}
		apps, _ := h.svc.Inventory(false)["applications"].([]map[string]any)
		if len(apps) != tc.want {
			t.Fatalf("%s: applications = %v, want %d", tc.world, apps, tc.want)
		}
		if tc.want == 0 {
			continue
		}
		app := apps[0]
		owners, _ := app["owners"].([]string)
		if app["displayName"] != "ALMAcceleratorServicePrincipal" || app["uniqueName"] != nil || len(owners) != 1 {
			t.Errorf("the earlier install's app = %v, want ALMAcceleratorServicePrincipal without uniqueName, owned by the admin", app)
		}
	}
}
