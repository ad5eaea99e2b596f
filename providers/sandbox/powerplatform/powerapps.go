package powerplatform

import (
	"net/http"
	"net/url"
	"regexp"

	"almwiz/providers/sandbox/emulator"
)

const powerAppsRoot = emulator.PrefixPowerApps + "/providers/Microsoft.PowerApps"

// powerApps verifies the token and the api-version of a PowerApps API call,
// then runs h under the lock.
func (s *Service) powerApps(h bapHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.authorizeAPI(w, r)
		if !ok {
			return
		}
		if r.URL.Query().Get("api-version") == "" {
			writeAPIError(w, http.StatusBadRequest, "MissingApiVersionParameter",
				"The api-version query parameter (?api-version=) is required for all requests.")
			return
		}
		s.locked(func() { h(w, r, c) })
	}
}

// environmentFilter matches "environment eq '<name>'" in a $filter.
var environmentFilter = regexp.MustCompile(`(?i)environment\s+eq\s+'([^']+)'`)

// filteredEnvironment is the environment a PowerApps call is about: the path's
// {environment}, else $filter=environment eq '<name>', else $environment.
func filteredEnvironment(r *http.Request) string {
	if env := r.PathValue("environment"); env != "" {
		return env
	}
	if m := environmentFilter.FindStringSubmatch(r.URL.Query().Get("$filter")); m != nil {
		return m[1]
	}
	return r.URL.Query().Get("$environment")
}

// registerInvoke serves POST /powerapps/api/invoke, the portal's proxy: the
// real route is in the x-ms-path-query header.
func (s *Service) registerInvoke(mux *http.ServeMux) {
	mux.HandleFunc("POST "+emulator.PrefixPowerApps+"/api/invoke", func(w http.ResponseWriter, r *http.Request) {
		u, err := url.Parse(emulator.PrefixPowerApps + r.Header.Get("x-ms-path-query"))
		if err != nil || r.Header.Get("x-ms-path-query") == "" {
			writeAPIError(w, http.StatusBadRequest, "InvalidRequest", "The x-ms-path-query header is missing or invalid.")
			return
		}
		inner := r.Clone(r.Context())
		inner.URL, inner.RequestURI = u, u.RequestURI()
		if m := r.Header.Get("x-ms-path-method"); m != "" {
			inner.Method = m
		}
		mux.ServeHTTP(w, inner)
	})
}

// environmentRef is how the PowerApps API names an environment inside a resource.
func environmentRef(name string) map[string]any {
	return map[string]any{"id": "/providers/Microsoft.PowerApps/environments/" + name, "name": name}
}
