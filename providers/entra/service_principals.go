package entra

import (
	"context"
	"errors"
	"fmt"
)

// ServicePrincipal is an app's identity in a tenant (its "enterprise app").
type ServicePrincipal struct {
	ID                     string            `json:"id"` // object id
	AppID                  string            `json:"appId"`
	DisplayName            string            `json:"displayName"`
	Notes                  string            `json:"notes"` // what almwiz wrote when it created it
	OAuth2PermissionScopes []PermissionScope `json:"oauth2PermissionScopes"`
	AppRoles               []PermissionScope `json:"appRoles"`
}

// PermissionScope is a delegated scope or app role a resource offers.
type PermissionScope struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// servicePrincipalByAppID finds the service principal of appID; found is
// false when there is none. The filtered list sees a new one at once.
func (c *Client) servicePrincipalByAppID(ctx context.Context, appID, op string) (sp ServicePrincipal, found bool, err error) {
	sps, err := list[ServicePrincipal](ctx, c, call{method: "GET", path: "/servicePrincipals?" + filter("appId", appID), op: op, role: roleApps})
	if err != nil || len(sps) == 0 {
		return ServicePrincipal{}, false, err
	}
	return sps[0], true, nil
}

// EnsureServicePrincipal makes sure the app appID has a service principal in
// this tenant, also when the app existed without one (the CoE CLI never
// repaired that). notes, when not empty, are the notes of a service
// principal this call creates (an existing one keeps its own).
func (c *Client) EnsureServicePrincipal(ctx context.Context, appID, notes string) (ServicePrincipal, Outcome, error) {
	op := fmt.Sprintf("create the service principal of app %s", appID)
	sp, found, err := c.servicePrincipalByAppID(ctx, appID, fmt.Sprintf("find the service principal of app %s", appID))
	if err != nil || found {
		return sp, Unchanged, err
	}
	err = c.untilReplicated(ctx, op, func() error { return c.createServicePrincipal(ctx, appID, notes, op, &sp) })
	if conflict(err) { // created meanwhile
		sp, _, err = c.servicePrincipalByAppID(ctx, appID, op)
		return sp, Unchanged, err
	}
	return sp, Created, err
}

// createServicePrincipal posts the service principal. Right after the app is
// created Entra may answer NoBackingApplicationObject; that is worth waiting
// for only once a read proves the app exists.
func (c *Client) createServicePrincipal(ctx context.Context, appID, notes, op string, sp *ServicePrincipal) error {
	body := map[string]string{"appId": appID}
	if notes != "" {
		body["notes"] = notes
	}
	_, err := c.do(ctx, call{method: "POST", path: "/servicePrincipals", body: body, op: op, role: roleApps, retrySafe: true}, sp)
	var ge *graphError
	if !errors.As(err, &ge) || !ge.hasDetail("NoBackingApplicationObject") {
		return err
	}
	exists, rerr := c.applicationExists(ctx, appID)
	switch {
	case rerr != nil:
		return rerr
	case !exists:
		return fmt.Errorf("%s: there is no app registration with this app id in the tenant: %w", op, err)
	}
	return errStillReplicating{"app registration " + appID}
}

// applicationExists reads the app by app id, by key and then through the
// filtered list (which answers while the app replicates).
func (c *Client) applicationExists(ctx context.Context, appID string) (bool, error) {
	op := fmt.Sprintf("read app registration %s", appID)
	_, err := c.do(ctx, call{method: "GET", path: "/applications(appId='" + quote(appID) + "')?$select=id", op: op, role: roleApps}, nil)
	if !isNotFound(err) {
		return err == nil, err
	}
	apps, err := list[directoryObject](ctx, c, call{method: "GET", path: "/applications?" + filter("appId", appID) + "&$select=id", op: op, role: roleApps})
	return len(apps) > 0, err
}

// ResourceServicePrincipal reads a well-known resource's service principal
// (Azure DevOps, Dynamics CRM, PowerApps-Advisor, Microsoft Graph), with the
// ids and values of its delegated scopes; found is false when the tenant has
// none yet, which is common in a new tenant.
func (c *Client) ResourceServicePrincipal(ctx context.Context, appID string) (sp ServicePrincipal, found bool, err error) {
	return c.servicePrincipalByAppID(ctx, appID, fmt.Sprintf("find the service principal of resource %s", appID))
}

// EnsureResourceServicePrincipal reads a first-party resource's service
// principal and adds it when the tenant lacks it, as the admin center does on
// consent and `az ad sp create --id` does: POST /servicePrincipals with the
// resource's appId (graph/api/serviceprincipal-post-serviceprincipals). For an
// app id Entra knows no application of, Graph answers
// NoBackingApplicationObject (microsoftgraph/msgraph-sdk-powershell#846).
func (c *Client) EnsureResourceServicePrincipal(ctx context.Context, appID string) (ServicePrincipal, Outcome, error) {
	sp, found, err := c.ResourceServicePrincipal(ctx, appID)
	if err != nil || found {
		return sp, Unchanged, err
	}
	op := fmt.Sprintf("add the service principal of resource %s to the tenant", appID)
	_, err = c.do(ctx, call{method: "POST", path: "/servicePrincipals", body: map[string]string{"appId": appID}, op: op, role: roleApps, retrySafe: true}, &sp)
	var ge *graphError
	switch {
	case conflict(err): // added meanwhile
		sp, _, err = c.servicePrincipalByAppID(ctx, appID, op)
		return sp, Unchanged, err
	case errors.As(err, &ge) && ge.hasDetail("NoBackingApplicationObject"):
		return ServicePrincipal{}, "", fmt.Errorf("%s: Microsoft Entra knows no application with this app id in this cloud: %w", op, err)
	}
	return sp, Created, err
}

// ScopeValue returns the value (e.g. "user_impersonation") of the delegated
// scope with this id.
func (sp ServicePrincipal) ScopeValue(id string) (string, bool) {
	for _, s := range sp.OAuth2PermissionScopes {
		if sameID(s.ID, id) {
			return s.Value, true
		}
	}
	return "", false
}

// ScopeID returns the id of the delegated scope with this value.
func (sp ServicePrincipal) ScopeID(value string) (string, bool) {
	for _, s := range sp.OAuth2PermissionScopes {
		if s.Value == value {
			return s.ID, true
		}
	}
	return "", false
}

// ServicePrincipalByID reads the service principal with this object id;
// found is false when there is none. While a new one replicates, Graph may
// answer 404 to the read by key; the filtered list then finds it.
func (c *Client) ServicePrincipalByID(ctx context.Context, id string) (sp ServicePrincipal, found bool, err error) {
	op := fmt.Sprintf("read service principal %s", id)
	_, err = c.do(ctx, call{method: "GET", path: "/servicePrincipals/" + quote(id), op: op, role: roleApps}, &sp)
	if !isNotFound(err) {
		return sp, err == nil, err
	}
	sps, err := list[ServicePrincipal](ctx, c, call{method: "GET", path: "/servicePrincipals?" + filter("id", id), op: op, role: roleApps})
	if err != nil || len(sps) == 0 {
		return ServicePrincipal{}, false, err
	}
	return sps[0], true, nil
}
