package entra

import (
	"context"
	"fmt"
)

// Teardown: almwiz removes only what its installation created (the steps
// know which). Each delete counts an object that is gone already as
// removed, so a teardown can be repeated after an interruption.

// DeleteApplication deletes the app registration with this object id.
// Entra keeps it among the deleted items for 30 days and deletes its
// service principal in the home tenant with it; those in other tenants stay.
func (c *Client) DeleteApplication(ctx context.Context, appObjectID string) error {
	return c.remove(ctx, "/applications/"+quote(appObjectID), fmt.Sprintf("delete app registration %s", appObjectID), roleApps)
}

// DeleteServicePrincipal deletes the service principal with this object id,
// and with it the consent granted to it.
func (c *Client) DeleteServicePrincipal(ctx context.Context, spID string) error {
	return c.remove(ctx, "/servicePrincipals/"+quote(spID), fmt.Sprintf("delete service principal %s", spID), roleApps)
}

// RevokeDelegatedConsent deletes the tenant-wide grant of the client service
// principal on the resource, if there is one.
func (c *Client) RevokeDelegatedConsent(ctx context.Context, clientSPID, resourceSPID string) error {
	g, found, err := c.findGrant(ctx, clientSPID, resourceSPID)
	if err != nil || !found {
		return err
	}
	return c.remove(ctx, "/oauth2PermissionGrants/"+quote(g.ID),
		fmt.Sprintf("revoke the consent of service principal %s on %s", clientSPID, resourceSPID), roleConsent)
}

// DeleteGroup deletes the group with this object id.
func (c *Client) DeleteGroup(ctx context.Context, groupID string) error {
	return c.remove(ctx, "/groups/"+quote(groupID), fmt.Sprintf("delete group %s", groupID), roleGroups)
}

// remove sends a DELETE; a 404 (gone already) counts as done, which also
// makes a repeat after a lost answer safe.
func (c *Client) remove(ctx context.Context, path, op string, r role) error {
	_, err := c.do(ctx, call{method: "DELETE", path: path, op: op, role: r, retrySafe: true}, nil)
	if isNotFound(err) {
		return nil
	}
	return err
}
