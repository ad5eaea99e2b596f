package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// apiVersionConnectorPermissions is what the
// Microsoft.PowerApps.Administration.PowerShell module's
// Get-/Set-AdminPowerAppConnectorRoleAssignment send.
const apiVersionConnectorPermissions = "2017-06-01"

// connectorPermissionsURL is the admin route of a custom connector's
// permissions (suffix "permissions" or "modifyPermissions").
func (c *Client) connectorPermissionsURL(envName, connector, suffix string) string {
	return c.powerAppsURL("scopes/admin/environments/"+url.PathEscape(envName)+"/apis/"+url.PathEscape(connector)+"/"+suffix,
		apiVersionConnectorPermissions, "")
}

// ConnectorRoleOf is the role a principal holds on a custom connector, ""
// when none.
func (c *Client) ConnectorRoleOf(ctx context.Context, envName, connector, principalID string) (AppRole, error) {
	op := fmt.Sprintf("read who may use custom connector %s", connector)
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET",
		url: c.connectorPermissionsURL(envName, connector, "permissions"), tokens: c.adminTokens()})
	if err != nil {
		return "", err
	}
	var list struct {
		Value []struct {
			Properties struct {
				RoleName  AppRole `json:"roleName"`
				Principal struct {
					ID string `json:"id"`
				} `json:"principal"`
			} `json:"properties"`
		} `json:"value"`
	}
	if err := resp.decode(op, &list); err != nil {
		return "", err
	}
	var best AppRole
	for _, p := range list.Value {
		if strings.EqualFold(p.Properties.Principal.ID, principalID) && p.Properties.RoleName.rank() > best.rank() {
			best = p.Properties.RoleName
		}
	}
	return best, nil
}

// ShareConnectorWithGroup lets a group use a custom connector with role,
// unless it already holds that role or a stronger one. It sends what
// Set-AdminPowerAppConnectorRoleAssignment sends (the
// Microsoft.PowerApps.Administration.PowerShell module): POST
// scopes/admin/environments/{env}/apis/{connector}/modifyPermissions with
// {"put":[{"properties":{"roleName","principal":{"id"}}}]}.
func (c *Client) ShareConnectorWithGroup(ctx context.Context, envName, connector, groupID string, role AppRole) (Outcome, error) {
	op := fmt.Sprintf("share custom connector %s with group %s", connector, groupID)
	if err := checkGUID("group id", groupID); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	held, err := c.ConnectorRoleOf(ctx, envName, connector, groupID)
	if err != nil {
		return "", err
	}
	if held.Covers(role) {
		return Found, nil
	}
	body := map[string]any{"put": []any{map[string]any{"properties": map[string]any{
		"roleName": role, "principal": map[string]any{"id": groupID}}}}}
	if _, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "POST", retrySafe: true,
		url: c.connectorPermissionsURL(envName, connector, "modifyPermissions"), body: body, tokens: c.adminTokens()}); err != nil {
		return "", err
	}
	return Updated, nil
}
