package powerplatform

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// adminApplication is an application registered as a Power Platform
// management app (New-PowerAppManagementApp).
type adminApplication struct {
	ApplicationID string    `json:"applicationId"`
	TenantID      string    `json:"tenantId"`
	RegisteredBy  principal `json:"registeredBy"`
	RegisteredAt  time.Time `json:"registeredAt"`
}

func (s *Service) registerAdminApplications(mux *http.ServeMux) {
	base := bapRoot + "/adminApplications"
	mux.HandleFunc("GET "+base, s.bap(s.listAdminApplications))
	mux.HandleFunc("GET "+base+"/{appId}", s.bap(s.getAdminApplication))
	mux.HandleFunc("PUT "+base+"/{appId}", s.bap(s.putAdminApplication))
	mux.HandleFunc("DELETE "+base+"/{appId}", s.bap(s.deleteAdminApplication))
}

func (a *adminApplication) dto() map[string]any {
	return map[string]any{
		"id":            "/providers/Microsoft.BusinessAppPlatform/adminApplications/" + a.ApplicationID,
		"name":          a.ApplicationID,
		"type":          "Microsoft.BusinessAppPlatform/adminApplications",
		"applicationId": a.ApplicationID,
		"properties": map[string]any{"applicationId": a.ApplicationID, "tenantId": a.TenantID,
			"registeredBy": a.RegisteredBy, "registeredTime": isoTime(a.RegisteredAt)},
	}
}

func (s *Service) listAdminApplications(w http.ResponseWriter, _ *http.Request, _ emulator.Claims) {
	value := []any{}
	for _, id := range slices.Sorted(mapKeys(s.st.AdminApplications)) {
		value = append(value, s.st.AdminApplications[id].dto())
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (s *Service) getAdminApplication(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	a, ok := s.st.AdminApplications[strings.ToLower(r.PathValue("appId"))]
	if !ok {
		writeAPIError(w, http.StatusNotFound, "AdminApplicationNotFound", "The application is not registered as a management application.")
		return
	}
	writeJSON(w, http.StatusOK, a.dto())
}

// putAdminApplication registers the app; repeating it is harmless. Only a
// person (a Power Platform or global administrator) can register one.
func (s *Service) putAdminApplication(w http.ResponseWriter, r *http.Request, c emulator.Claims) {
	if c.IsApp() {
		writeAPIError(w, http.StatusForbidden, "Forbidden",
			"Only a signed-in Power Platform administrator can register a management application.")
		return
	}
	id := strings.ToLower(r.PathValue("appId"))
	a, ok := s.st.AdminApplications[id]
	if !ok {
		a = &adminApplication{ApplicationID: id, TenantID: c.Tenant, RegisteredBy: callerPrincipal(c), RegisteredAt: s.env.Now()}
		s.st.AdminApplications[id] = a
	}
	writeJSON(w, http.StatusOK, a.dto())
}

func (s *Service) deleteAdminApplication(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	delete(s.st.AdminApplications, strings.ToLower(r.PathValue("appId")))
	w.WriteHeader(http.StatusNoContent)
}

// mapKeys returns the keys of m, for sorting.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
