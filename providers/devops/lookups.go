package devops

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/extensionmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/pipelinepermissions"
)

// The read-only lookups below let a caller observe a resource before it
// decides to ensure it: each reads what the matching Ensure reads first,
// and never writes.

// ExtensionInstalled reports whether the extension publisher.name is
// installed in the organization.
func (c *Client) ExtensionInstalled(ctx context.Context, publisher, name string) (bool, error) {
	_, err := c.ext.GetInstalledExtensionByName(ctx, extensionmanagement.GetInstalledExtensionByNameArgs{
		PublisherName: &publisher, ExtensionName: &name})
	switch {
	case err == nil:
		return true, nil
	case isNotFound(err):
		return false, nil
	}
	return false, fmt.Errorf("look up extension %s.%s: %w", publisher, name, c.apiError(err))
}

// FindRepository is the project's Git repository name (or id), or nil.
func (c *Client) FindRepository(ctx context.Context, projectID, name string) (*Repository, error) {
	r, err := c.git.GetRepository(ctx, git.GetRepositoryArgs{Project: &projectID, RepositoryId: &name})
	switch {
	case err == nil:
		return repositoryOf(r, projectID), nil
	case isNotFound(err):
		return nil, nil
	}
	return nil, fmt.Errorf("look up repository %q: %w", name, c.apiError(err))
}

// HasRef reports whether the repository has ref (a tag name or a full ref
// name); with ref "" whether it has any ref at all (is not empty).
func (c *Client) HasRef(ctx context.Context, projectID, repoID, ref string) (bool, error) {
	refs, err := c.refs(ctx, projectID, repoID, "")
	if err != nil || ref == "" {
		return len(refs) > 0, err
	}
	if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/tags/" + ref
	}
	return slices.ContainsFunc(refs, func(r git.GitRef) bool { return val(r.Name) == ref }), nil
}

// FindPipeline is the id of the project's pipeline spec.Name (0 when there
// is none) and whether it runs spec's YAML file from spec's repository.
func (c *Client) FindPipeline(ctx context.Context, project string, spec PipelineSpec) (int, bool, error) {
	id, err := c.findPipeline(ctx, project, spec.Name)
	if err != nil || id == 0 {
		return id, false, err
	}
	got, _, err := c.alignedPipeline(ctx, project, id, spec)
	return id, got, err
}

// VariableGroupDescription is the id and the description of the project's
// variable group name; found is false when there is none.
func (c *Client) VariableGroupDescription(ctx context.Context, project, name string) (id int, description string, found bool, err error) {
	g, err := c.findVariableGroup(ctx, project, name)
	if err != nil || g == nil {
		return 0, "", false, err
	}
	return val(g.Id), val(g.Description), true, nil
}

// FindVariableGroup is the id of the project's variable group name (0 when
// there is none) and whether it holds vars as EnsureVariableGroup would
// leave them.
func (c *Client) FindVariableGroup(ctx context.Context, project, name string, vars map[string]Variable) (int, bool, error) {
	g, err := c.findVariableGroup(ctx, project, name)
	if err != nil || g == nil {
		return 0, false, err
	}
	return val(g.Id), !variablesDiffer(g, vars), nil
}

// ServiceConnection is a Power Platform service connection as read back
// (its secret never is).
type ServiceConnection struct {
	ID, Name, Type, TenantID, ApplicationID string
	Description                             string
}

// FindServiceConnection is the project's service connection for the
// environment URL, or nil.
func (c *Client) FindServiceConnection(ctx context.Context, project, environmentURL string) (*ServiceConnection, error) {
	name := ServiceConnectionSpec{EnvironmentURL: environmentURL}.name()
	e, err := c.findServiceConnection(ctx, project, name)
	if err != nil || e == nil {
		return nil, err
	}
	sc := &ServiceConnection{ID: e.Id.String(), Name: val(e.Name), Type: val(e.Type), Description: val(e.Description)}
	if e.Authorization != nil && e.Authorization.Parameters != nil {
		p := *e.Authorization.Parameters
		sc.TenantID, sc.ApplicationID = p["tenantId"], p["applicationId"]
	}
	return sc, nil
}

// PipelinesAuthorized reports whether every pipeline of the project may
// use the resource, or, given pipelineIDs, at least each of those.
func (c *Client) PipelinesAuthorized(ctx context.Context, project, resourceType, resourceID string, pipelineIDs []int) (bool, error) {
	have, err := c.pipelinePermissions(ctx, project, resourceType, resourceID)
	if err != nil || allAuthorized(have) {
		return err == nil, err
	}
	if pipelineIDs == nil {
		return false, nil
	}
	for _, id := range pipelineIDs {
		if !slices.ContainsFunc(val(have.Pipelines), func(p pipelinepermissions.PipelinePermission) bool { return val(p.Id) == id && val(p.Authorized) }) {
			return false, nil
		}
	}
	return true, nil
}

// FindProjectGroup is the project-scoped group name, or nil.
func (c *Client) FindProjectGroup(ctx context.Context, projectID, name string) (*Group, error) {
	scope, err := c.scopeDescriptor(ctx, projectID)
	if err != nil {
		return nil, err
	}
	return c.findGroup(ctx, scope, nil, func(g graph.GraphGroup) bool { return strings.EqualFold(val(g.DisplayName), name) })
}

// HasEntraGroupMember reports whether the Microsoft Entra group
// entraGroupObjectID is in the organization and a member of container.
func (c *Client) HasEntraGroupMember(ctx context.Context, container, entraGroupObjectID string) (bool, error) {
	entra, err := c.findGroup(ctx, "", &[]string{"aadgp"}, func(g graph.GraphGroup) bool {
		return strings.EqualFold(val(g.OriginId), entraGroupObjectID) && strings.EqualFold(val(g.Origin), "aad")
	})
	if err != nil || entra == nil {
		return false, err
	}
	err = c.membership(ctx, graph.GetMembershipArgs{SubjectDescriptor: &entra.Descriptor, ContainerDescriptor: &container})
	switch {
	case err == nil:
		return true, nil
	case isNotFound(err):
		return false, nil
	}
	return false, fmt.Errorf("check membership of Entra group %s: %w", entraGroupObjectID, c.apiError(err))
}
