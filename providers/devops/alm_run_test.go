package devops_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
)

func TestALMAcceleratorInstallRunTwiceSecondRunWritesNothing(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{OperationDelay: 100 * time.Millisecond})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in := testContext(t), newInstall()

	r, err := in.run(ctx, c, false)
	check(t, "first run", err)
	n := len(requests(t, srv))
	again, err := in.run(ctx, c, false)
	check(t, "second run", err)
	if w := writesSince(t, srv, n); len(w) != 0 {
		t.Errorf("second run wrote %d times: %v", len(w), w)
	}
	if fmt.Sprint(again.pipelines, again.endpoints, again.group) != fmt.Sprint(r.pipelines, r.endpoints, r.group) {
		t.Errorf("second run found other resources: %v %v %d", again.pipelines, again.endpoints, again.group)
	}
	checkInstalled(t, srv, in, r)
}

// checkInstalled asserts the inventory holds exactly one of everything the
// reference (alm-accelerator.md §4) lists, by its exact names.
func checkInstalled(t *testing.T, srv *sandbox.Server, in install, r result) {
	t.Helper()
	inv := inventory(t, srv, false)
	for _, e := range [][2]string{{"microsoft-IsvExpTools", "PowerPlatform-BuildTools"}, {"qetza", "replacetokens"}, {"sariftools", "scans"}} {
		exactlyOne(t, inv, "extensions", map[string]any{"publisherId": e[0], "extensionId": e[1]})
	}
	exactlyOne(t, inv, "projects", map[string]any{"name": in.project, "state": "wellFormed"})
	repo := exactlyOne(t, inv, "repositories", map[string]any{"name": "pipelines", "project": in.project, "defaultBranch": "refs/heads/main"})
	if imp, _ := repo["import"].(map[string]any); imp["status"] != "completed" {
		t.Errorf("import = %v", repo["import"])
	}
	// The import brings the default branch; main must be moved to the
	// release tag's commit (the tag itself is an annotated tag object).
	if tags, _ := repo["tagCommits"].(map[string]any); repo["main"] == nil || repo["main"] != tags[devops.TemplatesTag] {
		t.Errorf("main at %v, want the commit of %s: %v", repo["main"], devops.TemplatesTag, tags)
	}
	for _, p := range devops.CorePipelines(r.repo.ID, "pipelines") {
		d := exactlyOne(t, inv, "buildDefinitions", map[string]any{"name": p.Name, "project": in.project})
		if fmt.Sprint(d["process"]) != fmt.Sprint(map[string]any{"type": 2, "yamlFilename": p.YAMLPath}) {
			t.Errorf("%s process = %v", p.Name, d["process"])
		}
		if repo := d["repository"].(map[string]any); repo["name"] != "pipelines" || repo["type"] != "TfsGit" || repo["defaultBranch"] != "refs/heads/main" {
			t.Errorf("%s repository = %v", p.Name, repo)
		}
		if q := d["queue"].(map[string]any); q["name"] != "Azure Pipelines" {
			t.Errorf("%s queue = %v", p.Name, q)
		}
	}
	g := exactlyOne(t, inv, "variableGroups", map[string]any{"name": devops.VariableGroupName})
	if fmt.Sprint(g["variables"]) != fmt.Sprint(map[string]any{"AADHost": map[string]any{"isSecret": false, "value": "login.microsoftonline.com"}}) {
		t.Errorf("variables = %v", g["variables"])
	}
	exactlyOne(t, inv, "pipelinePermissions", map[string]any{"resourceType": "variablegroup", "resourceId": fmt.Sprint(r.group)})
	for i, env := range in.environments {
		name := strings.TrimRight(env, "/") + "/"
		e := exactlyOne(t, inv, "serviceEndpoints", map[string]any{"name": name, "url": name, "type": "powerplatform-spn", "scheme": "None"})
		if p := e["parameters"].(map[string]any); p["tenantId"] != in.tenantID || p["applicationId"] != in.appID {
			t.Errorf("%s parameters = %v", name, p)
		}
		perm := exactlyOne(t, inv, "pipelinePermissions", map[string]any{"resourceType": "endpoint", "resourceId": r.endpoints[i]})
		if all, _ := perm["allPipelines"].(map[string]any); all["authorized"] != true {
			t.Errorf("%s not authorized for all pipelines: %v", name, perm)
		}
		exactlyOne(t, inv, "roleAssignments", map[string]any{"scope": devops.ScopeServiceEndpoint, "resourceId": devops.ServiceEndpointResource(r.project.ID, r.endpoints[i]), "identity": devops.MakersGroupName, "role": "User"})
		exactlyOne(t, inv, "roleAssignments", map[string]any{"scope": devops.ScopeServiceEndpoint, "resourceId": devops.ServiceEndpointResource(r.project.ID, r.endpoints[i]), "identity": in.project + " Build Service (contoso)", "role": "Administrator"})
	}
	makers := exactlyOne(t, inv, "groups", map[string]any{"displayName": devops.MakersGroupName, "projectId": r.project.ID})
	entra := exactlyOne(t, inv, "groups", map[string]any{"origin": "aad", "originId": in.entraGroup})
	exactlyOne(t, inv, "memberships", map[string]any{"memberDescriptor": entra["descriptor"], "containerDescriptor": makers["descriptor"]})
	exactlyOne(t, inv, "roleAssignments", map[string]any{"scope": devops.ScopeVariableGroup, "resourceId": devops.VariableGroupResource(r.project.ID, r.group), "identity": devops.MakersGroupName, "role": "User"})
	for _, who := range []string{in.project + " Build Service (contoso)", "Project Collection Build Service (contoso)"} {
		id := exactlyOne(t, inv, "identities", map[string]any{"displayName": who})
		exactlyOne(t, inv, "accessControlEntries", map[string]any{"namespaceId": devops.NamespaceGitRepositories, "token": devops.GitProjectToken(r.project.ID), "descriptor": id["descriptor"], "allow": 18452})
		// 1+2+64+256+1024+2048+8192: view builds, edit build quality, update build
		// information, manage build queue, view and edit build pipeline, override check-in validation.
		exactlyOne(t, inv, "accessControlEntries", map[string]any{"namespaceId": devops.NamespaceBuild, "token": r.project.ID, "descriptor": id["descriptor"], "allow": 11587})
		exactlyOne(t, inv, "roleAssignments", map[string]any{"scope": devops.ScopeAgentQueue, "identity": who, "role": "Reader"})
	}
	if !r.jobScope.Limited || !strings.Contains(r.jobScope.Advice, "Limit job authorization scope") {
		t.Errorf("job scope of a new organization = %+v, want limited with advice", r.jobScope)
	}
}
