package devops

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/operations"
)

var ctx = context.Background()

// alm carries what one ALM Accelerator install creates, step to step.
type alm struct {
	t       *testing.T
	sb      *sandbox
	conn    *azuredevops.Connection
	project *core.TeamProject
	repo    *git.GitRepository
	queueID int
	defs    []int
	groupID int
	endIDs  []string
	makers  string // descriptor of the project group
	entra   string // descriptor of the materialised Entra group
}

func TestALMAcceleratorInstallWithTheRealSDK(t *testing.T) {
	sb := newSandbox(t)
	a := &alm{t: t, sb: sb, conn: sb.conn("Contoso")}
	a.createProject("ALM")
	a.extensions() // the Build Tools bring the powerplatform-spn connection type
	a.importTemplates()
	a.createPipelines()
	a.createVariableGroup()
	a.createServiceConnections([]string{"https://contoso-dev.crm.dynamics.com/", "https://contoso-test.crm.dynamics.com/"})
	a.authorizePipelines()
	a.makersGroup()
	a.servicePrincipal()
	a.buildServicePermissions()
	a.roleAssignments()
	for _, secret := range []string{"first-secret", "second-secret", "s3cret-variable"} {
		if strings.Contains(sb.responses(), secret) {
			t.Errorf("a response carried the secret %q", secret)
		}
	}
}

func (a *alm) createProject(name string) {
	t := a.t
	c := must[core.Client](t, "core client")(core.NewClient(ctx, a.conn))
	ref := must[*operations.OperationReference](t, "queue create project")(c.QueueCreateProject(ctx, core.QueueCreateProjectArgs{
		ProjectToCreate: &core.TeamProject{Name: ptr(name), Description: ptr("ALM Accelerator"), Visibility: &core.ProjectVisibilityValues.Private,
			Capabilities: &map[string]map[string]string{
				"versioncontrol":  {"sourceControlType": "Git"},
				"processTemplate": {"templateTypeId": "adcc42ab-9882-485e-a3ed-7678f01f66bc"},
			}}}))
	if *ref.Status != operations.OperationStatusValues.Queued {
		t.Fatalf("new operation status = %s, want queued", *ref.Status)
	}
	a.pollOperation(*ref.Id)
	a.project = must[*core.TeamProject](t, "get project")(c.GetProject(ctx, core.GetProjectArgs{ProjectId: ptr(strings.ToUpper(name)), IncludeCapabilities: ptr(true)}))
	if *a.project.State != core.ProjectStateValues.WellFormed || *a.project.Name != name {
		t.Fatalf("project = %s %s, want wellFormed %s", *a.project.Name, *a.project.State, name)
	}
}

// pollOperation polls until succeeded, checking it passes through inProgress.
func (a *alm) pollOperation(id uuid.UUID) {
	oc := operations.NewClient(ctx, a.conn)
	seen := map[operations.OperationStatus]bool{}
	for range 10 {
		op := must[*operations.Operation](a.t, "get operation")(oc.GetOperation(ctx, operations.GetOperationArgs{OperationId: &id}))
		seen[*op.Status] = true
		if *op.Status == operations.OperationStatusValues.Succeeded {
			if !seen[operations.OperationStatusValues.InProgress] {
				a.t.Fatalf("operation never reported inProgress: %v", seen)
			}
			return
		}
		a.sb.clock.Advance(opDelay / 2)
	}
	a.t.Fatalf("operation %s never succeeded: %v", id, seen)
}

func (a *alm) importTemplates() {
	t := a.t
	g := must[git.Client](t, "git client")(git.NewClient(ctx, a.conn))
	pid := a.project.Id.String()
	a.repo = must[*git.GitRepository](t, "create repository")(g.CreateRepository(ctx, git.CreateRepositoryArgs{Project: &pid,
		GitRepositoryToCreate: &git.GitRepositoryCreateOptions{Name: ptr("pipelines"), Project: &core.TeamProjectReference{Id: a.project.Id}}}))
	rid := a.repo.Id.String()
	src := "https://github.com/microsoft/coe-alm-accelerator-templates.git#CenterofExcellenceALMAccelerator-March2024"
	ir := must[*git.GitImportRequest](t, "create import")(g.CreateImportRequest(ctx, git.CreateImportRequestArgs{Project: &pid, RepositoryId: &rid,
		ImportRequest: &git.GitImportRequest{Parameters: &git.GitImportRequestParameters{GitSource: &git.GitImportGitSource{Url: &src}}}}))
	for *ir.Status != git.GitAsyncOperationStatusValues.Completed {
		if *ir.Status == git.GitAsyncOperationStatusValues.Failed {
			t.Fatalf("import failed: %v", *ir.DetailedStatus.ErrorMessage)
		}
		a.sb.clock.Advance(opDelay)
		ir = must[*git.GitImportRequest](t, "get import")(g.GetImportRequest(ctx, git.GetImportRequestArgs{Project: &pid, RepositoryId: &rid, ImportRequestId: ir.ImportRequestId}))
	}
	refs := must[*git.GetRefsResponseValue](t, "get refs")(g.GetRefs(ctx, git.GetRefsArgs{Project: &pid, RepositoryId: ptr("PIPELINES"), Filter: ptr("heads/")}))
	if len(refs.Value) != 1 || *refs.Value[0].Name != "refs/heads/main" {
		t.Fatalf("heads = %+v, want refs/heads/main", refs.Value)
	}
	item := must[*git.GitItem](t, "get item")(g.GetItem(ctx, git.GetItemArgs{Project: &pid, RepositoryId: &rid,
		Path: ptr("/Pipelines/export-solution-to-git.yml"), IncludeContent: ptr(true)}))
	// The #fragment asks for nothing: the real import brings the default branch.
	if !strings.Contains(*item.Content, "stand-in") || !strings.Contains(*item.Content, "default branch") {
		t.Errorf("item content = %q, want a stand-in of the default branch", *item.Content)
	}
	_, err := g.CreateImportRequest(ctx, git.CreateImportRequestArgs{Project: &pid, RepositoryId: &rid,
		ImportRequest: &git.GitImportRequest{Parameters: &git.GitImportRequestParameters{GitSource: &git.GitImportGitSource{Url: &src}}}})
	if status(err) != 400 {
		t.Errorf("import into non-empty repository: err = %v, want 400", err)
	}
}

