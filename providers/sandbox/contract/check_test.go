package contract_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"almwiz/providers/sandbox/contract"
)

func TestRequestsAreCheckedAgainstTheOfficialDescriptions(t *testing.T) {
	const (
		repos = "/devops/contoso/ALM/_apis/git/repositories"
		perms = "/devops/contoso/ALM/_apis/pipelines/pipelinepermissions/queue/1"
	)
	for _, tc := range []struct {
		name, method, path, accept, body string
		refused                          bool
		violation                        string // "" when within the contract
	}{
		{"a repository as the spec describes it", "POST", repos + "?api-version=7.1", "", `{"name":"alm","project":{"id":"p"}}`, false, ""},
		{"the SDK's preview form of a released version", "POST", repos, "application/json;api-version=7.1-preview.1", `{"name":"alm"}`, false, ""},
		{"property names ignore case, as Json.NET binds them", "POST", repos + "?api-version=7.1", "", `{"Name":"alm"}`, false, ""},
		{"a misspelt property", "POST", repos + "?api-version=7.1", "", `{"nmae":"alm"}`, true, "'nmae'"},
		{"a misspelt nested property", "POST", repos + "?api-version=7.1", "", `{"name":"alm","project":{"idd":"p"}}`, true, "'idd'"},
		{"an array for an object", "POST", repos + "?api-version=7.1", "", `{"name":"alm","project":[]}`, true, "StartArray"},
		{"a missing body", "POST", repos + "?api-version=7.1", "", ``, true, "Value cannot be null"},
		{"a write without api-version", "POST", repos, "", `{"name":"alm"}`, true, "No api-version"},
		{"a read without api-version is served but recorded", "GET", repos, "", ``, false, "No api-version"},
		{"an older version", "GET", repos + "?api-version=6.0", "", ``, true, "6.0"},
		{"a preview operation without -preview", "GET", perms + "?api-version=7.1", "", ``, true, "under preview"},
		{"a preview operation with its revision", "GET", perms + "?api-version=7.1-preview.1", "", ``, false, ""},
		{"a preview operation above its revision", "GET", perms + "?api-version=7.1-preview.2", "", ``, true, "out of range"},
		{"a route outside the specs goes on to the emulator", "GET", "/devops/contoso/_apis/nothing/here?api-version=7.1", "", ``, false, "not a route"},
		{"a method the route lacks", "PUT", repos + "?api-version=7.1", "", `{}`, false, "does not support http method"},
		{"a listed unspecified route", "PUT", "/devops/contoso/_apis/securityroles/scopes/distributedtask.variablegroup/roleassignments/resources/p%2412?api-version=7.1-preview.1", "", `[{"roleName":"User","userId":"u"}]`, false, ""},
		{"the user's profile, above any organization", "GET", "/app-vssps/_apis/profile/profiles/me?api-version=7.1-preview.3", "", ``, false, ""},
		{"the user's organizations", "GET", "/app-vssps/_apis/accounts?memberId=m&api-version=7.1-preview.1", "", ``, false, ""},
		{"a route the accounts host lacks", "GET", "/app-vssps/_apis/projects?api-version=7.1", "", ``, false, "app.vssps.visualstudio.com/_apis/projects is not a route"},
		{"the SDK's discovery", "GET", "/vssps/contoso/_apis/ResourceAreas", "application/json;api-version=5.1-preview.1", ``, false, ""},
		{"a trailing route value left out", "GET", "/extmgmt/contoso/_apis/ExtensionManagement/InstalledExtensionsByName/qetza/replacetokens?api-version=7.1-preview.1", "", ``, false, ""},
		{"a derived type's members (YamlProcess)", "POST", "/devops/contoso/ALM/_apis/build/definitions?api-version=7.1", "", `{"name":"p","process":{"type":2,"yamlFilename":"a.yml"}}`, false, ""},
		{"a dictionary's members", "POST", "/devops/contoso/_apis/distributedtask/variablegroups?api-version=7.1", "", `{"name":"vg","type":"Vsts","variables":{"anyName":{"value":"v","isSecret":false}}}`, false, ""},
		{"a misspelt member of a dictionary value", "POST", "/devops/contoso/_apis/distributedtask/variablegroups?api-version=7.1", "", `{"name":"vg","variables":{"a":{"valeu":"v"}}}`, true, "'valeu'"},
		{"a Graph application", "POST", "/graph/v1.0/applications", "", `{"displayName":"ALM","signInAudience":"AzureADMyOrg","requiredResourceAccess":[{"resourceAppId":"r","resourceAccess":[{"id":"i","type":"Scope"}]}]}`, false, ""},
		{"an unknown Graph property", "POST", "/graph/v1.0/applications", "", `{"displayName":"ALM","colour":"red"}`, true, "Property 'colour' does not exist as a declared property or extension property."},
		{"an unknown nested Graph property", "PATCH", "/graph/v1.0/applications/abc", "", `{"requiredResourceAccess":[{"resourceAppId":"r","resourceAccess":[{"id":"i","kind":"Scope"}]}]}`, true, "'kind'"},
		{"a Graph property of the wrong type", "POST", "/graph/v1.0/groups", "", `{"displayName":"g","mailEnabled":"false","mailNickname":"g","securityEnabled":true}`, true, "Edm.Boolean"},
		{"Graph binds and annotations", "POST", "/graph/v1.0/groups", "", `{"displayName":"g","mailEnabled":false,"mailNickname":"g","securityEnabled":true,"owners@odata.bind":["x"]}`, false, ""},
		{"a Graph action's parameters", "POST", "/graph/v1.0/applications/abc/microsoft.graph.addPassword", "", `{"passwordCredential":{"displayName":"d","endDateTime":"2030-01-01T00:00:00Z"}}`, false, ""},
		{"an alternate key", "PATCH", "/graph/v1.0/applications(uniqueName='alm')", "", `{"displayName":"ALM","nope":1}`, true, "'nope'"},
		{"a read-only Graph property", "POST", "/graph/v1.0/applications", "", `{"displayName":"ALM","certification":{"isCertifiedByMicrosoft":true}}`, true, "read-only"},
		{"a property the description calls read-only", "PATCH", "/graph/v1.0/applications/abc", "", `{"appId":"a"}`, true, "Property 'appId' is read-only and cannot be set."},
		{"a service principal names its application", "POST", "/graph/v1.0/servicePrincipals", "", `{"appId":"a"}`, false, ""},
		{"Dataverse is not checked", "POST", "/dataverse/contoso.crm.dynamics.com/api/data/v9.2/teams", "", `{"anything":1}`, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "https://127.0.0.1"+tc.path, strings.NewReader(tc.body))
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			v := contract.Check(r)
			switch {
			case tc.violation == "" && v != nil:
				t.Fatalf("violation %q, want none", v.Message)
			case tc.violation != "" && v == nil:
				t.Fatalf("no violation, want one naming %q", tc.violation)
			case v != nil && (!strings.Contains(v.Message, tc.violation) || v.Refused != tc.refused):
				t.Fatalf("violation %q refused=%v, want one naming %q refused=%v", v.Message, v.Refused, tc.violation, tc.refused)
			}
		})
	}
}

func TestTheBodyIsStillThereForTheHandler(t *testing.T) {
	r := httptest.NewRequest("POST", "https://127.0.0.1/graph/v1.0/applications", strings.NewReader(`{"displayName":"ALM"}`))
	var rec contract.Recorder
	var got string
	rec.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
	})).ServeHTTP(httptest.NewRecorder(), r)
	if got != `{"displayName":"ALM"}` {
		t.Errorf("handler read %q", got)
	}
}

// BenchmarkCheck measures what the check adds to a typical write.
func BenchmarkCheck(b *testing.B) {
	body := `{"name":"p","path":"\\","type":"build","queue":{"id":2},"process":{"type":2,"yamlFilename":"/Pipelines/a.yml"},"repository":{"id":"r","type":"TfsGit","name":"alm","defaultBranch":"refs/heads/main"}}`
	for b.Loop() {
		r := httptest.NewRequest("POST", "https://127.0.0.1/devops/contoso/ALM/_apis/build/definitions?api-version=7.1", strings.NewReader(body))
		if v := contract.Check(r); v != nil {
			b.Fatal(v.Message)
		}
	}
}
