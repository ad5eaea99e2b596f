package devops

import (
	"strconv"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/pipelinepermissions"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/serviceendpoint"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"
)

func (a *alm) agentQueue(name string) int {
	c := must[taskagent.Client](a.t, "taskagent client")(taskagent.NewClient(ctx, a.conn))
	qs := must[*[]taskagent.TaskAgentQueue](a.t, "get queues")(c.GetAgentQueues(ctx, taskagent.GetAgentQueuesArgs{Project: ptr("ALM"), QueueName: ptr(name)}))
	if len(*qs) != 1 || *(*qs)[0].Name != name {
		a.t.Fatalf("queues named %q = %d, want 1", name, len(*qs))
	}
	return *(*qs)[0].Id
}

func (a *alm) projectRefs(name string) *[]taskagent.VariableGroupProjectReference {
	return &[]taskagent.VariableGroupProjectReference{{Name: ptr(name), ProjectReference: &taskagent.ProjectReference{Id: a.project.Id, Name: a.project.Name}}}
}

func (a *alm) createVariableGroup() {
	t := a.t
	c := must[taskagent.Client](t, "taskagent client")(taskagent.NewClient(ctx, a.conn))
	const name = "alm-accelerator-variable-group"
	vars := map[string]any{"AADHost": taskagent.VariableValue{Value: ptr("login.microsoftonline.com")},
		"ClientSecret": taskagent.VariableValue{Value: ptr("s3cret-variable"), IsSecret: ptr(true)}}
	g := must[*taskagent.VariableGroup](t, "add variable group")(c.AddVariableGroup(ctx, taskagent.AddVariableGroupArgs{
		VariableGroupParameters: &taskagent.VariableGroupParameters{Name: ptr(name), Type: ptr("Vsts"), Variables: &vars,
			VariableGroupProjectReferences: a.projectRefs(name)}}))
	a.groupID = *g.Id
	found := must[*[]taskagent.VariableGroup](t, "get variable groups")(c.GetVariableGroups(ctx, taskagent.GetVariableGroupsArgs{Project: ptr("alm"), GroupName: ptr(strings.ToUpper(name))}))
	if len(*found) != 1 || *(*found)[0].Id != a.groupID {
		t.Fatalf("variable groups named %s = %d, want the one created", name, len(*found))
	}
	secret := (*(*found)[0].Variables)["ClientSecret"].(map[string]any)
	if secret["value"] != nil || secret["isSecret"] != true {
		t.Errorf("secret variable answered as %v, want value null and isSecret", secret)
	}
	host := (*(*found)[0].Variables)["AADHost"].(map[string]any)
	if host["value"] != "login.microsoftonline.com" {
		t.Errorf("AADHost = %v", host["value"])
	}
	a.assertInventory("variableGroups", "s3cret-variable")
}

// assertInventory checks secret appears in kind only with secrets=true.
func (a *alm) assertInventory(kind, secret string) {
	with, without := dump(a.sb.svc.Inventory(true)[kind]), dump(a.sb.svc.Inventory(false)[kind])
	if !strings.Contains(with, secret) || strings.Contains(without, secret) {
		a.t.Errorf("inventory %s: secret present with secrets=%v, without=%v; want true, false", kind, strings.Contains(with, secret), strings.Contains(without, secret))
	}
}

