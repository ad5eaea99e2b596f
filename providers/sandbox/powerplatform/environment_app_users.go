package powerplatform

import (
	"net/http"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// addAppUser is the admin API's way to make an application an application
// user of an environment's Dataverse, with System Administrator.
func (s *Service) addAppUser(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	e, ok := s.st.Environments[strings.ToLower(r.PathValue("name"))]
	if !ok {
		writeEnvironmentNotFound(w, r.PathValue("name"))
		return
	}
	var body struct {
		AppID string `json:"servicePrincipalAppId"`
	}
	if err := readJSON(r, &body); err != nil || body.AppID == "" {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", "servicePrincipalAppId is required.")
		return
	}
	o := s.st.orgForEnvironment(e.Name)
	if o == nil {
		writeAPIError(w, http.StatusBadRequest, "EnvironmentHasNoDatabase", "The environment '"+e.Name+"' has no Dataverse database.")
		return
	}
	o.ensureAppUser(body.AppID, s.env.Now())
	writeJSON(w, http.StatusOK, map[string]any{"servicePrincipalAppId": body.AppID})
}

// ensureAppUser returns the application user of appID, creating it in the
// root business unit with System Administrator when missing.
func (o *org) ensureAppUser(appID string, now time.Time) record {
	appID = strings.ToLower(appID)
	for _, u := range o.Tables["systemusers"] {
		if u.str("applicationid") == appID {
			return u
		}
	}
	rec := newUserRecord(o.rootBusinessUnit().str("businessunitid"))
	rec["applicationid"], rec["accessmode"], rec["fullname"] = appID, 4, "# "+appID
	u := o.insert("systemusers", rec, now)
	if role := o.roleByTemplate(templateSystemAdministrator); role != nil {
		o.UserRoles = append(o.UserRoles, link{u.str("systemuserid"), role.str("roleid")})
	}
	return u
}
