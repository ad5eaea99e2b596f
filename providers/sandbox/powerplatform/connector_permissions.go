package powerplatform

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// Custom connector sharing, as the Microsoft.PowerApps.Administration.PowerShell
// module's Get-/Set-AdminPowerAppConnectorRoleAssignment call it:
// GET .../scopes/admin/environments/{environment}/apis/{api}/permissions and
// POST .../modifyPermissions with {"put":[{"properties":{"roleName",
// "principal":{"id"}}}]} (or {"delete":[{"id"}]}), api-version 2017-06-01.
// The permissions live on the connector's row, under "~permissions".

func (s *Service) registerConnectorPermissions(mux *http.ServeMux) {
	api := powerAppsRoot + "/scopes/admin/environments/{environment}/apis/{api}"
	mux.HandleFunc("GET "+api+"/permissions", s.powerApps(s.listConnectorPermissions))
	mux.HandleFunc("POST "+api+"/modifyPermissions", s.powerApps(s.modifyConnectorPermissions))
}

// guidPattern is an object id.
var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// connectorPermission is one principal's role on a custom connector.
func connectorPermission(row record, principalID, roleName string) map[string]any {
	scope := "/providers/Microsoft.PowerApps/apis/" + row.str("connectorinternalid")
	return map[string]any{"name": principalID, "id": scope + "/permissions/" + principalID,
		"type": "Microsoft.PowerApps/apis/permissions",
		"properties": map[string]any{"roleName": roleName, "scope": scope,
			"principal": map[string]any{"id": principalID, "type": "Group"}}}
}

// permissionsOf is the connector's permissions, as stored.
func permissionsOf(row record) []any {
	list, _ := row["~permissions"].([]any)
	return list
}

func (s *Service) listConnectorPermissions(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	if _, row := s.customConnector(w, r); row != nil {
		writeJSON(w, http.StatusOK, map[string]any{"value": orEmpty(permissionsOf(row))})
	}
}

// modifyConnectorPermissions adds or replaces (put) and removes (delete)
// role assignments on the connector.
func (s *Service) modifyConnectorPermissions(w http.ResponseWriter, r *http.Request, _ emulator.Claims) {
	o, row := s.customConnector(w, r)
	if row == nil {
		return
	}
	var body struct {
		Put []struct {
			Properties struct {
				RoleName  string `json:"roleName"`
				Principal struct {
					ID string `json:"id"`
				} `json:"principal"`
			} `json:"properties"`
		} `json:"put"`
		Delete []struct {
			ID string `json:"id"`
		} `json:"delete"`
	}
	if err := readJSON(r, &body); err != nil {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestContent", err.Error())
		return
	}
	list := permissionsOf(row)
	for _, p := range body.Put {
		if !slices.Contains(appRoles, p.Properties.RoleName) || !guidPattern.MatchString(p.Properties.Principal.ID) {
			writeAPIError(w, http.StatusBadRequest, "InvalidPermission",
				"A permission needs roleName CanView, CanViewWithShare or CanEdit and the principal's object id.")
			return
		}
		list = dropPermission(list, p.Properties.Principal.ID)
		list = append(list, connectorPermission(row, strings.ToLower(p.Properties.Principal.ID), p.Properties.RoleName))
	}
	for _, d := range body.Delete {
		list = dropPermission(list, d.ID[strings.LastIndex(d.ID, "/")+1:])
	}
	row["~permissions"] = list
	o.touch(row)
	writeJSON(w, http.StatusOK, map[string]any{})
}

// dropPermission removes the principal's permission from list.
func dropPermission(list []any, principalID string) []any {
	return slices.DeleteFunc(slices.Clone(list), func(p any) bool {
		m, _ := p.(map[string]any)
		name, _ := m["name"].(string)
		return strings.EqualFold(name, principalID)
	})
}
