package entra

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// breakRequest is the body of POST /_sandbox/entra/break.
type breakRequest struct {
	State       string `json:"state"`
	Tenant      string `json:"tenant"`
	Application string `json:"application"` // appId or display name
	In          string `json:"in"`          // secret-expiring: how long until the end, e.g. "240h"
}

// handleControlBreak serves POST /_sandbox/entra/break, which ages the
// client secrets of an app registration as time does, without moving the
// sandbox's clock (which would expire every token and operation too):
//
//   - secret-expiring: {tenant, application, in} sets the endDateTime of
//     every password credential of the app to the sandbox's now + in;
//   - secret-expired: {tenant, application} sets it to an hour ago.
//
// A password credential's endDateTime is fixed when it is added and never
// extended: a new secret is the only renewal (learn.microsoft.com/graph/api/resources/passwordcredential;
// application: addPassword). A missing key is a 400 naming it, in Graph's
// error shape.
func (s *Service) handleControlBreak(w http.ResponseWriter, r *http.Request) {
	var req breakRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, graphErrorBody("Request_BadRequest", "The body must be JSON with state and its keys."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	status, msg := s.breakState(req)
	if status != http.StatusNoContent {
		writeJSON(w, status, graphErrorBody("Request_BadRequest", msg))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Service) breakState(req breakRequest) (int, string) {
	var end time.Time
	switch req.State {
	case "secret-expiring":
		d, err := time.ParseDuration(req.In)
		if req.In == "" || err != nil || d <= 0 {
			return http.StatusBadRequest, "secret-expiring needs in, a positive duration such as 240h."
		}
		end = s.now().Add(d)
	case "secret-expired":
		end = s.now().Add(-time.Hour)
	default:
		return http.StatusBadRequest, "state must be one of secret-expired, secret-expiring."
	}
	for k, v := range map[string]string{"tenant": req.Tenant, "application": req.Application} {
		if v == "" {
			return http.StatusBadRequest, req.State + " needs " + k + "."
		}
	}
	t := s.tenantFor(req.Tenant)
	app := appByAppID(t, req.Application)
	for _, a := range t.Applications {
		if app == nil && strings.EqualFold(a.str("displayName"), req.Application) {
			app = a
		}
	}
	if app == nil {
		return http.StatusNotFound, "application " + req.Application + " does not exist in tenant " + req.Tenant + "."
	}
	for i := range app.Passwords {
		app.Passwords[i].End = end
		if app.Passwords[i].Start.After(end) {
			app.Passwords[i].Start = end.Add(-time.Hour)
		}
	}
	return http.StatusNoContent, ""
}

func graphErrorBody(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message}}
}
