package powerplatform

import (
	"strings"
	"testing"

	"almwiz/providers/sandbox/emulator"
)

func TestEnvironmentCreation(t *testing.T) {
	h := newHarness(t)
	res := h.bap("POST", "/bap/providers/Microsoft.BusinessAppPlatform/environments?api-version=2023-06-01",
		createBody("contoso-dev", "europe", "Sandbox")).want(202)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, h.srv.URL+"/bap/providers/Microsoft.BusinessAppPlatform/lifecycleOperations/") || res.Header.Get("Retry-After") == "" {
		t.Fatalf("Location %q, Retry-After %q", loc, res.Header.Get("Retry-After"))
	}
	tok := h.token(emulator.AudiencePowerPlatform, false)

	op := h.call("GET", loc, tok, nil).want(200).object()
	if path(op, "state.id") != "Running" {
		t.Fatalf("operation before the delay: %v", path(op, "state.id"))
	}
	list := h.bap("GET", bapEnvs+"?api-version=2023-06-01&$expand=properties/billingPolicy", nil).want(200).values()
	if len(list) != 1 || path(list[0], "properties.provisioningState") != "Creating" || path(list[0], "properties.linkedEnvironmentMetadata") != nil {
		t.Fatalf("environment while creating: %v", list)
	}
	if h.dv("GET", "contoso-dev.crm4.dynamics.com", "WhoAmI", nil).Status != 404 {
		t.Fatal("Dataverse answered before the environment was ready")
	}

	h.clock.Advance(operationDelay)
	op = h.call("GET", loc, tok, nil).want(200).object()
	if path(op, "state.id") != "Succeeded" {
		t.Fatalf("operation after the delay: %v", op)
	}
	envPath := path(op, "links.environment.path").(string)
	env := h.bap("GET", bapEnvs+"/"+envPath[strings.LastIndex(envPath, "/")+1:]+"?api-version=2023-06-01", nil).want(200).object()
	if got := path(env, "properties.linkedEnvironmentMetadata.instanceUrl"); got != "https://contoso-dev.crm4.dynamics.com/" {
		t.Fatalf("instanceUrl %v", got)
	}
	if path(env, "properties.provisioningState") != "Succeeded" || path(env, "properties.environmentSku") != "Sandbox" {
		t.Fatalf("environment %v", env)
	}
	who := h.dv("GET", "contoso-dev.crm4.dynamics.com", "WhoAmI", nil).want(200).object()
	if who["UserId"] == "" || who["BusinessUnitId"] == "" {
		t.Fatalf("WhoAmI %v", who)
	}
}

func TestEnvironmentDataverseSuffixByLocation(t *testing.T) {
	tests := []struct{ location, host string }{
		{"unitedstates", "a.crm.dynamics.com"}, {"europe", "b.crm4.dynamics.com"}, {"unitedkingdom", "c.crm11.dynamics.com"},
		{"australia", "d.crm6.dynamics.com"}, {"switzerland", "e.crm17.dynamics.com"},
	}
	h := newHarness(t)
	for _, tt := range tests {
		_, host := h.createEnvironment(strings.Split(tt.host, ".")[0], tt.location)
		if host != tt.host {
			t.Errorf("%s: host %q, want %q", tt.location, host, tt.host)
		}
	}
}

func TestEnvironmentCreateRejectsBadRequests(t *testing.T) {
	h := newHarness(t)
	h.createEnvironment("taken", "unitedstates")
	base := "/bap/providers/Microsoft.BusinessAppPlatform/environments"
	tests := []struct {
		name, query string
		body        map[string]any
		status      int
		code        string
	}{
		{"missing api-version", "", createBody("x1", "europe", "Sandbox"), 400, "MissingApiVersionParameter"},
		{"unknown sku", "?api-version=2023-06-01", createBody("x2", "europe", "Huge"), 400, "InvalidEnvironmentSku"},
		{"unknown location", "?api-version=2023-06-01", createBody("x3", "mars", "Sandbox"), 400, "InvalidLocation"},
		{"domain already in use", "?api-version=2023-06-01", createBody("taken", "europe", "Sandbox"), 400, "DomainNameAlreadyInUse"},
		{"invalid domain", "?api-version=2023-06-01", createBody("Not A Domain", "europe", "Sandbox"), 400, "InvalidDomainName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := h.bap("POST", base+tt.query, tt.body).want(tt.status)
			if res.errorCode() != tt.code {
				t.Fatalf("code %q, want %q", res.errorCode(), tt.code)
			}
		})
	}
}

func TestEnvironmentDeleteIsALongRunningOperation(t *testing.T) {
	h := newHarness(t)
	name, host := h.createEnvironment("doomed", "europe")
	res := h.bap("DELETE", bapEnvs+"/"+name+"?api-version=2023-06-01", nil).want(202)
	h.clock.Advance(operationDelay)
	op := h.call("GET", res.Header.Get("Location"), h.token(emulator.AudiencePowerPlatform, false), nil).want(200).object()
	if path(op, "state.id") != "Succeeded" || path(op, "type.id") != "Delete" {
		t.Fatalf("delete operation %v", op)
	}
	h.bap("GET", bapEnvs+"/"+name+"?api-version=2023-06-01", nil).want(404)
	h.dv("GET", host, "WhoAmI", nil).want(404)
}

func TestWrongAudienceIsRejected(t *testing.T) {
	h := newHarness(t)
	host := h.seedHost("https://contoso.crm.dynamics.com/")
	tests := []struct {
		name, path, audience string
	}{
		{"admin API with a Dataverse token", bapEnvs + "?api-version=2023-06-01", "https://" + host},
		{"Dataverse with an admin-API token", "/dataverse/" + host + "/api/data/v9.2/WhoAmI", emulator.AudiencePowerPlatform},
		{"Dataverse with another organisation's token", "/dataverse/" + host + "/api/data/v9.2/WhoAmI", "https://other.crm.dynamics.com"},
		{"PowerApps API with a Graph token", "/powerapps/providers/Microsoft.PowerApps/apps?api-version=2016-11-01", emulator.AudienceGraph},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.call("GET", tt.path, h.token(tt.audience, false), nil).want(401)
		})
	}
	h.call("GET", bapEnvs+"?api-version=2023-06-01", "", nil).want(401)
}

func TestUnknownDataverseHostIsNotFound(t *testing.T) {
	h := newHarness(t)
	h.dv("GET", "nowhere.crm.dynamics.com", "WhoAmI", nil).want(404)
}
