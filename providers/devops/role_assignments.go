package devops

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
)

// Role scopes of the Library and service-connection security roles.
const (
	ScopeVariableGroup   = "distributedtask.variablegroup"
	ScopeServiceEndpoint = "distributedtask.serviceendpointrole"
	ScopeAgentQueue      = "distributedtask.agentqueuerole"
)

// roleAssignmentsLocation is the securityroles/roleassignments resource.
// The SDK has no area client for security roles, so these calls go through
// its generic Client.Send with the location id, which still takes the route
// from the organization's OPTIONS answer and the auth, TLS and error
// handling from the SDK.
var roleAssignmentsLocation = uuid.MustParse("9461c234-c84c-4ed2-b918-2f0f92ad0a35")

const roleAPIVersion = "7.1-preview.1"

// VariableGroupResource is the role resource id of a variable group.
func VariableGroupResource(projectID string, groupID int) string {
	return projectID + "$" + strconv.Itoa(groupID)
}

// ServiceEndpointResource is the role resource id of a service connection.
func ServiceEndpointResource(projectID, endpointID string) string {
	return projectID + "_" + endpointID
}

// AgentQueueResource is the role resource id of a project's agent queue.
func AgentQueueResource(projectID string, queueID int) string {
	return projectID + "_" + strconv.Itoa(queueID)
}

// roleAssignment is one answer of the role-assignments list.
type roleAssignment struct {
	Identity struct {
		ID string `json:"id"`
	} `json:"identity"`
	Role struct {
		Name string `json:"name"`
	} `json:"role"`
}

// EnsureRoleAssignment gives identityID (an identity or group id) the role
// (Reader, User, Administrator ...) on resource in scope, unless it has it.
func (c *Client) EnsureRoleAssignment(ctx context.Context, scope, resource, identityID, role string) (Outcome, error) {
	what := fmt.Sprintf("role %s for %s on %s %s", role, identityID, scope, resource)
	if ok, err := c.HasRoleAssignment(ctx, scope, resource, identityID, role); err != nil || ok {
		return Found, err
	}
	route := map[string]string{"scopeId": scope, "resourceId": resource}
	body, _ := json.Marshal([]map[string]string{{"roleName": role, "userId": identityID}})
	resp, err := c.roles.Send(ctx, http.MethodPut, roleAssignmentsLocation, roleAPIVersion, route, nil, bytes.NewReader(body),
		azuredevops.MediaTypeApplicationJson, azuredevops.MediaTypeApplicationJson, nil)
	if err != nil {
		return Found, fmt.Errorf("assign %s: %w", what, c.apiError(err))
	}
	resp.Body.Close()
	return Updated, nil
}

// HasRoleAssignment reports whether identityID has the role on resource in
// scope. It only reads.
func (c *Client) HasRoleAssignment(ctx context.Context, scope, resource, identityID, role string) (bool, error) {
	what := fmt.Sprintf("role %s for %s on %s %s", role, identityID, scope, resource)
	route := map[string]string{"scopeId": scope, "resourceId": resource}
	resp, err := c.roles.Send(ctx, http.MethodGet, roleAssignmentsLocation, roleAPIVersion, route, nil, nil, "", azuredevops.MediaTypeApplicationJson, nil)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", what, c.apiError(err))
	}
	var have []roleAssignment
	if err := c.roles.UnmarshalCollectionBody(resp, &have); err != nil {
		return false, fmt.Errorf("read %s: %w", what, err)
	}
	for _, a := range have {
		if strings.EqualFold(a.Identity.ID, identityID) && strings.EqualFold(a.Role.Name, role) {
			return true, nil
		}
	}
	return false, nil
}
