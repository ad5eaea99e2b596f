package powerplatform

import (
	"net/http"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// registerBreakControl serves POST /_sandbox/powerplatform/break, which
// puts an environment in a state an admin or an upgrade leaves it in:
//
//   - application-user-deleted: {environment (name or Dataverse URL),
//     application (the app id)} removes the application user with its role
//     links, as Settings → Users + permissions → Application users → Delete
//     in the admin center does (learn.microsoft.com/power-platform/admin/manage-application-users;
//     the platform's own order — roles off, disable, DELETE — as
//     FH-Inway/d365bap.tools · Remove-PpacUser describes it).
//   - flows-off: {environment} turns every cloud flow of the environment
//     off (Draft, statecode 0 / statuscode 1), as a solution upgrade or a
//     maker turning them off does (learn.microsoft.com/power-platform/guidance/alm-accelerator/setup-admin-tasks:
//     the flows are turned on after import).
//
// A missing key is a 400 naming it, in the admin API's error shape.
func (s *Service) registerBreakControl(mux *http.ServeMux) {
	mux.HandleFunc("POST "+emulator.PrefixControl+"/powerplatform/break", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			State, Environment, Application string
		}
		if err := readJSON(r, &req); err != nil {
			writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", "The body must be JSON with state and its keys.")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.settle()
		status, msg := s.breakState(req.State, req.Environment, req.Application)
		if status != http.StatusNoContent {
			writeAPIError(w, status, "InvalidRequestContent", msg)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// breakState puts the environment in state; it answers 204, or the status
// and message of what is wrong with the request.
func (s *Service) breakState(state, environment, application string) (int, string) {
	switch state {
	case "application-user-deleted", "flows-off":
	default:
		return http.StatusBadRequest, "state must be one of application-user-deleted, flows-off."
	}
	if environment == "" {
		return http.StatusBadRequest, state + " needs environment."
	}
	if state == "application-user-deleted" && application == "" {
		return http.StatusBadRequest, state + " needs application (the app id)."
	}
	o := s.st.orgForEnvironment(s.environmentNamed(environment))
	if o == nil {
		return http.StatusNotFound, "environment " + environment + " has no Dataverse."
	}
	if state == "flows-off" {
		for _, f := range o.Tables["workflows"] { // category 5: a modern (cloud) flow
			if f.num("category") == 5 && f.num("statecode") != workflowDraft {
				f["statecode"], f["statuscode"] = workflowDraft, 1
				o.touch(f)
			}
		}
		return http.StatusNoContent, ""
	}
	users := o.Tables["systemusers"]
	for i, u := range users {
		if strings.EqualFold(u.str("applicationid"), application) {
			o.UserRoles = dropLinks(o.UserRoles, u.str("systemuserid"), "")
			o.Tables["systemusers"] = append(users[:i:i], users[i+1:]...)
			return http.StatusNoContent, ""
		}
	}
	return http.StatusNotFound, "application " + application + " is no application user of environment " + environment + "."
}
