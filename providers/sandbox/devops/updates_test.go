package devops

import (
	"strings"
	"testing"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/operations"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/pipelinepermissions"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"
)

func TestUpdatingAVariableGroupWithoutTheSecretKeepsIt(t *testing.T) {
	sb := newSandbox(t)
	a := &alm{t: t, sb: sb, conn: sb.conn("contoso")}
	a.createProject("ALM")
	a.createVariableGroup()
	c := must[taskagent.Client](t, "taskagent client")(taskagent.NewClient(ctx, a.conn))
	vars := map[string]any{"AADHost": taskagent.VariableValue{Value: ptr("login.microsoftonline.us")},
		"ClientSecret": taskagent.VariableValue{IsSecret: ptr(true)}}
	const name = "alm-accelerator-variable-group"
	g := must[*taskagent.VariableGroup](t, "update variable group")(c.UpdateVariableGroup(ctx, taskagent.UpdateVariableGroupArgs{GroupId: &a.groupID,
		VariableGroupParameters: &taskagent.VariableGroupParameters{Name: ptr(name), Type: ptr("Vsts"), Variables: &vars, VariableGroupProjectReferences: a.projectRefs(name)}}))
	if *g.Id != a.groupID {
		t.Errorf("update gave id %d, want %d", *g.Id, a.groupID)
	}
	inv := dump(sb.svc.Inventory(true)["variableGroups"])
	if !strings.Contains(inv, "s3cret-variable") || !strings.Contains(inv, "login.microsoftonline.us") {
		t.Errorf("after update the inventory is %s", inv)
	}
}

func TestDeletingAProjectIsALongRunningOperation(t *testing.T) {
	sb := seeded(t, "contoso", "ALM", "Other")
	c := must[core.Client](t, "core client")(core.NewClient(ctx, sb.conn("contoso")))
	p := must[*core.TeamProject](t, "get project")(c.GetProject(ctx, core.GetProjectArgs{ProjectId: ptr("other")}))
	ref := must[*operations.OperationReference](t, "delete project")(c.QueueDeleteProject(ctx, core.QueueDeleteProjectArgs{ProjectId: p.Id}))
	sb.clock.Advance(opDelay)
	op := must[*operations.Operation](t, "get operation")(operations.NewClient(ctx, sb.conn("contoso")).GetOperation(ctx, operations.GetOperationArgs{OperationId: ref.Id}))
	if *op.Status != operations.OperationStatusValues.Succeeded {
		t.Fatalf("delete operation = %s", *op.Status)
	}
	if _, err := c.GetProject(ctx, core.GetProjectArgs{ProjectId: ptr("other")}); status(err) != 404 {
		t.Errorf("get deleted project: %v, want 404", err)
	}
	list := must[*core.GetProjectsResponseValue](t, "list projects")(c.GetProjects(ctx, core.GetProjectsArgs{}))
	if len(list.Value) != 1 || *list.Value[0].Name != "ALM" {
		t.Errorf("projects after delete = %s", dump(list.Value))
	}
}

func TestAuthorizingAllPipelinesIsRemembered(t *testing.T) {
	sb := seeded(t, "contoso", "ALM")
	c := must[pipelinepermissions.Client](t, "pipelinepermissions client")(pipelinepermissions.NewClient(ctx, sb.conn("contoso")))
	args := pipelinepermissions.UpdatePipelinePermisionsForResourceArgs{Project: ptr("ALM"), ResourceType: ptr("variablegroup"), ResourceId: ptr("1"),
		ResourceAuthorization: &pipelinepermissions.ResourcePipelinePermissions{AllPipelines: &pipelinepermissions.Permission{Authorized: ptr(true)}}}
	_ = must[*pipelinepermissions.ResourcePipelinePermissions](t, "authorize all")(c.UpdatePipelinePermisionsForResource(ctx, args))
	got := must[*pipelinepermissions.ResourcePipelinePermissions](t, "get")(c.GetPipelinePermissionsForResource(ctx, pipelinepermissions.GetPipelinePermissionsForResourceArgs{
		Project: ptr("alm"), ResourceType: ptr("VariableGroup"), ResourceId: ptr("1")}))
	if got.AllPipelines == nil || !*got.AllPipelines.Authorized || *got.AllPipelines.AuthorizedBy.DisplayName != "Admin" {
		t.Errorf("allPipelines = %s", dump(got.AllPipelines))
	}
}
