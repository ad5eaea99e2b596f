package powerplatform

import (
	"net/http"
	"net/url"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// registerConnectionControl serves POST /_sandbox/powerplatform/connections:
// {"environment": "<name or https://<host>/>", "api": "shared_webcontents",
// "ownerId": "<Entra object id>", "ownerName": "..."} creates a Connected
// connection, standing in for the admin's interactive sign-in.
func (s *Service) registerConnectionControl(mux *http.ServeMux) {
	mux.HandleFunc("POST "+emulator.PrefixControl+"/powerplatform/connections", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Environment, API, OwnerID, OwnerName string
		}
		if err := readJSON(r, &req); err != nil || req.API == "" || req.Environment == "" {
			writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", "environment and api are required.")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.settle()
		c, msg := s.createConnection(s.environmentNamed(req.Environment), req.API, "", "",
			principal{ID: req.OwnerID, DisplayName: req.OwnerName, Type: "User"})
		if msg != "" {
			writeAPIError(w, http.StatusNotFound, "EnvironmentNotFound", msg)
			return
		}
		writeJSON(w, http.StatusCreated, c.dto())
	})
}

// environmentNamed resolves an environment name or its Dataverse URL to the name.
func (s *Service) environmentNamed(ref string) string {
	if u, err := url.Parse(ref); err == nil && u.Host != "" {
		if o := s.st.Orgs[strings.ToLower(u.Hostname())]; o != nil {
			return o.EnvironmentName
		}
	}
	return strings.ToLower(ref)
}
