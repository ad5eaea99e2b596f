package devops_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
)

// installed runs an ALM-Accelerator-shaped install and returns what it made.
func installed(t *testing.T) (context.Context, *devops.Client, *sandbox.Server, install, result) {
	t.Helper()
	srv := startSandbox(t, sandbox.Options{OperationDelay: 100 * time.Millisecond})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx, in := testContext(t), newInstall()
	r, err := in.run(ctx, c, false)
	check(t, "install", err)
	return ctx, c, srv, in, r
}

func TestLookupsSeeWhatTheInstallMadeAndNeverWrite(t *testing.T) {
	ctx, c, srv, in, r := installed(t)
	n := len(requests(t, srv))
	pid, repo := r.project.ID, r.repo.ID
	makers, err := c.IdentityID(ctx, r.makers.Descriptor)
	check(t, "makers identity", err)
	ids, err := c.BuildServiceIdentities(ctx, r.project.Name)
	check(t, "build identities", err)
	queue, err := c.QueueID(ctx, pid, "Azure Pipelines")
	check(t, "queue", err)
	core := devops.CorePipelines(repo, "pipelines")[0]
	elsewhere := core
	elsewhere.YAMLPath = "/elsewhere.yml"
	for _, tc := range []struct {
		name string
		want bool
		got  func() (bool, error)
	}{
		{"extension installed", true, func() (bool, error) { return c.ExtensionInstalled(ctx, "qetza", "replacetokens") }},
		{"extension not installed", false, func() (bool, error) { return c.ExtensionInstalled(ctx, "qetza", "nothing") }},
		{"repository found", true, func() (bool, error) {
			x, err := c.FindRepository(ctx, pid, "pipelines")
			return x != nil && x.ID == repo, err
		}},
		{"repository missing", false, func() (bool, error) { x, err := c.FindRepository(ctx, pid, "other"); return x != nil, err }},
		{"template tag imported", true, func() (bool, error) { return c.HasRef(ctx, pid, repo, devops.TemplatesTag) }},
		{"other tag absent", false, func() (bool, error) { return c.HasRef(ctx, pid, repo, "v0.0.1") }},
		{"pipeline found and aligned", true, func() (bool, error) {
			id, ok, err := c.FindPipeline(ctx, pid, core)
			return ok && id == r.pipelines[0], err
		}},
		{"pipeline on another YAML file", false, func() (bool, error) { _, ok, err := c.FindPipeline(ctx, pid, elsewhere); return ok, err }},
		{"variable group as wanted", true, func() (bool, error) {
			id, ok, err := c.FindVariableGroup(ctx, pid, devops.VariableGroupName, map[string]devops.Variable{"AADHost": {Value: "login.microsoftonline.com"}})
			return ok && id == r.group, err
		}},
		{"variable group differs", false, func() (bool, error) {
			_, ok, err := c.FindVariableGroup(ctx, pid, devops.VariableGroupName, map[string]devops.Variable{"AADHost": {Value: "login.microsoftonline.us"}})
			return ok, err
		}},
		{"service connection found", true, func() (bool, error) {
			sc, err := c.FindServiceConnection(ctx, pid, "https://contoso-test.crm.dynamics.com")
			return sc != nil && sc.ID == r.endpoints[1] && sc.ApplicationID == in.appID && sc.TenantID == in.tenantID && sc.Type == "powerplatform-spn", err
		}},
		{"service connection missing", false, func() (bool, error) {
			sc, err := c.FindServiceConnection(ctx, pid, "https://nowhere.crm.dynamics.com/")
			return sc != nil, err
		}},
		{"every pipeline may use the variable group", true, func() (bool, error) {
			return c.PipelinesAuthorized(ctx, pid, devops.ResourceVariableGroup, fmt.Sprint(r.group), nil)
		}},
		{"the core pipelines may use the queue", true, func() (bool, error) {
			return c.PipelinesAuthorized(ctx, pid, devops.ResourceQueue, fmt.Sprint(queue), r.pipelines)
		}},
		{"not every pipeline may use the queue", false, func() (bool, error) {
			return c.PipelinesAuthorized(ctx, pid, devops.ResourceQueue, fmt.Sprint(queue), nil)
		}},
		{"makers group found", true, func() (bool, error) {
			g, err := c.FindProjectGroup(ctx, pid, devops.MakersGroupName)
			return g != nil && g.Descriptor == r.makers.Descriptor, err
		}},
		{"Entra group is a member", true, func() (bool, error) { return c.HasEntraGroupMember(ctx, r.makers.Descriptor, in.entraGroup) }},
		{"makers are User of the variable group", true, func() (bool, error) {
			return c.HasRoleAssignment(ctx, devops.ScopeVariableGroup, devops.VariableGroupResource(pid, r.group), makers, "User")
		}},
		{"makers are not Administrator of it", false, func() (bool, error) {
			return c.HasRoleAssignment(ctx, devops.ScopeVariableGroup, devops.VariableGroupResource(pid, r.group), makers, "Administrator")
		}},
		{"build service may contribute", true, func() (bool, error) {
			return c.HasACE(ctx, devops.NamespaceGitRepositories, devops.GitProjectToken(pid), ids[0].Descriptor, 18452)
		}},
		{"build service may not do more", false, func() (bool, error) {
			return c.HasACE(ctx, devops.NamespaceGitRepositories, devops.GitProjectToken(pid), ids[0].Descriptor, 18452|8192)
		}},
	} {
		got, err := tc.got()
		check(t, tc.name, err)
		if got != tc.want {
			t.Errorf("%s: got %t, want %t", tc.name, got, tc.want)
		}
	}
	if w := writesSince(t, srv, n); len(w) != 0 {
		t.Errorf("lookups wrote %v", w)
	}
}

