package devops

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/extensionmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/security"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/serviceendpoint"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/taskagent"
)

// The removals below undo what an install created. Each treats a resource
// that is gone already as removed, so a resumed teardown can repeat them.

// QueueDeleteProject queues the deletion of a project with everything in
// it and returns the operation's URL before waiting (see WaitOperation). It
// returns "" when the project is gone already.
func (c *Client) QueueDeleteProject(ctx context.Context, projectID string) (string, error) {
	id, err := uuid.Parse(projectID)
	if err != nil {
		return "", fmt.Errorf("delete project %q: not a project id", projectID)
	}
	op, err := c.core.QueueDeleteProject(ctx, core.QueueDeleteProjectArgs{ProjectId: &id})
	if isNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("delete project %s: %w", projectID, c.apiError(err))
	}
	if op.Url != nil && *op.Url != "" {
		return *op.Url, nil
	}
	return op.Id.String(), nil
}

// UninstallExtension removes the extension publisher.name from the organization.
func (c *Client) UninstallExtension(ctx context.Context, publisher, name string) error {
	err := c.ext.UninstallExtensionByName(retrySafe(ctx), extensionmanagement.UninstallExtensionByNameArgs{
		PublisherName: &publisher, ExtensionName: &name})
	return c.removed(err, "uninstall extension %s.%s", publisher, name)
}

// DeleteRepository deletes a Git repository of the project.
func (c *Client) DeleteRepository(ctx context.Context, projectID, repoID string) error {
	id, err := uuid.Parse(repoID)
	if err != nil {
		return fmt.Errorf("delete repository %q: not a repository id", repoID)
	}
	err = c.git.DeleteRepository(retrySafe(ctx), git.DeleteRepositoryArgs{Project: &projectID, RepositoryId: &id})
	return c.removed(err, "delete repository %s", repoID)
}

// DeletePipeline deletes the project's pipeline (build definition) id.
func (c *Client) DeletePipeline(ctx context.Context, project string, id int) error {
	err := c.build.DeleteDefinition(retrySafe(ctx), build.DeleteDefinitionArgs{Project: &project, DefinitionId: &id})
	return c.removed(err, "delete pipeline %d", id)
}

// DeleteVariableGroup deletes the variable group id from the project.
func (c *Client) DeleteVariableGroup(ctx context.Context, projectID string, id int) error {
	err := c.agent.DeleteVariableGroup(retrySafe(ctx), taskagent.DeleteVariableGroupArgs{GroupId: &id, ProjectIds: &[]string{projectID}})
	return c.removed(err, "delete variable group %d", id)
}

// DeleteServiceConnection deletes the service connection id from the project.
func (c *Client) DeleteServiceConnection(ctx context.Context, projectID, id string) error {
	eid, err := uuid.Parse(id)
	if err != nil {
		return fmt.Errorf("delete service connection %q: not a service connection id", id)
	}
	err = c.endpoint.DeleteServiceEndpoint(retrySafe(ctx), serviceendpoint.DeleteServiceEndpointArgs{EndpointId: &eid, ProjectIds: &[]string{projectID}})
	return c.removed(err, "delete service connection %s", id)
}

// DeleteGroup deletes an Azure DevOps group by its descriptor; its
// memberships go with it.
func (c *Client) DeleteGroup(ctx context.Context, descriptor string) error {
	err := c.graph.DeleteGroup(retrySafe(ctx), graph.DeleteGroupArgs{GroupDescriptor: &descriptor})
	return c.removed(err, "delete group %s", descriptor)
}

// RemoveRoleAssignment takes identityID's role on resource in scope away.
func (c *Client) RemoveRoleAssignment(ctx context.Context, scope, resource, identityID string) error {
	route := map[string]string{"scopeId": scope, "resourceId": resource}
	body, _ := json.Marshal([]string{identityID})
	resp, err := c.roles.Send(retrySafe(ctx), http.MethodPatch, roleAssignmentsLocation, roleAPIVersion, route, nil, bytes.NewReader(body),
		azuredevops.MediaTypeApplicationJson, azuredevops.MediaTypeApplicationJson, nil)
	if err == nil {
		resp.Body.Close()
	}
	return c.removed(err, "remove the role of %s on %s %s", identityID, scope, resource)
}

// RemoveACE removes descriptor's access control entry on token in a
// namespace, with every bit it allows or denies.
func (c *Client) RemoveACE(ctx context.Context, namespace uuid.UUID, token, descriptor string) error {
	_, err := c.security.RemoveAccessControlEntries(retrySafe(ctx), security.RemoveAccessControlEntriesArgs{
		SecurityNamespaceId: &namespace, Token: &token, Descriptors: &descriptor})
	return c.removed(err, "remove the permissions of %s on %s", descriptor, token)
}

// removed is nil for success or a 404 (gone already), else the error
// wrapped with what was being done.
func (c *Client) removed(err error, format string, args ...any) error {
	if err == nil || isNotFound(err) {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, c.apiError(err))...)
}
