package devops_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
)

type step func(install, context.Context, *devops.Client, *result) error

// ensureCase runs one Ensure twice after its prerequisites.
type ensureCase struct {
	name   string
	needs  []step
	ensure func(context.Context, *devops.Client, *result) (devops.Outcome, error)
	first  devops.Outcome
	kind   string
	want   func(*result) map[string]any
}

var (
	needProject = []step{install.ensureProject}
	needRepo    = []step{install.ensureProject, install.repository}
	needGroup   = []step{install.ensureProject, install.variableGroup}
	needAll     = []step{install.extensions, install.ensureProject, install.repository, install.pipelines, install.variableGroup, install.serviceConnections}
	// The Build Tools extension brings the powerplatform-spn connection type.
	needBuildTools = []step{install.extensions, install.ensureProject}
)

var ensureCases = []ensureCase{
	{"extension is installed once", nil, func(ctx context.Context, c *devops.Client, _ *result) (devops.Outcome, error) {
		return c.EnsureExtension(ctx, "qetza", "replacetokens")
	}, devops.Created, "extensions", func(*result) map[string]any {
		return map[string]any{"publisherId": "qetza", "extensionId": "replacetokens"}
	}},
	{"project is queued once", nil, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		op, err := c.QueueProject(ctx, "ALM", "ALM Accelerator")
		if err != nil || op == "" {
			return devops.Found, err
		}
		return devops.Created, c.WaitOperation(ctx, op, nil)
	}, devops.Created, "projects", func(*result) map[string]any { return map[string]any{"name": "ALM", "state": "wellFormed"} }},
	{"repository is created once", needProject, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		_, o, err := c.EnsureRepository(ctx, r.project.ID, "pipelines")
		return o, err
	}, devops.Created, "repositories", func(*result) map[string]any { return map[string]any{"name": "pipelines"} }},
	{"templates are imported once into the empty repository", []step{install.ensureProject}, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		repo, _, err := c.EnsureRepository(ctx, r.project.ID, "pipelines")
		if err != nil {
			return 0, err
		}
		id, o, err := c.ImportTemplates(ctx, r.project.ID, repo.ID, devops.TemplatesRepository)
		if err == nil {
			err = c.WaitImport(ctx, r.project.ID, repo.ID, id, nil)
		}
		return o, err
	}, devops.Created, "repositories", func(*result) map[string]any {
		return map[string]any{"name": "pipelines", "defaultBranch": "refs/heads/main"}
	}},
	{"default branch is set once", needProject, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		repo, _, err := c.EnsureRepository(ctx, r.project.ID, "pipelines")
		if err != nil {
			return 0, err
		}
		return c.EnsureDefaultBranch(ctx, r.project.ID, repo.ID, "refs/heads/main")
	}, devops.Updated, "repositories", func(*result) map[string]any {
		return map[string]any{"name": "pipelines", "defaultBranch": "refs/heads/main"}
	}},
	{"pipeline is created once by name", needRepo, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		_, o, err := c.EnsurePipeline(ctx, r.project.ID, devops.CorePipelines(r.repo.ID, r.repo.Name)[3])
		return o, err
	}, devops.Created, "buildDefinitions", func(*result) map[string]any { return map[string]any{"name": "sync-pipeline-repo"} }},
	{"variable group is created once", needProject, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		_, o, err := c.EnsureVariableGroup(ctx, r.project.ID, devops.VariableGroupName, "ALM Accelerator for Power Platform", map[string]devops.Variable{"AADHost": {Value: "login.microsoftonline.us"}})
		return o, err
	}, devops.Created, "variableGroups", func(*result) map[string]any { return map[string]any{"name": devops.VariableGroupName} }},
	{"changed variable is updated once", needGroup, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		_, o, err := c.EnsureVariableGroup(ctx, r.project.ID, devops.VariableGroupName, "ALM Accelerator for Power Platform", map[string]devops.Variable{"AADHost": {Value: "login.microsoftonline.us"}, "ProcessCanvasApps": {Value: "true"}})
		return o, err
	}, devops.Updated, "variableGroups", func(*result) map[string]any {
		return map[string]any{"name": devops.VariableGroupName, "variables": map[string]any{
			"AADHost": map[string]any{"isSecret": false, "value": "login.microsoftonline.us"}, "ProcessCanvasApps": map[string]any{"isSecret": false, "value": "true"}}}
	}},
	{"service connection is created once", needBuildTools, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		in := newInstall()
		_, o, err := c.EnsureServiceConnection(ctx, r.project.ID, devops.ServiceConnectionSpec{EnvironmentURL: "https://contoso-test.crm.dynamics.com",
			TenantID: in.tenantID, ApplicationID: in.appID, ClientSecret: in.secret})
		return o, err
	}, devops.Created, "serviceEndpoints", func(*result) map[string]any { return map[string]any{"name": "https://contoso-test.crm.dynamics.com/"} }},
	{"pipelines are authorized once on the queue", needAll, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		queue, err := c.QueueID(ctx, r.project.ID, "Azure Pipelines")
		if err != nil {
			return 0, err
		}
		return c.AuthorizePipelines(ctx, r.project.ID, devops.ResourceQueue, fmt.Sprint(queue), r.pipelines)
	}, devops.Updated, "pipelinePermissions", func(*result) map[string]any { return map[string]any{"resourceType": "queue"} }},
	{"all pipelines are authorized once on the variable group", needAll, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		return c.AuthorizeAllPipelines(ctx, r.project.ID, devops.ResourceVariableGroup, fmt.Sprint(r.group))
	}, devops.Updated, "pipelinePermissions", func(r *result) map[string]any {
		return map[string]any{"resourceType": "variablegroup", "resourceId": fmt.Sprint(r.group)}
	}},
	{"project group is created once", needProject, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		_, o, err := c.EnsureProjectGroup(ctx, r.project.ID, devops.MakersGroupName, "makers")
		return o, err
	}, devops.Created, "groups", func(*result) map[string]any { return map[string]any{"displayName": devops.MakersGroupName} }},
	{"Entra group is brought in and added once", needProject, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		g, _, err := c.EnsureProjectGroup(ctx, r.project.ID, devops.MakersGroupName, "makers")
		if err != nil {
			return 0, err
		}
		return c.EnsureEntraGroupMember(ctx, g.Descriptor, newInstall().entraGroup)
	}, devops.Created, "groups", func(*result) map[string]any {
		return map[string]any{"origin": "aad", "originId": newInstall().entraGroup}
	}},
	{"role is assigned once", needGroup, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		ids, err := c.BuildServiceIdentities(ctx, r.project.Name)
		if err != nil {
			return 0, err
		}
		return c.EnsureRoleAssignment(ctx, devops.ScopeVariableGroup, devops.VariableGroupResource(r.project.ID, r.group), ids[1].ID, "User")
	}, devops.Updated, "roleAssignments", func(*result) map[string]any {
		return map[string]any{"scope": devops.ScopeVariableGroup, "identity": "Project Collection Build Service (contoso)", "role": "User"}
	}},
	{"access control entry is merged once", needRepo, func(ctx context.Context, c *devops.Client, r *result) (devops.Outcome, error) {
		ids, err := c.BuildServiceIdentities(ctx, r.project.Name)
		if err != nil {
			return 0, err
		}
		return c.EnsureACE(ctx, devops.NamespaceGitRepositories, devops.GitRepositoryToken(r.project.ID, r.repo.ID), ids[0].Descriptor, 18452)
	}, devops.Updated, "accessControlEntries", func(*result) map[string]any { return map[string]any{"allow": 18452} }},
}

func TestEnsureRunTwiceMakesOneResourceAndNoSecondWrite(t *testing.T) {
	for _, tc := range ensureCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := startSandbox(t, sandbox.Options{OperationDelay: 50 * time.Millisecond})
			c := newClient(t, srv, "contoso", signIn(t, srv))
			ctx, in, r := testContext(t), newInstall(), &result{}
			for _, s := range tc.needs {
				check(t, "prerequisite", s(in, ctx, c, r))
			}
			if o, err := tc.ensure(ctx, c, r); err != nil || o != tc.first {
				t.Fatalf("first run = %v, %v; want %v", o, err, tc.first)
			}
			n := len(requests(t, srv))
			if o, err := tc.ensure(ctx, c, r); err != nil || o != devops.Found {
				t.Fatalf("second run = %v, %v; want found", o, err)
			}
			if w := writesSince(t, srv, n); len(w) != 0 {
				t.Errorf("second run wrote: %v", w)
			}
			exactlyOne(t, inventory(t, srv, false), tc.kind, tc.want(r))
		})
	}
}
