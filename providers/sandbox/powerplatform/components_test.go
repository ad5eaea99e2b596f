package powerplatform

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"almwiz/providers/sandbox/emulator"
)

// almHost creates an environment through the admin API and installs the accelerator in it.
func almHost(h *harness) (string, string) {
	h.t.Helper()
	env, host := h.createEnvironment("contoso-alm", "unitedstates")
	installALM(h, host)
	return env, host
}

func filter(expr string) string { return "$filter=" + url.QueryEscape(expr) }

func TestALMImportCreatesTheComponentsTheInstallerTouches(t *testing.T) {
	h := newHarness(t)
	_, host := almHost(h)
	tests := []struct {
		name, rest string
		want       int
	}{
		{"canvas app", "canvasapps?" + filter("displayname eq 'ALM Accelerator for Power Platform'"), 1},
		{"Dataverse legacy reference", "connectionreferences?" + filter("connectionreferencelogicalname eq 'cat_CDSDevOps'"), 1},
		{"Dataverse reference", "connectionreferences?" + filter("connectionreferencelogicalname eq 'cat_sharedcommondataserviceforapps_3bba0'"), 1},
		{"makers reference", "connectionreferences?" + filter("connectionreferencelogicalname eq 'cat_sharedpowerappsforappmakers_c4094'"), 1},
		{"HTTP with Entra ID reference", "connectionreferences?" + filter("connectionreferencelogicalname eq 'cat_sharedwebcontents_0df3a'"), 1},
		{"custom connector", "connectors?" + filter("startswith(name,'cat_5Fcustomazuredevops') and displayname eq 'CustomAzureDevOps'"), 1},
		{"flows, off after import", "workflows?" + filter("category eq 5 and statecode eq 0"), 7},
		{"ALM Power App Access role", "roles?" + filter("name eq 'ALM Power App Access'"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.dv("GET", host, tt.rest, nil).want(200).values(); len(got) != tt.want {
				t.Fatalf("%d rows, want %d: %v", len(got), tt.want, got)
			}
		})
	}
}

// bindReferences creates a connection per connector as the admin and binds every reference.
func bindReferences(h *harness, env, host string) {
	h.t.Helper()
	tok := h.token(emulator.AudiencePowerPlatform, false)
	for _, ref := range h.dv("GET", host, "connectionreferences", nil).want(200).values() {
		api := ref["connectorid"].(string)[strings.LastIndex(ref["connectorid"].(string), "/")+1:]
		conns := h.call("GET", "/powerapps/providers/Microsoft.PowerApps/apis/"+api+"/connections?api-version=2016-11-01&"+
			filter("environment eq '"+env+"'"), tok, nil).want(200).values()
		var name string
		if len(conns) > 0 {
			name = conns[0]["name"].(string)
		} else {
			created := h.call("PUT", "/powerapps/providers/Microsoft.PowerApps/apis/"+api+"/connections/"+strings.ReplaceAll(newGUID(), "-", "")+
				"?api-version=2016-11-01", tok, map[string]any{"properties": map[string]any{"environment": map[string]any{"name": env}}}).want(201).object()
			name = created["name"].(string)
		}
		h.dv("PATCH", host, "connectionreferences("+ref["connectionreferenceid"].(string)+")", map[string]any{"connectionid": name}, "If-Match", "*").want(204)
	}
}

