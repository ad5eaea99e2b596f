package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/users/{user-id}", (*Service).getUser)
	route("GET", "/me", (*Service).getMe)
	route("GET", "/me/memberOf", (*Service).listMyMemberships)
	route("GET", "/me/transitiveMemberOf", (*Service).listMyMemberships)
	route("GET", "/servicePrincipals/{servicePrincipal-id}/memberOf", (*Service).listSPMemberships)
	route("GET", "/servicePrincipals/{servicePrincipal-id}/transitiveMemberOf", (*Service).listSPMemberships)
}

// listSPMemberships lists the groups a service principal belongs to. The
// sandbox assigns service principals no directory roles, so only groups come back.
func (s *Service) listSPMemberships(g *graphReq) reply {
	sp := spByKey(g)
	if sp == nil || !sp.visible(s.now()) {
		return notFound(g.param("servicePrincipal-id"))
	}
	var items []rendered
	for _, gr := range g.t.Groups {
		if contains(gr.Members, sp.id()) {
			props := cloneProps(gr.Props)
			props["@odata.type"] = "#microsoft.graph.group"
			items = append(items, rendered{gr.Seq, props})
		}
	}
	return g.listReply("directoryObjects", items)
}

// directoryRoleNames names the role templates the sandbox assigns.
var directoryRoleNames = map[string]string{globalAdminRole: "Global Administrator"}

func userByKey(t *tenant, key string) *user {
	if u := t.Users[key]; u != nil {
		return u
	}
	for _, u := range t.Users {
		if strings.EqualFold(u.str("userPrincipalName"), key) {
			return u
		}
	}
	return nil
}

func (s *Service) getUser(g *graphReq) reply {
	u := userByKey(g.t, g.param("user-id"))
	if u == nil {
		return notFound(g.param("user-id"))
	}
	return g.entityReply(http.StatusOK, "users", cloneProps(u.Props))
}

// signedInUser is /me: only a delegated (user) token has one.
func signedInUser(g *graphReq) (*user, reply, bool) {
	if g.claims.IsApp() {
		return nil, badRequest("/me request is only valid with delegated authentication flow."), false
	}
	u := g.t.Users[g.claims.ObjectID]
	if u == nil {
		return nil, notFound(g.claims.ObjectID), false
	}
	return u, reply{}, true
}

func (s *Service) getMe(g *graphReq) reply {
	u, rep, ok := signedInUser(g)
	if !ok {
		return rep
	}
	return g.entityReply(http.StatusOK, "users", cloneProps(u.Props))
}

// listMyMemberships lists the signed-in user's directory roles and groups, so
// a preflight can check that the user is a Global Administrator.
func (s *Service) listMyMemberships(g *graphReq) reply {
	u, rep, ok := signedInUser(g)
	if !ok {
		return rep
	}
	var items []rendered
	for i, roleID := range u.Roles {
		items = append(items, rendered{int64(i), map[string]any{
			"@odata.type": "#microsoft.graph.directoryRole", "id": stableID("role", g.t.ID, roleID),
			"displayName": directoryRoleNames[roleID], "roleTemplateId": roleID, "deletedDateTime": nil,
			"description": "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
		}})
	}
	for _, gr := range g.t.Groups {
		if contains(gr.Members, u.id()) {
			props := cloneProps(gr.Props)
			props["@odata.type"] = "#microsoft.graph.group"
			items = append(items, rendered{gr.Seq + 1000, props})
		}
	}
	return g.listReply("directoryObjects", items)
}
