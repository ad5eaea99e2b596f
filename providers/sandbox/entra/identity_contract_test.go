package entra_test

import (
	"net/url"
	"testing"
	"time"
)

// Field lists from specs/identity/identity-platform-v2.md (sections 1 to 3).
var (
	discoveryFields = []string{
		"token_endpoint", "token_endpoint_auth_methods_supported", "jwks_uri", "response_modes_supported",
		"subject_types_supported", "id_token_signing_alg_values_supported", "response_types_supported",
		"scopes_supported", "issuer", "request_uri_parameter_supported", "userinfo_endpoint",
		"authorization_endpoint", "device_authorization_endpoint", "http_logout_supported",
		"frontchannel_logout_supported", "end_session_endpoint", "claims_supported", "tenant_region_scope",
		"cloud_instance_name", "cloud_graph_host_name", "msgraph_host", "rbac_url",
	}
	deviceCodeFields = []string{"device_code", "user_code", "verification_uri", "expires_in", "interval", "message"}
	userTokenFields  = []string{"token_type", "expires_in", "ext_expires_in", "access_token", "scope", "refresh_token", "id_token", "client_info"}
	appTokenFields   = []string{"token_type", "expires_in", "ext_expires_in", "access_token"}
	errorFields      = []string{"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id"}
)

func TestSignInAnswersCarryTheDocumentedFields(t *testing.T) {
	h := newHarness(t)
	login := "/login/" + tenantDomain
	_, disc := getJSON(t, h, login+"/v2.0/.well-known/openid-configuration")
	_, dc := postForm(t, h, login+"/oauth2/v2.0/devicecode", "client_id=c1&scope=openid+offline_access+"+url.QueryEscape(devopsScope))
	h.advance(time.Second) // past the auto-approval
	_, user := postForm(t, h, login+"/oauth2/v2.0/token", "grant_type=device_code&client_id=c1&device_code="+url.QueryEscape(str(dc["device_code"])))
	_, pending := postForm(t, h, login+"/oauth2/v2.0/token", "grant_type=refresh_token&client_id=c1&refresh_token=x")
	ci := h.newAutomation(t)
	_, app := postForm(t, h, login+"/oauth2/v2.0/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {ci["appId"]}, "client_secret": {ci["secret"]}, "scope": {"https://graph.microsoft.com/.default"}}.Encode())
	tests := []struct {
		name   string
		body   map[string]any
		fields []string
	}{
		{"discovery document", disc, discoveryFields},
		{"device authorization", dc, deviceCodeFields},
		{"user token", user, userTokenFields},
		{"application token", app, appTokenFields},
		{"error", pending, errorFields},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range tc.fields {
				if _, ok := tc.body[f]; !ok {
					t.Errorf("missing %s in %v", f, tc.body)
				}
			}
		})
	}
	if _, ok := dc["verification_uri_complete"]; ok {
		t.Errorf("device authorization has verification_uri_complete, which Entra never returns")
	}
}

func str(v any) string { s, _ := v.(string); return s }
