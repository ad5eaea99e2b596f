package devops

import (
	"net/http"
	"slices"
	"strings"
)

// roleAssignment gives an identity a role on one resource of a role scope,
// e.g. User on variable group "<projectId>$<groupId>" in
// distributedtask.variablegroup.
type roleAssignment struct {
	Scope      string `json:"scope"`
	ResourceID string `json:"resourceId"`
	IdentityID string `json:"identityId"`
	Role       string `json:"role"`
}

// roles are the roles of the distributedtask role scopes and their
// permission bits in the matching security namespace.
var roles = map[string]int{"Reader": 1, "User": 17, "Creator": 5, "Administrator": 27}

func roleAssignmentRoutes() []route {
	const base = "_apis/securityroles/scopes/{scopeId}/roleassignments/resources/{resourceId}"
	return []route{
		{hostDevOps, http.MethodGet, base, listRoleAssignments},
		{hostDevOps, http.MethodPut, base, setRoleAssignments},
		{hostDevOps, http.MethodPatch, base, removeRoleAssignments},
		{hostDevOps, http.MethodPut, base + "/{identityId}", setRoleAssignment},
	}
}

func (q *request) roleScope() bool {
	if strings.HasPrefix(lower(q.param("scopeId")), "distributedtask.") {
		return true
	}
	q.notFound("The role scope "+q.param("scopeId")+" was not found.", "SecurityRoleScopeNotFoundException")
	return false
}

func (q *request) roleAssignmentJSON(a *roleAssignment) map[string]any {
	name, unique := q.org.principalName(a.IdentityID)
	return map[string]any{
		"identity": map[string]any{"id": a.IdentityID, "displayName": name, "uniqueName": unique},
		"role": map[string]any{"name": a.Role, "displayName": a.Role, "identifier": a.Scope + "." + a.Role,
			"scope": a.Scope, "allowPermissions": roles[a.Role], "denyPermissions": 0},
		"access": "assigned", "accessDisplayName": "Assigned",
	}
}

// principalName is the display and unique name of an identity or group id
// (a group's origin id also matches, as the real service accepts it).
func (o *organization) principalName(id string) (string, string) {
	for _, g := range o.Groups {
		if sameName(g.ID, id) || sameName(g.OriginID, id) {
			return g.DisplayName, g.PrincipalName
		}
	}
	for _, x := range o.Identities {
		if sameName(x.ID, id) {
			return x.DisplayName, x.Account
		}
	}
	return id, id
}

func listRoleAssignments(q *request) {
	if !q.roleScope() {
		return
	}
	var out []map[string]any
	for _, a := range q.org.Roles {
		if sameName(a.Scope, q.param("scopeId")) && sameName(a.ResourceID, q.param("resourceId")) {
			out = append(out, q.roleAssignmentJSON(a))
		}
	}
	listOf(q, out)
}

// assign sets identity's role on the route's resource, replacing any other.
func (q *request) assign(identityID, role string) (*roleAssignment, bool) {
	if _, ok := roles[role]; !ok {
		q.badRequest("The role "+role+" does not exist in scope "+q.param("scopeId")+".", "InvalidRoleException")
		return nil, false
	}
	scope, res := lower(q.param("scopeId")), q.param("resourceId")
	for _, a := range q.org.Roles {
		if a.Scope == scope && sameName(a.ResourceID, res) && sameName(a.IdentityID, identityID) {
			a.Role = role
			return a, true
		}
	}
	a := &roleAssignment{Scope: scope, ResourceID: res, IdentityID: identityID, Role: role}
	q.org.Roles = append(q.org.Roles, a)
	return a, true
}

func setRoleAssignments(q *request) {
	if !q.roleScope() {
		return
	}
	var in []struct{ RoleName, UserID string }
	if !q.decode(&in) {
		return
	}
	var out []map[string]any
	for _, x := range in {
		a, ok := q.assign(x.UserID, x.RoleName)
		if !ok {
			return
		}
		out = append(out, q.roleAssignmentJSON(a))
	}
	listOf(q, out)
}

func setRoleAssignment(q *request) {
	if !q.roleScope() {
		return
	}
	var in struct{ RoleName string }
	if !q.decode(&in) {
		return
	}
	if a, ok := q.assign(q.param("identityId"), in.RoleName); ok {
		q.ok(q.roleAssignmentJSON(a))
	}
}

// removeRoleAssignments removes the assignments of the identity ids in the body.
func removeRoleAssignments(q *request) {
	if !q.roleScope() {
		return
	}
	var ids []string
	if !q.decode(&ids) {
		return
	}
	q.org.Roles = slices.DeleteFunc(q.org.Roles, func(a *roleAssignment) bool {
		return sameName(a.Scope, q.param("scopeId")) && sameName(a.ResourceID, q.param("resourceId")) &&
			slices.ContainsFunc(ids, func(id string) bool { return sameName(id, a.IdentityID) })
	})
	q.w.WriteHeader(http.StatusNoContent)
}
