package entra

import (
	"net/http"

	"almwiz/providers/sandbox/emulator"
)

// handleDiscovery serves the OpenID configuration of a tenant. Every URL in it
// is built from the request's host, so the issuer matches the authority MSAL
// was given.
func (s *Service) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	t := s.tenantFor(r.PathValue("tenant"))
	s.mu.Unlock()
	base := emulator.BaseURL(r) + emulator.PrefixLogin + "/" + r.PathValue("tenant")
	w.Header().Set("Cache-Control", "max-age=86400, private")
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                emulator.BaseURL(r) + emulator.PrefixLogin + "/" + t.ID + "/v2.0",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"userinfo_endpoint":                     emulator.BaseURL(r) + emulator.PrefixGraph + "/oidc/userinfo",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "name", "oid", "tid", "preferred_username"},
		"request_uri_parameter_supported":       false,
		"http_logout_supported":                 true,
		"frontchannel_logout_supported":         true,
		"tenant_region_scope":                   "NA",
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          "graph.microsoft.com",
		"rbac_url":                              "https://pas.windows.net",
	})
}
