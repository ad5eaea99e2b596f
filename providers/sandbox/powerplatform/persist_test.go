package powerplatform

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"almwiz/providers/sandbox/emulator"
)

func TestSeedCreatesReadyEnvironmentsWithDataverse(t *testing.T) {
	h := newHarness(t)
	seed := emulator.Seed{Environments: []emulator.SeedEnvironment{
		{URL: "https://contoso-test.crm4.dynamics.com/", DisplayName: "Contoso Test", Type: "Sandbox"},
		{URL: "https://contoso-prod.crm.dynamics.com/", Type: "Production", Region: "unitedstates"},
	}}
	for range 2 { // seeding twice changes nothing
		if err := h.svc.Seed(seed); err != nil {
			t.Fatal(err)
		}
	}
	envs := h.bap("GET", bapEnvs+"?api-version=2020-10-01", nil).want(200).values()
	if len(envs) != 2 {
		t.Fatalf("environments %v", envs)
	}
	tests := []struct{ host, location, sku string }{
		{"contoso-test.crm4.dynamics.com", "europe", "Sandbox"},
		{"contoso-prod.crm.dynamics.com", "unitedstates", "Production"},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			var env map[string]any
			for _, e := range envs {
				if path(e, "properties.linkedEnvironmentMetadata.instanceUrl") == "https://"+tt.host+"/" {
					env = e
				}
			}
			if env == nil || env["location"] != tt.location || path(env, "properties.environmentSku") != tt.sku {
				t.Fatalf("environment for %s: %v", tt.host, env)
			}
			rootBusinessUnit(h, tt.host)
			roleID(h, tt.host, "System Administrator")
			roleID(h, tt.host, "Basic User")
		})
	}
	bad := emulator.Seed{Environments: []emulator.SeedEnvironment{{URL: "not a url"}}}
	if err := h.svc.Seed(bad); err == nil {
		t.Fatal("seeding a bad URL succeeded")
	}
}

func TestSnapshotRestoreRoundTrip(t *testing.T) {
	h := newHarness(t)
	env, host := almHost(h)
	bindReferences(h, env, host)
	user, _ := ensureAppUser(h, host, testAppID)
	h.bap("PUT", "/bap/providers/Microsoft.BusinessAppPlatform/adminApplications/"+testAppID+"?api-version=2020-06-01", nil).want(200)
	data, err := h.svc.Snapshot()
	if err != nil {
		t.Fatal(err)
	}

	restored := newHarness(t)
	restored.tokens = h.tokens
	restored.svc.env.Tokens = h.tokens
	if err := restored.svc.Restore(data); err != nil {
		t.Fatal(err)
	}
	before, after := inventoryJSON(t, h.svc), inventoryJSON(t, restored.svc)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("inventory changed across snapshot and restore:\nbefore %v\nafter  %v", before, after)
	}
	// The restored organisation keeps working: rows read back from JSON still
	// match filters, and a second app user is still a duplicate.
	second, created := ensureAppUser(restored, host, testAppID)
	if created || second != user {
		t.Fatalf("after restore: created %v, id %s, want %s", created, second, user)
	}
	for _, f := range restored.dv("GET", host, "workflows?"+filter("category eq 5"), nil).want(200).values() {
		restored.dv("PATCH", host, "workflows("+f["workflowid"].(string)+")", map[string]any{"statecode": 1, "statuscode": 2}).want(204)
	}
	if err := restored.svc.Restore([]byte("{not json")); err == nil {
		t.Fatal("restoring junk succeeded")
	}
	restored.svc.Reset()
	if envs := restored.bap("GET", bapEnvs+"?api-version=2023-06-01", nil).want(200).values(); len(envs) != 0 {
		t.Fatalf("environments after reset: %v", envs)
	}
}

func inventoryJSON(t *testing.T, s *Service) map[string]any {
	t.Helper()
	data, err := json.Marshal(s.Inventory(true))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	_ = json.Unmarshal(data, &v)
	return v
}

func TestAddAppUserThroughTheAdminAPI(t *testing.T) {
	h := newHarness(t)
	env, host := h.createEnvironment("addapp", "europe")
	for range 2 {
		h.bap("POST", bapEnvs+"/"+env+"/addAppUser?api-version=2020-10-01", map[string]any{"servicePrincipalAppId": testAppID}).want(200)
	}
	users := h.dv("GET", host, "systemusers?$expand=systemuserroles_association($select=name)&"+filter("applicationid eq "+testAppID), nil).want(200).values()
	if len(users) != 1 || len(users[0]["systemuserroles_association"].([]any)) != 1 {
		t.Fatalf("application users %v", users)
	}
}

func TestConcurrentRequestsAreSafe(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	done := make(chan struct{})
	for i := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			tryGet(h, "/dataverse/"+host+"/api/data/v9.2/roles", h.token("https://"+host, false))
			tryGet(h, bapEnvs+"?api-version=2023-06-01", h.token(emulator.AudiencePowerPlatform, false))
			_ = h.svc.Inventory(i%2 == 0)
			_, _ = h.svc.Snapshot()
		}()
	}
	for range 8 {
		<-done
	}
}

// tryGet sends a GET from any goroutine, ignoring the outcome.
func tryGet(h *harness, path, token string) {
	req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if res, err := h.srv.Client().Do(req); err == nil {
		res.Body.Close()
	}
}
