package powerplatform

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"almwiz/providers/sandbox/emulator"
)

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeAPIError answers in the admin and PowerApps APIs' error shape.
func writeAPIError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message}})
}

// readJSON decodes the request body into v; an empty body leaves v unchanged.
func readJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil || len(body) == 0 {
		return err
	}
	return json.Unmarshal(body, v)
}

// authorizeAPI verifies a token for the admin and PowerApps APIs and answers
// 401 as they do when it is missing or wrong.
func (s *Service) authorizeAPI(w http.ResponseWriter, r *http.Request) (emulator.Claims, bool) {
	c, err := s.env.Tokens.Verify(r, emulator.AudiencePowerPlatform)
	if err == nil {
		return c, true
	}
	code := "InvalidAuthenticationToken"
	if errors.Is(err, emulator.ErrNoToken) {
		code = "MissingAuthenticationToken"
	} else if errors.Is(err, emulator.ErrExpiredToken) {
		code = "ExpiredAuthenticationToken"
	}
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	writeAPIError(w, http.StatusUnauthorized, code, "The access token is invalid: "+err.Error())
	return c, false
}
