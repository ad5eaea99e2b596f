package devops_test

import (
	"testing"

	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
)

// A description given to Ensure… is that of what the call creates: an
// existing variable group or service connection keeps its own through an
// update, so that destroy never takes a resource made by hand for one
// almwiz made (its mark is in the description).
func TestAnUpdateKeepsTheDescriptionOfWhatExisted(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in, r := testContext(t), newInstall(), &result{}
	check(t, "extensions", in.extensions(ctx, c, r))
	check(t, "project", in.ensureProject(ctx, c, r))

	_, _, err := c.EnsureVariableGroup(ctx, r.project.ID, devops.VariableGroupName, "Contoso's own", map[string]devops.Variable{"Team": {Value: "contoso"}})
	check(t, "variable group by hand", err)
	_, o, err := c.EnsureVariableGroup(ctx, r.project.ID, devops.VariableGroupName, "marked", map[string]devops.Variable{"AADHost": {Value: "login.microsoftonline.com"}})
	check(t, "variable group", err)
	if _, desc, _, err := c.VariableGroupDescription(ctx, r.project.ID, devops.VariableGroupName); err != nil || o != devops.Updated || desc != "Contoso's own" {
		t.Errorf("variable group: outcome %v, description %q (%v); want updated, keeping %q", o, desc, err, "Contoso's own")
	}

	spec := devops.ServiceConnectionSpec{EnvironmentURL: in.environments[1], TenantID: in.tenantID, ApplicationID: in.appID, ClientSecret: in.secret, Description: "Contoso's own"}
	_, _, err = c.EnsureServiceConnection(ctx, r.project.ID, spec)
	check(t, "service connection by hand", err)
	spec.Description, spec.UpdateSecret = "marked", true
	_, o, err = c.EnsureServiceConnection(ctx, r.project.ID, spec)
	check(t, "service connection", err)
	if sc, err := c.FindServiceConnection(ctx, r.project.ID, in.environments[1]); err != nil || o != devops.Updated || sc.Description != "Contoso's own" {
		t.Errorf("service connection: outcome %v, %+v (%v); want updated, keeping %q", o, sc, err, "Contoso's own")
	}
}