func (a *alm) createServiceConnections(urls []string) {
	t := a.t
	c := must[serviceendpoint.Client](t, "serviceendpoint client")(serviceendpoint.NewClient(ctx, a.conn))
	for _, u := range urls {
		ep := a.endpoint(u, "first-secret")
		e := must[*serviceendpoint.ServiceEndpoint](t, "create endpoint")(c.CreateServiceEndpoint(ctx, serviceendpoint.CreateServiceEndpointArgs{Endpoint: ep}))
		if v := (*e.Authorization.Parameters)["clientSecret"]; v != "" {
			t.Errorf("create echoed clientSecret %q", v)
		}
		got := must[*[]serviceendpoint.ServiceEndpoint](t, "get endpoints by names")(c.GetServiceEndpointsByNames(ctx, serviceendpoint.GetServiceEndpointsByNamesArgs{
			Project: ptr("ALM"), EndpointNames: &[]string{strings.ToUpper(u)}, Type: ptr("powerplatform-spn")}))
		if len(*got) != 1 || *(*got)[0].Id != *e.Id {
			t.Fatalf("endpoints named %s = %d, want the one created", u, len(*got))
		}
		ep = a.endpoint(u, "second-secret")
		ep.Id = e.Id
		upd := must[*serviceendpoint.ServiceEndpoint](t, "update endpoint")(c.UpdateServiceEndpoint(ctx, serviceendpoint.UpdateServiceEndpointArgs{Endpoint: ep, EndpointId: e.Id}))
		if *upd.Id != *e.Id || (*upd.Authorization.Parameters)["clientSecret"] != "" {
			t.Errorf("update: id %v (want %v), clientSecret echoed %q", *upd.Id, *e.Id, (*upd.Authorization.Parameters)["clientSecret"])
		}
		a.endIDs = append(a.endIDs, e.Id.String())
	}
	a.assertInventory("serviceEndpoints", "second-secret")
	if strings.Contains(dump(a.sb.svc.Inventory(true)["serviceEndpoints"]), "first-secret") {
		t.Error("update kept the old client secret")
	}
}

func (a *alm) endpoint(url, secret string) *serviceendpoint.ServiceEndpoint {
	return &serviceendpoint.ServiceEndpoint{Name: ptr(url), Url: ptr(url), Type: ptr("powerplatform-spn"),
		Authorization: &serviceendpoint.EndpointAuthorization{Scheme: ptr("None"), Parameters: &map[string]string{
			"tenantId": "contoso-tenant", "applicationId": "app-id", "clientSecret": secret}},
		ServiceEndpointProjectReferences: &[]serviceendpoint.ServiceEndpointProjectReference{{Name: ptr(url),
			ProjectReference: &serviceendpoint.ProjectReference{Id: a.project.Id, Name: a.project.Name}}}}
}

func (a *alm) authorizePipelines() {
	t := a.t
	c := must[pipelinepermissions.Client](t, "pipelinepermissions client")(pipelinepermissions.NewClient(ctx, a.conn))
	resources := map[string]string{"variablegroup": strconv.Itoa(a.groupID), "queue": strconv.Itoa(a.queueID),
		"repository": a.project.Id.String() + "." + a.repo.Id.String(), "endpoint": a.endIDs[0]}
	for typ, id := range resources {
		var pipes []pipelinepermissions.PipelinePermission
		for _, d := range a.defs {
			pipes = append(pipes, pipelinepermissions.PipelinePermission{Id: ptr(d), Authorized: ptr(true)})
		}
		_ = must[*pipelinepermissions.ResourcePipelinePermissions](t, "update permissions")(c.UpdatePipelinePermisionsForResource(ctx, pipelinepermissions.UpdatePipelinePermisionsForResourceArgs{
			Project: ptr("ALM"), ResourceType: ptr(typ), ResourceId: ptr(id),
			ResourceAuthorization: &pipelinepermissions.ResourcePipelinePermissions{Pipelines: &pipes}}))
		got := must[*pipelinepermissions.ResourcePipelinePermissions](t, "get permissions")(c.GetPipelinePermissionsForResource(ctx, pipelinepermissions.GetPipelinePermissionsForResourceArgs{
			Project: ptr("alm"), ResourceType: ptr(typ), ResourceId: ptr(id)}))
		if got.Pipelines == nil || len(*got.Pipelines) != len(a.defs) || !*(*got.Pipelines)[0].Authorized {
			t.Errorf("%s %s: pipelines %+v, want %d authorized", typ, id, got.Pipelines, len(a.defs))
		}
	}
}
