package powerplatform

import (
	"net/http"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// registerApps serves the canvas apps of environments as the PowerApps API
// lists them: the canvasapps rows of each Dataverse organisation, by id.
func (s *Service) registerApps(mux *http.ServeMux) {
	mux.HandleFunc("GET "+powerAppsRoot+"/apps", s.powerApps(s.listApps))
	mux.HandleFunc("GET "+powerAppsRoot+"/scopes/admin/environments/{environment}/apps", s.powerApps(s.listApps))
	mux.HandleFunc("GET "+powerAppsRoot+"/apps/{app}", s.powerApps(s.getApp))
	mux.HandleFunc("GET "+powerAppsRoot+"/scopes/admin/environments/{environment}/apps/{app}", s.powerApps(s.getApp))
	s.registerAppPermissions(mux)
}

func appDTO(env string, row record) map[string]any {
	id := row.str("canvasappid")
	return map[string]any{
		"name": id, "id": "/providers/Microsoft.PowerApps/apps/" + id, "type": "Microsoft.PowerApps/apps",
		"tags": map[string]any{"primaryDeviceWidth": "1366", "primaryDeviceHeight": "768"},
		"properties": map[string]any{
			"displayName": row.str("displayname"), "appVersion": row.str("appversion"), "createdTime": row.str("createdon"),
			"lastModifiedTime": row.str("modifiedon"), "environment": environmentRef(env), "isSolutionAware": true,
			"appType": "ClassicCanvasApp", "logicalName": row.str("name"),
		},
	}
}

func (s *Service) listApps(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	value := []any{}
	env := strings.ToLower(filteredEnvironment(r))
	for _, o := range s.st.Orgs {
		if env != "" && o.EnvironmentName != env {
			continue
		}
		for _, row := range o.Tables["canvasapps"] {
			value = append(value, appDTO(o.EnvironmentName, row))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (s *Service) getApp(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	env, app, ok := s.findApp(w, r)
	if ok {
		writeJSON(w, http.StatusOK, appDTO(env, s.st.orgForEnvironment(env).get("canvasapps", app)))
	}
}

// findApp resolves {app} in the environment the request names (or any
// environment when it names none), answering 404 when there is no such app.
func (s *Service) findApp(w http.ResponseWriter, r *http.Request) (env, app string, ok bool) {
	want, id := strings.ToLower(filteredEnvironment(r)), r.PathValue("app")
	for _, o := range s.st.Orgs {
		if want != "" && o.EnvironmentName != want {
			continue
		}
		if row := o.get("canvasapps", id); row != nil {
			return o.EnvironmentName, row.str("canvasappid"), true
		}
	}
	writeAPIError(w, http.StatusNotFound, "AppNotFound", "Could not find app '"+id+"'.")
	return "", "", false
}
