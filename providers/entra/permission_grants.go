package entra

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// PermissionGrant is delegated consent of a client on a resource.
type PermissionGrant struct {
	ID          string `json:"id"`
	ClientID    string `json:"clientId"`   // the client's service principal object id
	ResourceID  string `json:"resourceId"` // the resource's service principal object id
	ConsentType string `json:"consentType"`
	Scope       string `json:"scope"` // space-separated scope values
}

// consentAllPrincipals is tenant-wide admin consent.
const consentAllPrincipals = "AllPrincipals"

// EnsureDelegatedConsent grants the client service principal the delegated
// scopes (values such as "user_impersonation", not ids) on the resource for
// every user of the tenant, merging them into an existing grant.
func (c *Client) EnsureDelegatedConsent(ctx context.Context, clientSPID, resourceSPID string, scopes []string) (PermissionGrant, Outcome, error) {
	op := fmt.Sprintf("grant admin consent for %s to service principal %s on %s", strings.Join(scopes, " "), clientSPID, resourceSPID)
	g, found, err := c.findGrant(ctx, clientSPID, resourceSPID)
	if err != nil {
		return PermissionGrant{}, "", err
	}
	if !found {
		return c.createGrant(ctx, clientSPID, resourceSPID, scopes, op)
	}
	return c.mergeGrant(ctx, g, scopes, op)
}

// mergeGrant adds the scopes g lacks; PATCH replaces the scope string.
func (c *Client) mergeGrant(ctx context.Context, g PermissionGrant, scopes []string, op string) (PermissionGrant, Outcome, error) {
	merged, changed := mergeStrings(strings.Fields(g.Scope), scopes)
	if !changed {
		return g, Unchanged, nil
	}
	scope := strings.Join(merged, " ")
	cl := call{method: "PATCH", path: "/oauth2PermissionGrants/" + quote(g.ID), body: map[string]string{"scope": scope}, op: op, role: roleConsent, retrySafe: true}
	if _, err := c.do(ctx, cl, nil); err != nil {
		return PermissionGrant{}, "", err
	}
	g.Scope = scope
	return g, Updated, nil
}

func (c *Client) createGrant(ctx context.Context, clientSPID, resourceSPID string, scopes []string, op string) (PermissionGrant, Outcome, error) {
	body := map[string]any{"clientId": clientSPID, "resourceId": resourceSPID, "consentType": consentAllPrincipals,
		"principalId": nil, "scope": strings.Join(scopes, " ")}
	var g PermissionGrant
	_, err := c.do(ctx, call{method: "POST", path: "/oauth2PermissionGrants", body: body, op: op, role: roleConsent, retrySafe: true}, &g)
	if conflict(err) { // granted meanwhile: merge into that grant instead
		existing, found, ferr := c.findGrant(ctx, clientSPID, resourceSPID)
		if ferr != nil || !found {
			return PermissionGrant{}, "", err
		}
		return c.mergeGrant(ctx, existing, scopes, op)
	}
	return g, Created, err
}

// findGrant finds the tenant-wide grant of client on resource.
func (c *Client) findGrant(ctx context.Context, clientSPID, resourceSPID string) (PermissionGrant, bool, error) {
	expr := fmt.Sprintf("clientId eq '%s' and resourceId eq '%s'", literal(clientSPID), literal(resourceSPID))
	grants, err := list[PermissionGrant](ctx, c, call{method: "GET", path: "/oauth2PermissionGrants?" + filterQuery(expr),
		op: fmt.Sprintf("read the consent of service principal %s on %s", clientSPID, resourceSPID), role: roleConsent})
	for _, g := range grants {
		if g.ConsentType == consentAllPrincipals {
			return g, true, err
		}
	}
	return PermissionGrant{}, false, err
}

// ConsentScopes turns the permission ids an app registration asks of
// resource into the scope values a grant needs (the CoE CLI sent the ids).
func ConsentScopes(resource ServicePrincipal, access RequiredResourceAccess) ([]string, error) {
	var values []string
	for _, ra := range access.ResourceAccess {
		if ra.Type != resourceAccessTypeScope {
			continue
		}
		v, ok := resource.ScopeValue(ra.ID)
		if !ok {
			return nil, fmt.Errorf("%s (%s) offers no delegated permission %s", resource.DisplayName, resource.AppID, ra.ID)
		}
		values = append(values, v)
	}
	return values, nil
}

// AdminConsentURL is the page where an admin of tenant grants the app's
// permissions, for when almwiz cannot (another tenant, or no admin role).
// loginHost is the cloud's sign-in host, e.g. login.microsoftonline.com.
func AdminConsentURL(loginHost, tenant, appID string) string {
	return "https://" + loginHost + "/" + url.PathEscape(tenant) + "/adminconsent?client_id=" + url.QueryEscape(appID)
}
