package powerplatform

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// AppRole is a permission on a canvas app.
type AppRole string

// App roles, from least to most.
const (
	CanView          AppRole = "CanView"
	CanViewWithShare AppRole = "CanViewWithShare"
	CanEdit          AppRole = "CanEdit"
)

// rank orders app roles; a stronger role than asked for is kept.
func (r AppRole) rank() int {
	switch r {
	case CanView:
		return 1
	case CanViewWithShare:
		return 2
	case CanEdit:
		return 3
	}
	return 0
}

type appPermissionDTO struct {
	Properties struct {
		RoleName  AppRole `json:"roleName"`
		Principal struct {
			ID string `json:"id"`
		} `json:"principal"`
	} `json:"properties"`
}

// ShareAppWithGroup shares a canvas app with an Entra group at role (or
// keeps a stronger role the group already has), without notifying anyone.
func (c *Client) ShareAppWithGroup(ctx context.Context, envName, appName, groupID string, role AppRole) (Outcome, error) {
	op := fmt.Sprintf("share app %s with group %s as %s", appName, groupID, role)
	if err := checkGUID("group id", groupID); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	if role.rank() == 0 {
		return "", fmt.Errorf("%s: unknown role", op)
	}
	app := "scopes/admin/environments/" + url.PathEscape(envName) + "/apps/" + url.PathEscape(appName)
	held, err := c.appRoleOf(ctx, op, app, groupID)
	if err != nil {
		return "", err
	}
	if held.rank() >= role.rank() {
		return Found, nil
	}
	body := map[string]any{"put": []any{map[string]any{"properties": map[string]any{
		"principal": map[string]any{"id": groupID, "type": "Group", "tenantId": nil},
		"roleName":  role, "NotifyShareTargetOption": "DoNotNotify",
	}}}}
	if _, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "POST", body: body, tokens: c.adminTokens(), retrySafe: true,
		url: c.powerAppsURL(app+"/modifyPermissions", apiVersionApps, "")}); err != nil {
		return "", err
	}
	if held != "" {
		return Updated, nil
	}
	return Created, nil
}

// appRoleOf is the role a principal holds on the app, "" when none.
func (c *Client) appRoleOf(ctx context.Context, op, app, principalID string) (AppRole, error) {
	resp, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "GET", tokens: c.adminTokens(),
		url: c.powerAppsURL(app+"/permissions", apiVersionApps, "")})
	if err != nil {
		return "", err
	}
	var list rows[appPermissionDTO]
	if err := resp.decode(op, &list); err != nil {
		return "", err
	}
	for _, p := range list.Value {
		if strings.EqualFold(p.Properties.Principal.ID, principalID) {
			return p.Properties.RoleName, nil
		}
	}
	return "", nil
}

// AppRoleOf is the role an Entra user or group holds on a canvas app, ""
// when none: what ShareAppWithGroup would compare, read without sharing.
func (c *Client) AppRoleOf(ctx context.Context, envName, appName, principalID string) (AppRole, error) {
	op := fmt.Sprintf("read the permissions of app %s", appName)
	app := "scopes/admin/environments/" + url.PathEscape(envName) + "/apps/" + url.PathEscape(appName)
	return c.appRoleOf(ctx, op, app, principalID)
}

// Covers reports whether holding r gives at least want.
func (r AppRole) Covers(want AppRole) bool { return r.rank() >= want.rank() && want.rank() > 0 }
