package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/applications", (*Service).listApplications)
	route("POST", "/applications", (*Service).createApplication)
	route("GET", "/applications/{application-id}", (*Service).getApplication)
	route("PATCH", "/applications/{application-id}", (*Service).updateApplication)
	route("DELETE", "/applications/{application-id}", (*Service).deleteApplication)
	route("GET", "/applications(appId='{appId}')", (*Service).getApplication)
	route("GET", "/applications(uniqueName='{uniqueName}')", (*Service).getApplication)
	route("PATCH", "/applications(uniqueName='{uniqueName}')", (*Service).upsertApplication)
}

// readOnlyAppProps are set by the directory, never by a request body.
var readOnlyAppProps = []string{"id", "appId", "createdDateTime", "publisherDomain", "passwordCredentials", "deletedDateTime"}

func (s *Service) listApplications(g *graphReq) reply {
	var items []rendered
	for _, a := range g.t.Applications {
		items = append(items, rendered{a.Seq, renderApp(a)})
	}
	return g.listReply("applications", items)
}

func (s *Service) createApplication(g *graphReq) reply {
	if name, _ := g.body["displayName"].(string); name == "" {
		return badRequest("Property 'displayName' is required.")
	}
	if un, _ := g.body["uniqueName"].(string); un != "" && appByUniqueName(g.t, un) != nil {
		return odataError(http.StatusBadRequest, "Request_MultipleObjectsWithSameKeyValue", "Another object with the same value for property uniqueName already exists.")
	}
	a := s.newApplication(g.t, g.body)
	return g.entityReply(http.StatusCreated, "applications", renderApp(a))
}

// newApplication registers an application in t from a request body.
func (s *Service) newApplication(t *tenant, body map[string]any) *application {
	id := newID()
	props := appDefaults(id, newID(), t.Domain, s.now())
	mergeProps(props, body, readOnlyAppProps)
	a := &application{object: s.newObject(props, s.lag())}
	t.Applications[id] = a
	return a
}

// appByKey finds an application by whichever key the route used.
func appByKey(g *graphReq) *application {
	switch {
	case g.param("application-id") != "":
		return g.t.Applications[g.param("application-id")]
	case g.param("appId") != "":
		return appByAppID(g.t, g.param("appId"))
	default:
		return appByUniqueName(g.t, g.param("uniqueName"))
	}
}

func (s *Service) getApplication(g *graphReq) reply {
	a := appByKey(g)
	if a == nil || !a.visible(s.now()) {
		return notFound(firstNonEmpty(g.param("application-id"), g.param("appId"), g.param("uniqueName")))
	}
	return g.entityReply(http.StatusOK, "applications", renderApp(a))
}

func (s *Service) updateApplication(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	mergeProps(a.Props, g.body, readOnlyAppProps)
	return reply{status: http.StatusNoContent}
}

// upsertApplication is PATCH applications(uniqueName=...): with
// Prefer: create-if-missing it creates (201) or updates (204); without, a
// missing application is 404.
func (s *Service) upsertApplication(g *graphReq) reply {
	if appByKey(g) != nil {
		return s.updateApplication(g)
	}
	if !strings.Contains(strings.ToLower(g.r.Header.Get("Prefer")), "create-if-missing") {
		return notFound(g.param("uniqueName"))
	}
	if name, _ := g.body["displayName"].(string); name == "" {
		return badRequest("Property 'displayName' is required.")
	}
	g.body["uniqueName"] = g.param("uniqueName")
	a := s.newApplication(g.t, g.body)
	return g.entityReply(http.StatusCreated, "applications", renderApp(a))
}

func (s *Service) deleteApplication(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	delete(g.t.Applications, a.id())
	if sp := spByAppID(g.t, a.str("appId")); sp != nil {
		s.deleteSP(g.t, sp)
	}
	return reply{status: http.StatusNoContent}
}

func appByAppID(t *tenant, appID string) *application {
	for _, a := range t.Applications {
		if strings.EqualFold(a.str("appId"), appID) {
			return a
		}
	}
	return nil
}

func appByUniqueName(t *tenant, name string) *application {
	for _, a := range t.Applications {
		if name != "" && strings.EqualFold(a.str("uniqueName"), name) {
			return a
		}
	}
	return nil
}

// mergeProps applies a PATCH-style body: top-level properties replace the
// stored ones, except those the directory owns.
func mergeProps(dst, body map[string]any, readOnly []string) {
	for k, v := range body {
		if strings.HasPrefix(k, "@odata.") || contains(readOnly, k) {
			continue
		}
		dst[k] = clone(v)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