// status is the HTTP status of an SDK error, or 0.
func status(err error) int {
	switch e := err.(type) {
	case azuredevops.WrappedError:
		return *e.StatusCode
	case *azuredevops.WrappedError:
		return *e.StatusCode
	}
	return 0
}

var corePipelines = []string{"export-solution-to-git", "import-unmanaged-to-dev-environment", "delete-unmanaged-solution-and-components", "sync-pipeline-repo"}

func (a *alm) createPipelines() {
	t := a.t
	a.queueID = a.agentQueue("Azure Pipelines")
	b := must[build.Client](t, "build client")(build.NewClient(ctx, a.conn))
	pid := a.project.Id.String()
	for _, name := range corePipelines {
		d := must[*build.BuildDefinition](t, "create definition")(b.CreateDefinition(ctx, build.CreateDefinitionArgs{Project: &pid,
			Definition: &build.BuildDefinition{Name: ptr(name), Path: ptr(`\`), Type: &build.DefinitionTypeValues.Build,
				Queue:      &build.AgentPoolQueue{Id: &a.queueID},
				Process:    map[string]any{"type": 2, "yamlFilename": "/Pipelines/" + name + ".yml"},
				Repository: &build.BuildRepository{Id: ptr(a.repo.Id.String()), Name: ptr("pipelines"), Type: ptr("TfsGit"), DefaultBranch: ptr("refs/heads/main")}}}))
		a.defs = append(a.defs, *d.Id)
		got := must[*build.GetDefinitionsResponseValue](t, "list definitions")(b.GetDefinitions(ctx, build.GetDefinitionsArgs{Project: ptr("alm"), Name: ptr(strings.ToUpper(name))}))
		if len(got.Value) != 1 || *got.Value[0].Id != *d.Id {
			t.Fatalf("definitions named %s = %d, want the one created", name, len(got.Value))
		}
	}
	full := must[*build.BuildDefinition](t, "get definition")(b.GetDefinition(ctx, build.GetDefinitionArgs{Project: &pid, DefinitionId: &a.defs[0]}))
	full.Description = ptr("updated")
	upd := must[*build.BuildDefinition](t, "update definition")(b.UpdateDefinition(ctx, build.UpdateDefinitionArgs{Project: &pid, DefinitionId: full.Id, Definition: full}))
	if *upd.Revision != 2 || *upd.Queue.Name != "Azure Pipelines" {
		t.Errorf("updated definition revision %d queue %v, want 2 and Azure Pipelines", *upd.Revision, *upd.Queue.Name)
	}
	if _, err := b.UpdateDefinition(ctx, build.UpdateDefinitionArgs{Project: &pid, DefinitionId: full.Id, Definition: full}); status(err) != 409 {
		t.Errorf("update with a stale revision: err = %v, want 409", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestSnapshotAndRestoreKeepEverythingAnInstallCreated(t *testing.T) {
	sb := newSandbox(t)
	a := &alm{t: t, sb: sb, conn: sb.conn("contoso")}
	a.createProject("ALM")
	a.extensions() // the Build Tools bring the powerplatform-spn connection type
	a.importTemplates()
	a.createPipelines()
	a.createVariableGroup()
	a.createServiceConnections([]string{"https://contoso-dev.crm.dynamics.com/"})
	a.authorizePipelines()
	a.makersGroup()
	a.buildServicePermissions()
	a.roleAssignments()
	snap := must[[]byte](t, "snapshot")(sb.svc.Snapshot())
	restored := newSandbox(t)
	if err := restored.svc.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(restored.svc.Inventory(true)), dump(sb.svc.Inventory(true)); got != want {
		t.Errorf("inventory after restore differs:\n got %s\nwant %s", got, want)
	}
	for _, kind := range []string{"organizations", "projects", "repositories", "buildDefinitions", "serviceEndpoints", "variableGroups",
		"pipelinePermissions", "extensions", "accessControlEntries", "roleAssignments", "groups", "memberships", "settings", "identities"} {
		if _, ok := restored.svc.Inventory(false)[kind]; !ok {
			t.Errorf("inventory has no %s", kind)
		}
	}
}
