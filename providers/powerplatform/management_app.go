package powerplatform

import (
	"context"
	"fmt"
	"net/url"
)

// RegisterManagementApp registers the app registration appID as a Power
// Platform management application (New-PowerAppManagementApp), so the
// pipelines' service principal may call the admin API. It looks first and
// registers only when missing. Only a signed-in Power Platform
// administrator can register one.
func (c *Client) RegisterManagementApp(ctx context.Context, appID string) (Outcome, error) {
	op := fmt.Sprintf("register management app %q", appID)
	if err := checkGUID("application id", appID); err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	u := c.adminURL("adminApplications/"+url.PathEscape(appID), apiVersionManagementApps)
	_, err := c.send(ctx, request{service: servicePowerPlatform, op: "read management app " + appID, method: "GET", url: u, tokens: c.adminTokens()})
	if err == nil {
		return Found, nil
	}
	if !isStatus(err, 404) {
		return "", err
	}
	if _, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "PUT", url: u, body: map[string]any{}, tokens: c.adminTokens()}); err != nil {
		return "", err
	}
	return Created, nil
}

// UnregisterManagementApp removes appID from the Power Platform management
// applications (Remove-PowerAppManagementApp); one already gone is fine.
func (c *Client) UnregisterManagementApp(ctx context.Context, appID string) error {
	op := fmt.Sprintf("unregister management app %q", appID)
	if err := checkGUID("application id", appID); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	u := c.adminURL("adminApplications/"+url.PathEscape(appID), apiVersionManagementApps)
	_, err := c.send(ctx, request{service: servicePowerPlatform, op: op, method: "DELETE", url: u, tokens: c.adminTokens()})
	if isStatus(err, 404) {
		return nil
	}
	return err
}

// ManagementAppRegistered reports whether appID is registered as a Power
// Platform management application, changing nothing.
func (c *Client) ManagementAppRegistered(ctx context.Context, appID string) (bool, error) {
	if err := checkGUID("application id", appID); err != nil {
		return false, fmt.Errorf("read management app %q: %w", appID, err)
	}
	u := c.adminURL("adminApplications/"+url.PathEscape(appID), apiVersionManagementApps)
	_, err := c.send(ctx, request{service: servicePowerPlatform, op: "read management app " + appID, method: "GET", url: u, tokens: c.adminTokens()})
	if isStatus(err, 404) {
		return false, nil
	}
	return err == nil, err
}