func TestConnectionReferenceBindingAndFlowsTurnedOn(t *testing.T) {
	h := newHarness(t)
	env, host := almHost(h)
	flows := h.dv("GET", host, "workflows?"+filter("category eq 5"), nil).want(200).values()
	on := map[string]any{"statecode": 1, "statuscode": 2}
	first := "workflows(" + flows[0]["workflowid"].(string) + ")"
	if res := h.dv("PATCH", host, first, on).want(400); !strings.Contains(string(res.Body), "has no connection") {
		t.Fatalf("flow turned on with unbound references: %s", res.Body)
	}
	ref := h.dv("GET", host, "connectionreferences?"+filter("connectionreferencelogicalname eq 'cat_CDSDevOps'"), nil).values()[0]
	wrong, _ := h.svc.CreateConnection(env, "shared_webcontents", testAdminOID, "Contoso Admin")
	h.dv("PATCH", host, "connectionreferences("+ref["connectionreferenceid"].(string)+")", map[string]any{"connectionid": wrong}).want(400)

	bindReferences(h, env, host)
	for _, f := range flows {
		h.dv("PATCH", host, "workflows("+f["workflowid"].(string)+")", on).want(204)
	}
	if off := h.dv("GET", host, "workflows?"+filter("category eq 5 and statecode eq 0"), nil).values(); len(off) != 0 {
		t.Fatalf("flows still off: %v", off)
	}
	for _, r := range h.dv("GET", host, "connectionreferences", nil).values() {
		if r["connectionid"] == nil {
			t.Fatalf("unbound reference %v", r)
		}
	}
}

func TestCanvasAppSharedWithGroup(t *testing.T) {
	h := newHarness(t)
	env, _ := almHost(h)
	tok := h.token(emulator.AudiencePowerPlatform, false)
	apps := h.call("GET", "/powerapps/providers/Microsoft.PowerApps/apps?api-version=2016-11-01&"+filter("environment eq '"+env+"'"), tok, nil).want(200).values()
	if len(apps) != 1 || path(apps[0], "properties.displayName") != "ALM Accelerator for Power Platform" {
		t.Fatalf("apps %v", apps)
	}
	app := apps[0]["name"].(string)
	const group = "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"
	share := map[string]any{"put": []any{map[string]any{"properties": map[string]any{"roleName": "CanView", "NotifyShareTargetOption": "DoNotNotify",
		"principal": map[string]any{"email": "ALMAcceleratorForMakers", "id": group, "tenantId": nil, "type": "Group"}}}}}
	perms := "/powerapps/providers/Microsoft.PowerApps/apps/" + app
	h.call("POST", perms+"/modifyPermissions?api-version=2020-06-01&"+filter("environment eq '"+env+"'"), tok, share).want(200)
	// The maker portal's proxy route reaches the same operation.
	h.call("POST", "/powerapps/api/invoke", tok, share, "x-ms-path-query",
		"/providers/Microsoft.PowerApps/apps/"+app+"/modifyPermissions?api-version=2020-06-01").want(200)
	got := h.call("GET", perms+"/permissions?api-version=2020-06-01&$expand="+url.QueryEscape("permissions($filter=environment eq '"+env+"')"), tok, nil).want(200).values()
	if len(got) != 1 || path(got[0], "properties.roleName") != "CanView" || path(got[0], "properties.principal.type") != "Group" ||
		path(got[0], "properties.principal.id") != group {
		t.Fatalf("permissions %v", got)
	}
	bad := map[string]any{"put": []any{map[string]any{"roleName": "Owner", "principal": map[string]any{"id": group, "type": "Group"}}}}
	h.call("POST", perms+"/modifyPermissions?api-version=2020-06-01", tok, bad).want(400)
	h.call("POST", "/powerapps/providers/Microsoft.PowerApps/apps/00000000-0000-0000-0000-000000000000/modifyPermissions?api-version=2020-06-01", tok, share).want(404)
}

