package auth_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

func TestRoleHelpersReadTheRoleTable(t *testing.T) {
	role := func(id string) auth.Roles { return auth.Roles{Directory: []auth.DirectoryRole{{TemplateID: id}}} }
	tests := []struct {
		name                               string
		roles                              auth.Roles
		consent, apps, groups, powerPlatfm bool
	}{
		{"Global Administrator can do everything", role(auth.RoleGlobalAdministrator), true, true, true, true},
		{"Privileged Role Administrator grants consent only", role(auth.RolePrivilegedRoleAdministrator), true, false, false, false},
		{"Application Administrator registers apps and consents to non-Graph APIs", role(auth.RoleApplicationAdministrator), true, true, false, false},
		{"Cloud Application Administrator registers apps and consents to non-Graph APIs", role(auth.RoleCloudApplicationAdministrator), true, true, false, false},
		{"Application Developer registers apps but cannot consent", role(auth.RoleApplicationDeveloper), false, true, false, false},
		{"Groups Administrator manages groups", role(auth.RoleGroupsAdministrator), false, false, true, false},
		{"Power Platform Administrator administers Power Platform", role(auth.RolePowerPlatformAdministrator), false, false, false, true},
		{"Dynamics 365 Administrator administers Power Platform", role(auth.RoleDynamics365Administrator), false, false, false, true},
		{"no role can do none of it", auth.Roles{}, false, false, false, false},
		{"a service principal with Application.ReadWrite.All registers apps", auth.Roles{GraphAppRoles: []string{"Application.ReadWrite.All"}, IsServicePrincipal: true}, false, true, false, false},
		{"a service principal with AppRoleAssignment.ReadWrite.All cannot create delegated grants", auth.Roles{GraphAppRoles: []string{"AppRoleAssignment.ReadWrite.All"}, IsServicePrincipal: true}, false, false, false, false},
		{"a service principal with DelegatedPermissionGrant.ReadWrite.All grants consent", auth.Roles{GraphAppRoles: []string{"DelegatedPermissionGrant.ReadWrite.All"}, IsServicePrincipal: true}, true, false, false, false},
		{"a service principal with Group.ReadWrite.All manages groups", auth.Roles{GraphAppRoles: []string{"Group.ReadWrite.All"}}, false, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.roles
			if r.CanGrantConsent() != tt.consent || r.CanRegisterApps() != tt.apps || r.CanManageGroups() != tt.groups || r.IsPowerPlatformAdmin() != tt.powerPlatfm {
				t.Errorf("consent %v apps %v groups %v power platform %v", r.CanGrantConsent(), r.CanRegisterApps(), r.CanManageGroups(), r.IsPowerPlatformAdmin())
			}
		})
	}
}

// The sandbox serves no service principal memberships yet, so this test
// signs in against the sandbox and reads Graph from a stub.
func TestServicePrincipalRolesComeFromMembershipsAndGraphAppRoles(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	env := r.servicePrincipal(t)
	const spID, graphSPID, appRoleID = "sp-object-id", "graph-sp-id", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"
	answers := map[string]any{
		"/graph/v1.0/servicePrincipals(appId='" + env["AZURE_CLIENT_ID"] + "')": map[string]any{"id": spID, "displayName": "ci"},
		"/graph/v1.0/organization": map[string]any{"value": []any{map[string]any{"id": env["AZURE_TENANT_ID"]}}},
		"/graph/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')": map[string]any{"id": graphSPID, "appRoles": []any{map[string]any{"id": appRoleID, "value": "Application.ReadWrite.All"}}},
		"/graph/v1.0/servicePrincipals/" + spID + "/transitiveMemberOf": map[string]any{"value": []any{
			map[string]any{"@odata.type": "#microsoft.graph.group", "displayName": "ALM Makers"},
			map[string]any{"@odata.type": "#microsoft.graph.directoryRole", "displayName": "Groups Administrator", "roleTemplateId": auth.RoleGroupsAdministrator},
		}},
		"/graph/v1.0/servicePrincipals/" + spID + "/appRoleAssignments": map[string]any{"value": []any{map[string]any{"resourceId": graphSPID, "appRoleId": appRoleID}}},
	}
	graph := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		a, ok := answers[req.URL.Path]
		if !ok || req.Header.Get("Authorization") == "" {
			http.Error(w, `{"error":{"code":"Request_ResourceNotFound","message":"`+req.URL.Path+`"}}`, http.StatusNotFound)
			return
		}
		_ = json.NewEncoder(w).Encode(a)
	}))
	defer graph.Close()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(r.srv.CAPEM())
	pool.AddCert(graph.Certificate())
	tlsConfig := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	ends := cloud.FromSandboxTable(r.srv.Endpoints().Login, graph.URL+"/graph", "", "", "", "", "", "", "", tlsConfig)
	client := transport.New(transport.Options{TLS: tlsConfig})
	defer client.CloseIdleConnections()
	s := auth.New(auth.Options{Endpoints: ends, HTTPClient: client, CacheDir: t.TempDir(), Getenv: func(k string) string { return env[k] }})

	roles, err := s.Roles(ctx(t), tenant)
	if err != nil {
		t.Fatal(err)
	}
	if !roles.IsServicePrincipal || len(roles.Directory) != 1 || !roles.CanManageGroups() || !roles.CanRegisterApps() || roles.CanGrantConsent() {
		t.Errorf("roles = %+v", roles)
	}
}