func TestRemovalsUndoTheInstallAndMayBeRepeated(t *testing.T) {
	ctx, c, _, in, r := installed(t)
	pid, repo := r.project.ID, r.repo.ID
	ids, err := c.BuildServiceIdentities(ctx, r.project.Name)
	check(t, "build identities", err)
	makers, err := c.IdentityID(ctx, r.makers.Descriptor)
	check(t, "makers identity", err)
	token := devops.GitProjectToken(pid)
	for _, tc := range []struct {
		name   string
		remove func() error
		gone   func() (bool, error)
	}{
		{"role", func() error {
			return c.RemoveRoleAssignment(ctx, devops.ScopeVariableGroup, devops.VariableGroupResource(pid, r.group), makers)
		}, func() (bool, error) {
			ok, err := c.HasRoleAssignment(ctx, devops.ScopeVariableGroup, devops.VariableGroupResource(pid, r.group), makers, "User")
			return !ok, err
		}},
		{"ACE", func() error { return c.RemoveACE(ctx, devops.NamespaceGitRepositories, token, ids[0].Descriptor) },
			func() (bool, error) {
				ok, err := c.HasACE(ctx, devops.NamespaceGitRepositories, token, ids[0].Descriptor, 4)
				return !ok, err
			}},
		{"makers group", func() error { return c.DeleteGroup(ctx, r.makers.Descriptor) }, func() (bool, error) {
			g, err := c.FindProjectGroup(ctx, pid, devops.MakersGroupName)
			return g == nil, err
		}},
		{"service connection", func() error { return c.DeleteServiceConnection(ctx, pid, r.endpoints[0]) }, func() (bool, error) {
			sc, err := c.FindServiceConnection(ctx, pid, in.environments[0])
			return sc == nil, err
		}},
		{"variable group", func() error { return c.DeleteVariableGroup(ctx, pid, r.group) }, func() (bool, error) {
			id, _, err := c.FindVariableGroup(ctx, pid, devops.VariableGroupName, nil)
			return id == 0, err
		}},
		{"pipeline", func() error { return c.DeletePipeline(ctx, pid, r.pipelines[0]) }, func() (bool, error) {
			id, _, err := c.FindPipeline(ctx, pid, devops.CorePipelines(repo, "pipelines")[0])
			return id == 0, err
		}},
		{"repository", func() error { return c.DeleteRepository(ctx, pid, repo) }, func() (bool, error) {
			x, err := c.FindRepository(ctx, pid, "pipelines")
			return x == nil, err
		}},
		{"extension", func() error { return c.UninstallExtension(ctx, "sariftools", "scans") }, func() (bool, error) {
			ok, err := c.ExtensionInstalled(ctx, "sariftools", "scans")
			return !ok, err
		}},
	} {
		check(t, "remove "+tc.name, tc.remove())
		check(t, "remove "+tc.name+" again", tc.remove())
		gone, err := tc.gone()
		check(t, "look up "+tc.name, err)
		if !gone {
			t.Errorf("%s is still there", tc.name)
		}
	}
	op, err := c.QueueDeleteProject(ctx, pid)
	check(t, "delete project", err)
	check(t, "wait for the deletion", c.WaitOperation(ctx, op, nil))
	if p, err := c.FindProject(ctx, in.project); p != nil || err != nil {
		t.Errorf("project after deletion: %+v, %v", p, err)
	}
	if op, err := c.QueueDeleteProject(ctx, pid); op != "" || err != nil {
		t.Errorf("deleting a deleted project: %q, %v", op, err)
	}
}