func TestCustomConnectorOAuthSettings(t *testing.T) {
	h := newHarness(t)
	env, host := almHost(h)
	conn := h.dv("GET", host, "connectors?"+filter("name eq 'cat_5Fcustomazuredevops'"), nil).want(200).values()[0]
	var params map[string]any
	_ = json.Unmarshal([]byte(conn["connectionparameters"].(string)), &params)
	oauth := oauthSettings(params)
	oauth["clientId"], oauth["clientSecret"], oauth["redirectMode"] = testAppID, "s3cr3t-value", "GlobalPerConnector"

	tok := h.token(emulator.AudiencePowerPlatform, false)
	api := "/powerapps/providers/Microsoft.PowerApps/apis/" + conn["connectorinternalid"].(string) + "?api-version=2016-11-01&" + filter("environment eq '"+env+"'")
	// A partial update is refused; the whole connector (as paconn sends it) is taken.
	h.call("PATCH", api, tok, map[string]any{"properties": map[string]any{"connectionParameters": params}}).want(400)
	current := h.call("GET", api, tok, nil).want(200).object()
	swaggerURL := path(current, "properties.apiDefinitions.originalSwaggerUrl").(string)
	swagger := h.call("GET", swaggerURL, "", nil).want(200).object()
	whole := map[string]any{"connectionParameters": params, "openApiDefinition": swagger,
		"backendService": path(current, "properties.backendService"), "environment": map[string]any{"name": env},
		"description": path(current, "properties.description"), "policyTemplateInstances": path(current, "properties.policyTemplateInstances")}
	res := h.call("PATCH", api, tok, map[string]any{"properties": whole}).want(200).object()
	if p, _ := path(res, "properties.policyTemplateInstances").([]any); len(p) != 1 {
		t.Errorf("policy template instances after PATCH %v", p)
	}
	got := path(res, "properties.connectionParameters.token.oAuthSettings").(map[string]any)
	if got["clientId"] != testAppID || got["clientSecret"] != nil ||
		!strings.HasPrefix(got["redirectUrl"].(string), "https://global.consent.azure-apim.net/redirect/cat-5fcustomazuredevops-") {
		t.Fatalf("OAuth settings after PATCH %v", got)
	}
	if leaked, _ := json.Marshal(h.svc.Inventory(false)); strings.Contains(string(leaked), "s3cr3t-value") {
		t.Fatal("inventory without secrets shows the client secret")
	}
	if shown, _ := json.Marshal(h.svc.Inventory(true)); !strings.Contains(string(shown), "s3cr3t-value") {
		t.Fatal("inventory with secrets misses the client secret")
	}
	h.call("GET", api, tok, nil).want(200)
}

func TestConnectionsCreatedByControlRoute(t *testing.T) {
	h := newHarness(t)
	env, host := h.createEnvironment("ctl", "unitedstates")
	h.call("POST", "/_sandbox/powerplatform/connections", "", map[string]any{"environment": "https://" + host + "/",
		"api": "shared_webcontents", "ownerId": testAdminOID, "ownerName": "Contoso Admin"}).want(201)
	tok := h.token(emulator.AudiencePowerPlatform, false)
	conns := h.call("GET", "/powerapps/providers/Microsoft.PowerApps/scopes/admin/environments/"+env+"/connections?api-version=2016-11-01", tok, nil).want(200).values()
	if len(conns) != 1 || path(conns[0], "properties.createdBy.id") != testAdminOID || path(conns[0], "properties.apiId") != "/providers/Microsoft.PowerApps/apis/shared_webcontents" {
		t.Fatalf("connections %v", conns)
	}
	h.call("POST", "/_sandbox/powerplatform/connections", "", map[string]any{"environment": "missing", "api": "shared_webcontents"}).want(404)
}

func TestAdminApplicationRegistration(t *testing.T) {
	h := newHarness(t)
	base := "/bap/providers/Microsoft.BusinessAppPlatform/adminApplications"
	h.bap("PUT", base+"/"+testAppID+"?api-version=2020-06-01", nil).want(200)
	h.bap("PUT", base+"/"+testAppID+"?api-version=2020-06-01", nil).want(200)
	if apps := h.bap("GET", base+"?api-version=2020-06-01", nil).want(200).values(); len(apps) != 1 || apps[0]["applicationId"] != testAppID {
		t.Fatalf("management apps %v", apps)
	}
	h.call("PUT", base+"/"+testAppID+"?api-version=2020-06-01", h.token(emulator.AudiencePowerPlatform, true), nil).want(403)
}
