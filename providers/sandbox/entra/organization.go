package entra

import "net/http"

func init() {
	route("GET", "/organization", (*Service).listOrganization)
	route("GET", "/organization/{organization-id}", (*Service).getOrganization)
}

// renderOrganization is the tenant as Graph's organization resource.
func renderOrganization(t *tenant) map[string]any {
	return map[string]any{
		"id": t.ID, "displayName": t.Domain, "tenantType": "AAD", "countryLetterCode": "US",
		"verifiedDomains": []any{map[string]any{
			"name": t.Domain, "isDefault": true, "isInitial": true, "type": "Managed",
			"capabilities": "Email, OfficeCommunicationsOnline",
		}},
	}
}

func (s *Service) listOrganization(g *graphReq) reply {
	return g.listReply("organization", []rendered{{0, renderOrganization(g.t)}})
}

func (s *Service) getOrganization(g *graphReq) reply {
	if g.param("organization-id") != g.t.ID {
		return notFound(g.param("organization-id"))
	}
	return g.entityReply(http.StatusOK, "organization", renderOrganization(g.t))
}
