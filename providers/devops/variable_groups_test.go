package devops_test

import (
	"testing"
	"time"

	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
)

func TestSecretVariableIsRewrittenOnlyWhenTheCallerSaysItChanged(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{OperationDelay: 50 * time.Millisecond})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in, r := testContext(t), newInstall(), &result{}
	check(t, "project", in.ensureProject(ctx, c, r))
	ensure := func(secret string, changed bool) devops.Outcome {
		_, o, err := c.EnsureVariableGroup(ctx, r.project.ID, devops.VariableGroupName, "ALM Accelerator for Power Platform", map[string]devops.Variable{
			"AADHost": {Value: "login.microsoftonline.com"}, "ClientSecret": {Value: secret, Secret: true, SecretChanged: changed}})
		check(t, "ensure", err)
		return o
	}
	ensure("first-secret-0001", false)
	for _, tc := range []struct {
		name    string
		secret  string
		changed bool
		want    devops.Outcome
		stored  string
	}{
		{"an unchanged secret is not rewritten", "second-secret-0002", false, devops.Found, "first-secret-0001"},
		{"a changed secret is rewritten", "second-secret-0002", true, devops.Updated, "second-secret-0002"},
	} {
		n := len(requests(t, srv))
		if o := ensure(tc.secret, tc.changed); o != tc.want {
			t.Errorf("%s: outcome %v, want %v", tc.name, o, tc.want)
		}
		if w := writesSince(t, srv, n); (len(w) > 0) != (tc.want == devops.Updated) {
			t.Errorf("%s: writes %v", tc.name, w)
		}
		g := exactlyOne(t, inventory(t, srv, true), "variableGroups", map[string]any{"name": devops.VariableGroupName})
		vars := g["variables"].(map[string]any)
		if s := vars["ClientSecret"].(map[string]any); s["value"] != tc.stored || s["isSecret"] != true {
			t.Errorf("%s: stored secret %v", tc.name, s)
		}
		if a := vars["AADHost"].(map[string]any); a["value"] != "login.microsoftonline.com" {
			t.Errorf("%s: AADHost %v", tc.name, a)
		}
	}
}

func TestPipelinePointingAtAnotherYAMLFileIsUpdatedInPlace(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{OperationDelay: 50 * time.Millisecond})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in, r := testContext(t), newInstall(), &result{}
	check(t, "project", in.ensureProject(ctx, c, r))
	check(t, "repository", in.repository(ctx, c, r))
	spec := devops.CorePipelines(r.repo.ID, r.repo.Name)[0]
	old := spec
	old.YAMLPath = "/Pipelines/old.yml"
	id, _, err := c.EnsurePipeline(ctx, r.project.ID, old)
	check(t, "create", err)
	got, o, err := c.EnsurePipeline(ctx, r.project.ID, spec)
	if err != nil || got != id || o != devops.Updated {
		t.Fatalf("realign = %d %v %v; want %d updated", got, o, err, id)
	}
	d := exactlyOne(t, inventory(t, srv, false), "buildDefinitions", map[string]any{"name": spec.Name})
	if p := d["process"].(map[string]any); p["yamlFilename"] != spec.YAMLPath {
		t.Errorf("process = %v", p)
	}
}
