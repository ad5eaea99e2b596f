package powerplatform

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"almwiz/providers/sandbox/emulator"
)

// appPermission is a canvas app shared with a principal (a role assignment).
type appPermission struct {
	Environment string    `json:"environment"`
	App         string    `json:"app"`
	RoleName    string    `json:"roleName"` // CanView, CanViewWithShare, CanEdit
	Principal   principal `json:"principal"`
	Email       string    `json:"email,omitempty"`
	CreatedOn   time.Time `json:"createdOn"`
}

var appRoles = []string{"CanView", "CanViewWithShare", "CanEdit"}

func (s *Service) registerAppPermissions(mux *http.ServeMux) {
	for _, app := range []string{powerAppsRoot + "/apps/{app}", powerAppsRoot + "/scopes/admin/environments/{environment}/apps/{app}"} {
		mux.HandleFunc("GET "+app+"/permissions", s.powerApps(s.listAppPermissions))
		mux.HandleFunc("POST "+app+"/modifyPermissions", s.powerApps(s.modifyAppPermissions))
	}
}

func (p *appPermission) dto() map[string]any {
	scope := "/providers/Microsoft.PowerApps/apps/" + p.App
	return map[string]any{
		"name": p.Principal.ID, "id": scope + "/permissions/" + p.Principal.ID, "type": "Microsoft.PowerApps/apps/permissions",
		"properties": map[string]any{
			"roleName": p.RoleName, "scope": scope, "notifyShareTargetOption": "DoNotNotify", "inviteGuestToTenant": false,
			"principal": map[string]any{"id": p.Principal.ID, "displayName": p.Principal.DisplayName, "email": p.Email,
				"type": p.Principal.Type, "tenantId": p.Principal.TenantID},
			"createdOn": isoTime(p.CreatedOn),
		},
	}
}

func (s *Service) listAppPermissions(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	env, _, ok := s.findApp(w, r)
	if !ok {
		return
	}
	value := []any{}
	for _, p := range s.st.AppPermissions {
		if p.Environment == env && strings.EqualFold(p.App, r.PathValue("app")) {
			value = append(value, p.dto())
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": value})
}

// modifyRequest is modifyPermissions' body: role assignments to put and to delete.
type modifyRequest struct {
	Put    []permissionChange `json:"put"`
	Delete []struct {
		ID string `json:"id"`
	} `json:"delete"`
}

// permissionChange accepts both {properties:{principal,roleName}} and the flat form.
type permissionChange struct {
	Properties *permissionChange `json:"properties"`
	RoleName   string            `json:"roleName"`
	Principal  struct {
		ID       string `json:"id"`
		Email    string `json:"email"`
		Type     string `json:"type"`
		TenantID string `json:"tenantId"`
	} `json:"principal"`
}

// modifyAppPermissions shares the app (a repeated share updates the role) or unshares it.
func (s *Service) modifyAppPermissions(w http.ResponseWriter, r *http.Request, c emulator.Claims) {
	env, app, ok := s.findApp(w, r)
	if !ok {
		return
	}
	var req modifyRequest
	if err := readJSON(r, &req); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", err.Error())
		return
	}
	for _, ch := range req.Put {
		if ch.Properties != nil {
			ch = *ch.Properties
		}
		if !slices.Contains(appRoles, ch.RoleName) || ch.Principal.ID == "" ||
			!slices.Contains([]string{"User", "Group", "Tenant"}, ch.Principal.Type) {
			writeAPIError(w, http.StatusBadRequest, "InvalidPermission",
				"Each permission needs roleName CanView, CanViewWithShare or CanEdit and a principal with id and type User, Group or Tenant.")
			return
		}
		s.putAppPermission(env, app, ch, c)
	}
	for _, del := range req.Delete {
		_, id, _ := strings.Cut(del.ID, "/permissions/")
		s.st.AppPermissions = deleteWhere(s.st.AppPermissions, func(p *appPermission) bool {
			return p.Environment == env && p.App == app && strings.EqualFold(p.Principal.ID, firstNonEmpty(id, del.ID))
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (s *Service) putAppPermission(env, app string, ch permissionChange, c emulator.Claims) {
	for _, p := range s.st.AppPermissions {
		if p.Environment == env && p.App == app && strings.EqualFold(p.Principal.ID, ch.Principal.ID) {
			p.RoleName = ch.RoleName
			return
		}
	}
	s.st.AppPermissions = append(s.st.AppPermissions, &appPermission{Environment: env, App: app, RoleName: ch.RoleName,
		Email: ch.Principal.Email, CreatedOn: s.env.Now(),
		Principal: principal{ID: strings.ToLower(ch.Principal.ID), DisplayName: ch.Principal.Email, Type: ch.Principal.Type,
			TenantID: firstNonEmpty(strings.TrimPrefix(ch.Principal.TenantID, "null"), c.Tenant)}})
}
