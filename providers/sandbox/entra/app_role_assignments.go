package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/servicePrincipals/{servicePrincipal-id}/appRoleAssignedTo", (*Service).listAssignedTo)
	route("POST", "/servicePrincipals/{servicePrincipal-id}/appRoleAssignedTo", (*Service).createAssignment)
	route("DELETE", "/servicePrincipals/{servicePrincipal-id}/appRoleAssignedTo/{appRoleAssignment-id}", (*Service).deleteAssignment)
	route("GET", "/servicePrincipals/{servicePrincipal-id}/appRoleAssignments", (*Service).listAssignmentsOf)
}

// zeroRole is the default app role, assignable on any resource.
const zeroRole = "00000000-0000-0000-0000-000000000000"

func (s *Service) listAssignedTo(g *graphReq) reply {
	return s.listAssignments(g, "resourceId")
}

func (s *Service) listAssignmentsOf(g *graphReq) reply {
	return s.listAssignments(g, "principalId")
}

func (s *Service) listAssignments(g *graphReq, by string) reply {
	sp := g.t.ServicePrincipals[g.param("servicePrincipal-id")]
	if sp == nil {
		return notFound(g.param("servicePrincipal-id"))
	}
	var items []rendered
	for _, as := range g.t.Assignments {
		if as.str(by) == sp.id() {
			items = append(items, rendered{as.Seq, cloneProps(as.Props)})
		}
	}
	return g.listReply("servicePrincipals('"+sp.id()+"')/appRoleAssignedTo", items)
}

// createAssignment grants an application role of the resource service
// principal to a principal (application-permission admin consent).
func (s *Service) createAssignment(g *graphReq) reply {
	res := g.t.ServicePrincipals[g.param("servicePrincipal-id")]
	if res == nil {
		return notFound(g.param("servicePrincipal-id"))
	}
	principalID, _ := g.body["principalId"].(string)
	roleID, _ := g.body["appRoleId"].(string)
	principal := g.t.ServicePrincipals[principalID]
	if principal == nil {
		return notFound(principalID)
	}
	if roleID != zeroRole && roleValue(res, roleID) == "" {
		return badRequest("Permission being assigned was not found on application '" + res.str("appId") + "'.")
	}
	for _, as := range g.t.Assignments {
		if as.str("principalId") == principalID && as.str("resourceId") == res.id() && as.str("appRoleId") == roleID {
			return badRequest("Permission being assigned already exists on the object.")
		}
	}
	id := randomSecret(43)
	as := s.newObject(map[string]any{
		"id": id, "appRoleId": roleID, "createdDateTime": timestamp(s.now()), "deletedDateTime": nil,
		"principalDisplayName": principal.str("displayName"), "principalId": principalID, "principalType": "ServicePrincipal",
		"resourceDisplayName": res.str("displayName"), "resourceId": res.id(),
	}, 0)
	g.t.Assignments[id] = &as
	return g.entityReply(http.StatusCreated, "servicePrincipals('"+res.id()+"')/appRoleAssignedTo", cloneProps(as.Props))
}

func (s *Service) deleteAssignment(g *graphReq) reply {
	as := g.t.Assignments[g.param("appRoleAssignment-id")]
	if as == nil || as.str("resourceId") != g.param("servicePrincipal-id") {
		return notFound(g.param("appRoleAssignment-id"))
	}
	delete(g.t.Assignments, as.id())
	return reply{status: http.StatusNoContent}
}

// roleValue is the value of a resource's app role, or "" when it has none with that id.
func roleValue(res *servicePrincipal, roleID string) string {
	roles, _ := res.Props["appRoles"].([]any)
	for _, r := range roles {
		m, _ := r.(map[string]any)
		if id, _ := m["id"].(string); strings.EqualFold(id, roleID) {
			v, _ := m["value"].(string)
			return v
		}
	}
	return ""
}

// rolesOf is the roles claim: the app roles sp holds on the resource aud names.
func (s *Service) rolesOf(t *tenant, sp *servicePrincipal, aud string) []string {
	res := resourceSP(t, aud)
	if res == nil {
		return nil
	}
	var roles []string
	for _, as := range t.Assignments {
		if as.str("principalId") == sp.id() && as.str("resourceId") == res.id() {
			if v := roleValue(res, as.str("appRoleId")); v != "" {
				roles = append(roles, v)
			}
		}
	}
	return roles
}
