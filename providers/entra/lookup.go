package entra

import (
	"context"
	"fmt"
	"strings"
)

// Read-only look-ups for a step's Observe: they find what an Ensure
// operation would find, without writing, so a plan can say what would change.

// FindApplication finds the app registration spec names, as EnsureApplication
// would: by uniqueName, or an app of the same display name without one (made
// by hand or by the CoE CLI), which EnsureApplication would adopt.
func (c *Client) FindApplication(ctx context.Context, spec AppSpec) (Application, bool, error) {
	app, found, _, err := c.findApplication(ctx, spec)
	if err != nil {
		return Application{}, false, fmt.Errorf("find app registration %q: %w", spec.UniqueName, err)
	}
	return app, found, nil
}

// SatisfiedBy reports whether app already has everything spec asks for
// (its uniqueName, names, audience, permissions and redirect URIs), so
// that EnsureApplication would write nothing. Owners are not compared.
func (spec AppSpec) SatisfiedBy(app Application) bool {
	return strings.EqualFold(app.UniqueName, spec.UniqueName) && len(changesFor(app, spec)) == 0
}

// FindServicePrincipal finds the service principal of the app appID in this
// tenant; found is false when it has none.
func (c *Client) FindServicePrincipal(ctx context.Context, appID string) (ServicePrincipal, bool, error) {
	return c.servicePrincipalByAppID(ctx, appID, fmt.Sprintf("find the service principal of app %s", appID))
}

// FindDelegatedConsent finds the tenant-wide (AllPrincipals) grant of the
// client service principal on the resource; found is false when there is none.
func (c *Client) FindDelegatedConsent(ctx context.Context, clientSPID, resourceSPID string) (PermissionGrant, bool, error) {
	return c.findGrant(ctx, clientSPID, resourceSPID)
}

// FindGroup finds the group of this display name; found is false when
// there is none, and two of them are an *AmbiguousError.
func (c *Client) FindGroup(ctx context.Context, displayName string) (Group, bool, error) {
	found, err := list[Group](ctx, c, call{method: "GET", path: "/groups?" + filter("displayName", displayName),
		op: fmt.Sprintf("find group %q", displayName), role: roleGroups})
	switch {
	case err != nil:
		return Group{}, false, err
	case len(found) > 1:
		return Group{}, false, &AmbiguousError{Kind: "groups", Name: displayName, IDs: groupIDs(found)}
	case len(found) == 0:
		return Group{}, false, nil
	}
	return found[0], true, nil
}
