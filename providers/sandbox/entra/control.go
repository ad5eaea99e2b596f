package entra

import (
	"encoding/json"
	"net/http"
)

// servicePrincipalRequest asks for a ready-to-use application identity.
type servicePrincipalRequest struct {
	Tenant      string `json:"tenant"`
	DisplayName string `json:"displayName"`
}

// handleControlServicePrincipal creates an application with its service
// principal and a client secret, all visible at once, so tests and CI can
// sign in with AZURE_CLIENT_ID and AZURE_CLIENT_SECRET against the sandbox.
func (s *Service) handleControlServicePrincipal(w http.ResponseWriter, r *http.Request) {
	var req servicePrincipalRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Tenant == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON with tenant (domain or id) and displayName"})
		return
	}
	if req.DisplayName == "" {
		req.DisplayName = "sandbox-automation"
	}
	s.mu.Lock()
	out := s.newAutomation(req)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

// newAutomation registers the app, its service principal and a secret, all
// replicated at once.
func (s *Service) newAutomation(req servicePrincipalRequest) map[string]string {
	t := s.tenantFor(req.Tenant)
	app := s.newApplication(t, map[string]any{"displayName": req.DisplayName})
	sp := s.newSP(t, app)
	now := s.now()
	app.VisibleAt, sp.VisibleAt = now, now
	secret := clientSecret()
	app.Passwords = append(app.Passwords, password{KeyID: newID(), DisplayName: "sandbox", Hint: secret[:3], Secret: secret, Start: now, End: now.Add(defaultSecretLifetime)})
	return map[string]string{
		"appId": app.str("appId"), "secret": secret, "tenant": t.ID, "domain": t.Domain,
		"objectId": app.id(), "servicePrincipalId": sp.id(),
	}
}
