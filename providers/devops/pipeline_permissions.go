package devops

import (
	"context"
	"fmt"
	"slices"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/pipelinepermissions"
)

// Resource types of pipeline permissions.
const (
	ResourceVariableGroup = "variablegroup"
	ResourceEndpoint      = "endpoint"
	ResourceQueue         = "queue"
	ResourceRepository    = "repository"
)

// AuthorizePipelines lets the pipelines pipelineIDs use a protected resource
// (variable group, service connection, agent queue, repository), writing
// only the authorizations that are missing.
func (c *Client) AuthorizePipelines(ctx context.Context, project, resourceType, resourceID string, pipelineIDs []int) (Outcome, error) {
	have, err := c.pipelinePermissions(ctx, project, resourceType, resourceID)
	if err != nil || allAuthorized(have) {
		return Found, err
	}
	var missing []pipelinepermissions.PipelinePermission
	for _, id := range pipelineIDs {
		if !slices.ContainsFunc(val(have.Pipelines), func(p pipelinepermissions.PipelinePermission) bool { return val(p.Id) == id && val(p.Authorized) }) {
			missing = append(missing, pipelinepermissions.PipelinePermission{Id: ptr(id), Authorized: ptr(true)})
		}
	}
	if len(missing) == 0 {
		return Found, nil
	}
	return c.setPipelinePermissions(ctx, project, resourceType, resourceID, &pipelinepermissions.ResourcePipelinePermissions{Pipelines: &missing})
}

// AuthorizeAllPipelines lets every pipeline of the project use a resource —
// what the accelerator needs for its variable group and service connections,
// because the deployment pipelines makers generate later use them too (the
// CoE CLI left this to a manual "Permit" on first run).
func (c *Client) AuthorizeAllPipelines(ctx context.Context, project, resourceType, resourceID string) (Outcome, error) {
	have, err := c.pipelinePermissions(ctx, project, resourceType, resourceID)
	if err != nil || allAuthorized(have) {
		return Found, err
	}
	return c.setPipelinePermissions(ctx, project, resourceType, resourceID,
		&pipelinepermissions.ResourcePipelinePermissions{AllPipelines: &pipelinepermissions.Permission{Authorized: ptr(true)}})
}

func allAuthorized(p *pipelinepermissions.ResourcePipelinePermissions) bool {
	return p.AllPipelines != nil && val(p.AllPipelines.Authorized)
}

func (c *Client) pipelinePermissions(ctx context.Context, project, typ, id string) (*pipelinepermissions.ResourcePipelinePermissions, error) {
	p, err := c.perms.GetPipelinePermissionsForResource(ctx, pipelinepermissions.GetPipelinePermissionsForResourceArgs{
		Project: &project, ResourceType: &typ, ResourceId: &id})
	if err != nil {
		return nil, fmt.Errorf("read pipeline permissions of %s %s: %w", typ, id, c.apiError(err))
	}
	return p, nil
}

// setPipelinePermissions sends a PATCH that only grants: repeating it
// changes nothing, so it may be retried.
func (c *Client) setPipelinePermissions(ctx context.Context, project, typ, id string, p *pipelinepermissions.ResourcePipelinePermissions) (Outcome, error) {
	_, err := c.perms.UpdatePipelinePermisionsForResource(retrySafe(ctx), pipelinepermissions.UpdatePipelinePermisionsForResourceArgs{
		Project: &project, ResourceType: &typ, ResourceId: &id, ResourceAuthorization: p})
	if err != nil {
		return Found, fmt.Errorf("authorize pipelines for %s %s: %w", typ, id, c.apiError(err))
	}
	return Updated, nil
}
