package devops_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

func TestRotationRewritesTheServiceConnectionSecretInPlace(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in := testContext(t), newInstall()
	r := &result{}
	check(t, "extensions", in.extensions(ctx, c, r))
	check(t, "project", in.ensureProject(ctx, c, r))
	spec := devops.ServiceConnectionSpec{EnvironmentURL: in.environments[1], TenantID: in.tenantID, ApplicationID: in.appID, ClientSecret: in.secret}
	id, _, err := c.EnsureServiceConnection(ctx, r.project.ID, spec)
	check(t, "create", err)

	for _, tc := range []struct {
		name, secret string
		rotate       bool
		want         devops.Outcome
		stored       string
	}{
		{"a new secret without rotation is not written", "new-secret-value-0002", false, devops.Found, in.secret},
		{"rotation writes the new secret", "new-secret-value-0002", true, devops.Updated, "new-secret-value-0002"},
	} {
		spec.ClientSecret, spec.UpdateSecret = tc.secret, tc.rotate
		got, o, err := c.EnsureServiceConnection(ctx, r.project.ID, spec)
		check(t, tc.name, err)
		if got != id || o != tc.want {
			t.Errorf("%s: id %s outcome %v; want id %s outcome %v", tc.name, got, o, id, tc.want)
		}
		e := exactlyOne(t, inventory(t, srv, true), "serviceEndpoints", map[string]any{"id": id})
		if p := e["parameters"].(map[string]any); p["clientSecret"] != tc.stored || p["applicationId"] != in.appID {
			t.Errorf("%s: stored parameters %v", tc.name, p)
		}
	}
}

func TestClientSecretNeverAppearsInErrorsOrRequestPaths(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{OperationDelay: 50 * time.Millisecond})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in := testContext(t), newInstall()
	in.rotate = true
	_, err := in.run(ctx, c, false)
	check(t, "install", err)
	_, _, err = c.EnsureServiceConnection(ctx, "no-such-project", devops.ServiceConnectionSpec{EnvironmentURL: in.environments[0],
		TenantID: in.tenantID, ApplicationID: in.appID, ClientSecret: in.secret})
	if err == nil || strings.Contains(err.Error(), in.secret) {
		t.Errorf("error for a missing project = %v", err)
	}
	log, _ := json.Marshal(requests(t, srv))
	if strings.Contains(string(log), in.secret) {
		t.Error("the client secret is in the request log")
	}
	plain, _ := json.Marshal(inventory(t, srv, false))
	withSecrets, _ := json.Marshal(inventory(t, srv, true))
	if strings.Contains(string(plain), in.secret) || !strings.Contains(string(withSecrets), in.secret) {
		t.Error("the secret is in the inventory without ?secrets=true, or not stored at all")
	}
}

func TestRejectedSignInSaysWhatToDo(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	ctx := testContext(t)
	ep, err := cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	check(t, "endpoints", err)
	forged := auth.TokenFunc(func(context.Context) (string, error) { return "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", nil })
	_, err = devops.New(ctx, ep.Organization("contoso"), ep.ExtensionManagement("contoso"), forged, srv.TLSConfig())
	var api *transport.APIError
	if !errors.As(err, &api) || api.Status != 401 || api.Service != "Azure DevOps" || api.Code != "TF400813" ||
		!strings.Contains(api.Suggestion, "not a member") && !strings.Contains(api.Suggestion, "may not be a member") {
		t.Fatalf("error = %#v", err)
	}
	if !strings.Contains(err.Error(), "connect to Azure DevOps organization contoso") {
		t.Errorf("error does not say what was being done: %v", err)
	}
}

func TestProjectCollectionAdminSeesDirectMembership(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	tokens := signIn(t, srv)
	c := newClient(t, srv, "contoso", tokens)
	ctx := testContext(t)
	admin, err := c.ProjectCollectionAdmin(ctx)
	check(t, "before", err)
	if admin {
		t.Error("a new organization's signed-in user reads as Project Collection Administrator")
	}
	addSignedInUserToCollectionAdmins(t, srv, tokens)
	admin, err = c.ProjectCollectionAdmin(ctx)
	check(t, "after", err)
	if !admin {
		t.Error("a direct member of Project Collection Administrators reads as not one")
	}
}
