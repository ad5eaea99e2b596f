package entra

import (
	"context"
	"fmt"
)

// Organization is the tenant as Graph describes it.
type Organization struct {
	TenantID      string
	DisplayName   string
	DefaultDomain string // e.g. contoso.onmicrosoft.com
}

// User is a signed-in user.
type User struct {
	ID                string `json:"id"`
	UserPrincipalName string `json:"userPrincipalName"`
	DisplayName       string `json:"displayName"`
}

type organizationWire struct {
	ID              string `json:"id"`
	DisplayName     string `json:"displayName"`
	VerifiedDomains []struct {
		Name      string `json:"name"`
		IsDefault bool   `json:"isDefault"`
	} `json:"verifiedDomains"`
}

// Organization reads the tenant's id and default domain.
func (c *Client) Organization(ctx context.Context) (Organization, error) {
	orgs, err := list[organizationWire](ctx, c, call{method: "GET", path: "/organization", op: "read the tenant's organization"})
	if err != nil {
		return Organization{}, err
	}
	if len(orgs) == 0 {
		return Organization{}, fmt.Errorf("read the tenant's organization: Microsoft Graph listed none")
	}
	o := Organization{TenantID: orgs[0].ID, DisplayName: orgs[0].DisplayName}
	for _, d := range orgs[0].VerifiedDomains {
		if d.IsDefault {
			o.DefaultDomain = d.Name
		}
	}
	return o, nil
}

// Me reads the signed-in user (a delegated sign-in only; a service
// principal has no /me).
func (c *Client) Me(ctx context.Context) (User, error) {
	var u User
	_, err := c.do(ctx, call{method: "GET", path: "/me", op: "read the signed-in user"}, &u)
	return u, err
}
