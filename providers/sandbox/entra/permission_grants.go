package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/oauth2PermissionGrants", (*Service).listGrants)
	route("POST", "/oauth2PermissionGrants", (*Service).createGrant)
	route("GET", "/oauth2PermissionGrants/{oAuth2PermissionGrant-id}", (*Service).getGrant)
	route("PATCH", "/oauth2PermissionGrants/{oAuth2PermissionGrant-id}", (*Service).updateGrant)
	route("DELETE", "/oauth2PermissionGrants/{oAuth2PermissionGrant-id}", (*Service).deleteGrant)
	route("GET", "/servicePrincipals/{servicePrincipal-id}/oauth2PermissionGrants", (*Service).listGrantsOfSP)
}

func (s *Service) listGrants(g *graphReq) reply {
	return g.listReply("oauth2PermissionGrants", grantsWhere(g.t, func(*object) bool { return true }))
}

func (s *Service) listGrantsOfSP(g *graphReq) reply {
	id := g.param("servicePrincipal-id")
	if g.t.ServicePrincipals[id] == nil {
		return notFound(id)
	}
	return g.listReply("oauth2PermissionGrants", grantsWhere(g.t, func(o *object) bool { return o.str("clientId") == id }))
}

func grantsWhere(t *tenant, keep func(*object) bool) []rendered {
	var items []rendered
	for _, gr := range t.Grants {
		if keep(gr) {
			items = append(items, rendered{gr.Seq, cloneProps(gr.Props)})
		}
	}
	return items
}

// createGrant records delegated-permission consent of a client on a resource.
// The scope must list the resource's scope values (not their ids), as Entra requires.
func (s *Service) createGrant(g *graphReq) reply {
	clientID, _ := g.body["clientId"].(string)
	resourceID, _ := g.body["resourceId"].(string)
	consent, _ := g.body["consentType"].(string)
	principal, _ := g.body["principalId"].(string)
	scope, _ := g.body["scope"].(string)
	if g.t.ServicePrincipals[clientID] == nil {
		return badRequest("Invalid value specified for property 'clientId' of resource 'OAuth2PermissionGrant'.")
	}
	if rep, ok := s.checkConsent(g.t, consent, principal); !ok {
		return rep
	}
	if rep, ok := checkScope(g.t.ServicePrincipals[resourceID], scope); !ok {
		return rep
	}
	if grantExists(g.t, clientID, resourceID, consent, principal) {
		return odataError(http.StatusConflict, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.")
	}
	id := randomSecret(43)
	var principalID any
	if principal != "" {
		principalID = principal
	}
	gr := s.newObject(map[string]any{
		"id": id, "clientId": clientID, "consentType": consent, "principalId": principalID,
		"resourceId": resourceID, "scope": scope,
	}, s.lag())
	g.t.Grants[id] = &gr
	return g.entityReply(http.StatusCreated, "oauth2PermissionGrants", cloneProps(gr.Props))
}

func grantExists(t *tenant, clientID, resourceID, consent, principal string) bool {
	for _, gr := range t.Grants {
		if gr.str("clientId") == clientID && gr.str("resourceId") == resourceID && gr.str("consentType") == consent && gr.str("principalId") == principal {
			return true
		}
	}
	return false
}

func (s *Service) checkConsent(t *tenant, consent, principal string) (reply, bool) {
	switch {
	case consent == "AllPrincipals" && principal == "":
		return reply{}, true
	case consent == "Principal" && t.Users[principal] != nil:
		return reply{}, true
	case consent == "Principal":
		return badRequest("Invalid value specified for property 'principalId' of resource 'OAuth2PermissionGrant'."), false
	default:
		return badRequest("Invalid value specified for property 'consentType' of resource 'OAuth2PermissionGrant'."), false
	}
}

// checkScope requires every space-separated value to be a delegated scope the resource offers.
func checkScope(res *servicePrincipal, scope string) (reply, bool) {
	if res == nil {
		return badRequest("Invalid value specified for property 'resourceId' of resource 'OAuth2PermissionGrant'."), false
	}
	offered := map[string]bool{}
	scopes, _ := res.Props["oauth2PermissionScopes"].([]any)
	for _, sc := range scopes {
		m, _ := sc.(map[string]any)
		if v, ok := m["value"].(string); ok {
			offered[strings.ToLower(v)] = true
		}
	}
	for _, v := range strings.Fields(scope) {
		if !offered[strings.ToLower(v)] {
			return badRequest("Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant': '" + v + "' is not a delegated permission of " + res.str("displayName") + "."), false
		}
	}
	return reply{}, true
}

func (s *Service) getGrant(g *graphReq) reply {
	gr := g.t.Grants[g.param("oAuth2PermissionGrant-id")]
	if gr == nil || !gr.visible(s.now()) {
		return notFound(g.param("oAuth2PermissionGrant-id"))
	}
	return g.entityReply(http.StatusOK, "oauth2PermissionGrants", cloneProps(gr.Props))
}

// updateGrant changes the scope of a grant (the way to add scopes to it).
func (s *Service) updateGrant(g *graphReq) reply {
	gr := g.t.Grants[g.param("oAuth2PermissionGrant-id")]
	if gr == nil {
		return notFound(g.param("oAuth2PermissionGrant-id"))
	}
	if scope, ok := g.body["scope"].(string); ok {
		if rep, ok := checkScope(g.t.ServicePrincipals[gr.str("resourceId")], scope); !ok {
			return rep
		}
		gr.Props["scope"] = scope
	}
	return reply{status: http.StatusNoContent}
}

func (s *Service) deleteGrant(g *graphReq) reply {
	id := g.param("oAuth2PermissionGrant-id")
	if g.t.Grants[id] == nil {
		return notFound(id)
	}
	delete(g.t.Grants, id)
	return reply{status: http.StatusNoContent}
}
