package entra

import (
	"fmt"
	"net/http"
	"time"
)

// oauthError is the identity platform's error body for /token and /devicecode.
type oauthError struct {
	status      int
	code        string // error
	aadsts      int    // AADSTS number, also in error_codes
	description string
}

func (e oauthError) body(now time.Time) map[string]any {
	return map[string]any{
		"error":             e.code,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s", e.aadsts, e.description, newID(), newID(), now.UTC().Format("2006-01-02 15:04:05Z")),
		"error_codes":       []int{e.aadsts},
		"timestamp":         now.UTC().Format("2006-01-02 15:04:05Z"),
		"trace_id":          newID(),
		"correlation_id":    newID(),
	}
}

func (s *Service) writeOAuthError(w http.ResponseWriter, e oauthError) {
	writeJSON(w, e.status, e.body(s.now()))
}

var (
	errPending     = oauthError{http.StatusBadRequest, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling."}
	errExpiredCode = oauthError{http.StatusBadRequest, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."}
	errBadCode     = oauthError{http.StatusBadRequest, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid."}
	errBadRefresh  = oauthError{http.StatusBadRequest, "invalid_grant", 700082, "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access."}
	errBadSecret   = oauthError{http.StatusUnauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app."}
	errNoScope     = oauthError{http.StatusBadRequest, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."}
)

func errUnknownApp(appID, tenantID string) oauthError {
	return oauthError{http.StatusBadRequest, "unauthorized_client", 700016,
		fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", appID, tenantID)}
}

func errGrantType(gt string) oauthError {
	return oauthError{http.StatusBadRequest, "unsupported_grant_type", 70003, fmt.Sprintf("The app requested an unsupported grant type '%s'.", gt)}
}

func errMissing(field string) oauthError {
	return oauthError{http.StatusBadRequest, "invalid_request", 900144, fmt.Sprintf("The request body must contain the following parameter: '%s'.", field)}
}
