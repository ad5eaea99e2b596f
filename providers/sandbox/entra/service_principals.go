package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/servicePrincipals", (*Service).listSPs)
	route("POST", "/servicePrincipals", (*Service).createSP)
	route("GET", "/servicePrincipals/{servicePrincipal-id}", (*Service).getSP)
	route("PATCH", "/servicePrincipals/{servicePrincipal-id}", (*Service).updateSP)
	route("DELETE", "/servicePrincipals/{servicePrincipal-id}", (*Service).deleteSPRoute)
	route("GET", "/servicePrincipals(appId='{appId}')", (*Service).getSP)
}

var readOnlySPProps = []string{"id", "appId", "appOwnerOrganizationId", "servicePrincipalNames", "createdDateTime", "deletedDateTime"}

func spDefaults(id, appID, displayName string) map[string]any {
	return map[string]any{
		"id": id, "appId": appID, "displayName": displayName, "accountEnabled": true,
		"servicePrincipalType": "Application", "appRoleAssignmentRequired": false,
		"appOwnerOrganizationId": nil, "servicePrincipalNames": []any{appID}, "tags": []any{},
		"appRoles": []any{}, "oauth2PermissionScopes": []any{}, "keyCredentials": []any{},
		"passwordCredentials": []any{}, "replyUrls": []any{}, "alternativeNames": []any{},
		"signInAudience": "AzureADMyOrg", "description": nil, "notes": nil, "deletedDateTime": nil,
	}
}

func (s *Service) listSPs(g *graphReq) reply {
	var items []rendered
	for _, sp := range g.t.ServicePrincipals {
		items = append(items, rendered{sp.Seq, cloneProps(sp.Props)})
	}
	return g.listReply("servicePrincipals", items)
}

// createSP creates the service principal of an application: one of the
// tenant, a multi-tenant one of another tenant, or a Microsoft first-party
// API (graph/api/serviceprincipal-post-serviceprincipals: "appId" is the only
// required property). Until the application has replicated, and for an app
// id no application has, the directory answers that there is no backing
// application, as Entra does.
func (s *Service) createSP(g *graphReq) reply {
	appID, _ := g.body["appId"].(string)
	if spByAppID(g.t, appID) != nil {
		return spInUse(appID)
	}
	if ra, ok := firstPartyApp(appID); ok {
		sp := s.addBuiltInSP(g.t, ra, s.lag())
		return g.entityReply(http.StatusCreated, "servicePrincipals", cloneProps(sp.Props))
	}
	app := s.findAppForSignIn(g.t, appID)
	if app == nil || !app.visible(s.now()) {
		return noBackingApplication(appID)
	}
	sp := s.newSP(g.t, app)
	mergeProps(sp.Props, g.body, readOnlySPProps)
	return g.entityReply(http.StatusCreated, "servicePrincipals", cloneProps(sp.Props))
}

// newSP creates the service principal of app in t.
func (s *Service) newSP(t *tenant, app *application) *servicePrincipal {
	id := newID()
	props := spDefaults(id, app.str("appId"), app.str("displayName"))
	props["appOwnerOrganizationId"] = homeTenantOf(s, app)
	props["signInAudience"] = app.Props["signInAudience"]
	if api, ok := app.Props["api"].(map[string]any); ok && api["oauth2PermissionScopes"] != nil {
		props["oauth2PermissionScopes"] = clone(api["oauth2PermissionScopes"])
	}
	props["appRoles"] = clone(app.Props["appRoles"])
	sp := &servicePrincipal{object: s.newObject(props, s.lag())}
	t.ServicePrincipals[id] = sp
	return sp
}

func homeTenantOf(s *Service, app *application) string {
	for id, t := range s.st.Tenants {
		if t.Applications[app.id()] == app {
			return id
		}
	}
	return ""
}

// spInUse is Graph's answer to a second service principal of one app.
func spInUse(appID string) reply {
	return odataError(http.StatusConflict, "Request_MultipleObjectsWithSameKeyValue", "The service principal cannot be created, updated, or restored because the service principal name "+appID+" is already in use.")
}

func noBackingApplication(appID string) reply {
	rep := badRequest("The appId '" + appID + "' of the service principal does not reference a valid application object.")
	rep.body.(map[string]any)["error"].(map[string]any)["details"] = []any{map[string]any{
		"code": "NoBackingApplicationObject", "message": "The appId '" + appID + "' of the service principal does not reference a valid application object.", "target": "appId",
	}}
	return rep
}

func spByKey(g *graphReq) *servicePrincipal {
	if id := g.param("servicePrincipal-id"); id != "" {
		return g.t.ServicePrincipals[id]
	}
	return spByAppID(g.t, g.param("appId"))
}

func (s *Service) getSP(g *graphReq) reply {
	sp := spByKey(g)
	if sp == nil || !sp.visible(s.now()) {
		return notFound(firstNonEmpty(g.param("servicePrincipal-id"), g.param("appId")))
	}
	return g.entityReply(http.StatusOK, "servicePrincipals", cloneProps(sp.Props))
}

func (s *Service) updateSP(g *graphReq) reply {
	sp := spByKey(g)
	if sp == nil {
		return notFound(g.param("servicePrincipal-id"))
	}
	mergeProps(sp.Props, g.body, readOnlySPProps)
	return reply{status: http.StatusNoContent}
}

func (s *Service) deleteSPRoute(g *graphReq) reply {
	sp := spByKey(g)
	if sp == nil || sp.BuiltIn {
		return notFound(g.param("servicePrincipal-id"))
	}
	s.deleteSP(g.t, sp)
	return reply{status: http.StatusNoContent}
}

// deleteSP removes a service principal with its grants and role assignments.
func (s *Service) deleteSP(t *tenant, sp *servicePrincipal) {
	delete(t.ServicePrincipals, sp.id())
	for id, gr := range t.Grants {
		if gr.str("clientId") == sp.id() || gr.str("resourceId") == sp.id() {
			delete(t.Grants, id)
		}
	}
	for id, as := range t.Assignments {
		if as.str("principalId") == sp.id() || as.str("resourceId") == sp.id() {
			delete(t.Assignments, id)
		}
	}
}

func spByAppID(t *tenant, appID string) *servicePrincipal {
	for _, sp := range t.ServicePrincipals {
		if strings.EqualFold(sp.str("appId"), appID) {
			return sp
		}
	}
	return nil
}

// resourceSP finds the service principal a token audience names.
func resourceSP(t *tenant, aud string) *servicePrincipal {
	for _, sp := range t.ServicePrincipals {
		if sameResource(sp.str("appId"), aud) {
			return sp
		}
		names, _ := sp.Props["servicePrincipalNames"].([]any)
		for _, n := range names {
			if s, _ := n.(string); sameResource(s, aud) {
				return sp
			}
		}
	}
	return nil
}
