package entra

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// deviceCodeGrantURN is the RFC 8628 grant type; MSAL sends the short form.
const deviceCodeGrantURN = "urn:ietf:params:oauth:grant-type:device_code"

// handleToken is the token endpoint of a tenant for every grant the installer uses.
func (s *Service) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.writeOAuthError(w, errMissing("grant_type"))
		return
	}
	form := r.PostForm
	if id, secret, ok := r.BasicAuth(); ok && form.Get("client_secret") == "" {
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	}
	base := emulator.BaseURL(r)
	s.mu.Lock()
	t := s.tenantFor(r.PathValue("tenant"))
	body, oerr := s.grant(base, t, form)
	s.mu.Unlock()
	if oerr != nil {
		s.writeOAuthError(w, *oerr)
		return
	}
	w.Header().Set("Cache-Control", "no-store, no-cache")
	writeJSON(w, http.StatusOK, body)
}

func (s *Service) grant(base string, t *tenant, form url.Values) (map[string]any, *oauthError) {
	if form.Get("client_id") == "" {
		return nil, ptr(errMissing("client_id"))
	}
	switch gt := form.Get("grant_type"); gt {
	case "device_code", deviceCodeGrantURN:
		return s.redeemDeviceCode(base, form)
	case "client_credentials":
		return s.clientCredentials(base, t, form)
	case "refresh_token":
		return s.redeemRefreshToken(base, form)
	case "":
		return nil, ptr(errMissing("grant_type"))
	default:
		return nil, ptr(errGrantType(gt))
	}
}

// clientCredentials signs an application in with one of its client secrets.
func (s *Service) clientCredentials(base string, t *tenant, form url.Values) (map[string]any, *oauthError) {
	clientID := form.Get("client_id")
	app := s.findAppForSignIn(t, clientID)
	sp := spByAppID(t, clientID)
	if app == nil || sp == nil {
		return nil, ptr(errUnknownApp(clientID, t.ID))
	}
	if !s.secretMatches(app, form.Get("client_secret")) {
		return nil, &errBadSecret
	}
	st := parseScope(form.Get("scope"))
	if len(st.Values) != 1 || st.Values[0] != ".default" {
		return nil, &errNoScope
	}
	return s.appTokenResponse(base, t, sp, clientID, st), nil
}

// findAppForSignIn finds the application registration behind clientID: in
// the tenant itself, or a multi-tenant app registered in another tenant.
func (s *Service) findAppForSignIn(t *tenant, clientID string) *application {
	if app := appByAppID(t, clientID); app != nil {
		return app
	}
	for _, other := range s.st.Tenants {
		if app := appByAppID(other, clientID); app != nil && app.str("signInAudience") != "AzureADMyOrg" {
			return app
		}
	}
	return nil
}

func (s *Service) secretMatches(app *application, secret string) bool {
	now := s.now()
	for _, p := range app.Passwords {
		if subtle.ConstantTimeCompare([]byte(p.Secret), []byte(secret)) == 1 && now.Before(p.End) {
			return true
		}
	}
	return false
}

// redeemRefreshToken issues fresh tokens for a refresh token still valid.
func (s *Service) redeemRefreshToken(base string, form url.Values) (map[string]any, *oauthError) {
	rt := form.Get("refresh_token")
	g, ok := s.st.RefreshTokens[rt]
	if !ok || !s.now().Before(g.Expires) || !strings.EqualFold(g.ClientID, form.Get("client_id")) {
		return nil, &errBadRefresh
	}
	t := s.tenantByID(g.Tenant)
	if t == nil || t.Users[g.UserID] == nil {
		return nil, &errBadRefresh
	}
	return s.userTokenResponse(base, t, t.Users[g.UserID], g.ClientID, form.Get("scope")), nil
}

func ptr[T any](v T) *T { return &v }
