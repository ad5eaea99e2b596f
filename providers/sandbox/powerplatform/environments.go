package powerplatform

import (
	"net/http"
	"slices"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

const bapRoot = emulator.PrefixPowerPlatformAdmin + "/providers/Microsoft.BusinessAppPlatform"

// bapAPIVersions are the api-versions the environment routes accept.
var bapAPIVersions = []string{"2019-05-01", "2020-06-01", "2020-10-01", "2021-04-01", "2023-06-01"}

func (s *Service) registerEnvironments(mux *http.ServeMux) {
	admin := bapRoot + "/scopes/admin/environments"
	mux.HandleFunc("GET "+admin, s.bap(s.listEnvironments))
	mux.HandleFunc("GET "+admin+"/{name}", s.bap(s.getEnvironment))
	mux.HandleFunc("DELETE "+admin+"/{name}", s.bap(s.deleteEnvironment))
	mux.HandleFunc("POST "+admin+"/{name}/addAppUser", s.bap(s.addAppUser))
	mux.HandleFunc("POST "+bapRoot+"/environments", s.bap(s.createEnvironment))
	mux.HandleFunc("POST "+bapRoot+"/validateEnvironmentDetails", s.bap(s.validateEnvironmentDetails))
}

// bapHandler is an admin-API handler that runs under the lock with the caller's claims.
type bapHandler func(w http.ResponseWriter, r *http.Request, c emulator.Claims)

// bap verifies the token and the api-version, then runs h under the lock.
func (s *Service) bap(h bapHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authorizeAPI(w, r)
		if !ok {
			return
		}
		v := r.URL.Query().Get("api-version")
		if v == "" {
			writeAPIError(w, http.StatusBadRequest, "MissingApiVersionParameter",
				"The api-version query parameter (?api-version=) is required for all requests.")
			return
		}
		if !slices.Contains(bapAPIVersions, v) {
			writeAPIError(w, http.StatusBadRequest, "InvalidResourceType",
				"The resource type could not be found in the namespace 'Microsoft.BusinessAppPlatform' for api version '"+v+"'.")
			return
		}
		s.locked(func() { h(w, r, c) })
	}
}

func (s *Service) listEnvironments(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	withCapacity := strings.Contains(r.URL.Query().Get("$expand"), "capacity")
	value := []any{}
	for _, e := range sortedEnvironments(s.st) {
		value = append(value, e.dto(withCapacity))
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

func (s *Service) getEnvironment(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	e, ok := s.st.Environments[strings.ToLower(r.PathValue("name"))]
	if !ok {
		writeEnvironmentNotFound(w, r.PathValue("name"))
		return
	}
	writeJSON(w, http.StatusOK, e.dto(strings.Contains(r.URL.Query().Get("$expand"), "capacity")))
}

func writeEnvironmentNotFound(w http.ResponseWriter, name string) {
	writeAPIError(w, http.StatusNotFound, "EnvironmentNotFound",
		"The environment '"+name+"' could not be found in the tenant.")
}

// deleteEnvironment starts a Delete lifecycle operation.
func (s *Service) deleteEnvironment(w http.ResponseWriter, r *http.Request, c emulator.Claims) {
	e, ok := s.st.Environments[strings.ToLower(r.PathValue("name"))]
	if !ok {
		writeEnvironmentNotFound(w, r.PathValue("name"))
		return
	}
	if e.ProvisioningState != "Succeeded" {
		writeAPIError(w, http.StatusConflict, "OperationNotStartable",
			"Another operation is in progress on environment '"+e.Name+"'.")
		return
	}
	e.ProvisioningState = "Deleting"
	op := s.startLifecycle("Delete", e.Name, c)
	s.acceptOperation(w, r, op)
}

// sortedEnvironments lists environments by creation time, then name.
func sortedEnvironments(st *state) []*environment {
	out := make([]*environment, 0, len(st.Environments))
	for _, e := range st.Environments {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *environment) int {
		if c := a.CreatedTime.Compare(b.CreatedTime); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// callerPrincipal describes the token's subject as the admin API records it.
func callerPrincipal(c emulator.Claims) principal {
	if c.IsApp() {
		return principal{ID: c.AppID, DisplayName: "ServicePrincipal", Type: "ServicePrincipal", TenantID: c.Tenant}
	}
	return principal{ID: c.ObjectID, DisplayName: c.Name, Type: "User", TenantID: c.Tenant, Email: c.UPN, UPN: c.UPN}
}
