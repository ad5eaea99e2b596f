package entra

import (
	"net/http"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// deviceCodeLifetime is how long a device code may be redeemed, as Entra's default.
const deviceCodeLifetime = 15 * time.Minute

// deviceCode is one pending device authorization.
type deviceCode struct {
	Tenant      string    `json:"tenant"`
	ClientID    string    `json:"clientId"`
	Scope       string    `json:"scope"`
	UserCode    string    `json:"userCode"`
	Created     time.Time `json:"created"`
	Expires     time.Time `json:"expires"`
	Approved    bool      `json:"approved"`
	Redeemed    bool      `json:"redeemed"`
	AutoApprove time.Time `json:"autoApprove"` // zero: only the approval page approves
}

// handleDeviceCode starts a device authorization for the tenant.
func (s *Service) handleDeviceCode(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("client_id") == "" {
		s.writeOAuthError(w, errMissing("client_id"))
		return
	}
	s.mu.Lock()
	t := s.tenantFor(r.PathValue("tenant"))
	code, dc := s.newDeviceCode(t, r.PostForm.Get("client_id"), r.PostForm.Get("scope"))
	s.mu.Unlock()
	uri := emulator.BaseURL(r) + emulator.PrefixApproval
	writeJSON(w, http.StatusOK, map[string]any{
		"user_code": dc.UserCode, "device_code": code, "verification_uri": uri,
		"expires_in": int(deviceCodeLifetime.Seconds()), "interval": 1,
		"message": "To sign in, use a web browser to open the page " + uri + " and enter the code " + dc.UserCode + " to authenticate.",
	})
}

func (s *Service) newDeviceCode(t *tenant, clientID, scope string) (string, *deviceCode) {
	now := s.now()
	dc := &deviceCode{
		Tenant: t.ID, ClientID: clientID, Scope: scope, UserCode: userCode(),
		Created: now, Expires: now.Add(deviceCodeLifetime),
	}
	if d := s.approvalDelay(); d >= 0 {
		dc.AutoApprove = now.Add(d)
	}
	code := randomSecret(48)
	s.st.DeviceCodes[code] = dc
	return code, dc
}

func (s *Service) approvalDelay() time.Duration {
	if s.env.DeviceCodeApproval == nil {
		return time.Second
	}
	if d := s.env.DeviceCodeApproval(); d != 0 {
		return d
	}
	return time.Second
}

// userCode is a short code a person can type, without look-alike letters.
func userCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := []byte(randomSecret(9))
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// redeemDeviceCode answers a device_code grant: pending until approved, then
// the user's tokens once.
func (s *Service) redeemDeviceCode(base string, form map[string][]string) (map[string]any, *oauthError) {
	code := first(form["device_code"])
	dc, ok := s.st.DeviceCodes[code]
	if !ok || dc.Redeemed || dc.ClientID != first(form["client_id"]) {
		return nil, &errBadCode
	}
	now := s.now()
	if now.After(dc.Expires) {
		delete(s.st.DeviceCodes, code)
		return nil, &errExpiredCode
	}
	if !dc.Approved && (dc.AutoApprove.IsZero() || now.Before(dc.AutoApprove)) {
		return nil, &errPending
	}
	t := s.tenantByID(dc.Tenant)
	if t == nil {
		return nil, &errBadCode
	}
	delete(s.st.DeviceCodes, code)
	return s.userTokenResponse(base, t, s.adminOf(t), dc.ClientID, scopeOrDefault(first(form["scope"]), dc.Scope)), nil
}

// approveUserCode approves the pending device code a person typed.
func (s *Service) approveUserCode(userCode string) bool {
	userCode = strings.ToUpper(strings.TrimSpace(strings.ReplaceAll(userCode, "-", "")))
	for _, dc := range s.st.DeviceCodes {
		if dc.UserCode == userCode && s.now().Before(dc.Expires) {
			dc.Approved = true
			return true
		}
	}
	return false
}

// adminOf returns the tenant's admin user, the one every device code signs in.
func (s *Service) adminOf(t *tenant) *user {
	return t.Users[stableID("admin", t.ID)]
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func scopeOrDefault(scope, fallback string) string {
	if scope != "" {
		return scope
	}
	return fallback
}
