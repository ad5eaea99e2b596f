package auth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Account is who almwiz is signed in as in a tenant.
type Account struct {
	UPN                string // a person's user principal name; empty for a service principal
	ObjectID           string // the user's or the service principal's object id
	Tenant             string // the tenant id
	IsServicePrincipal bool
	AppID              string // the service principal's application (client) id
	DisplayName        string
}

// Account signs in to tenant if needed and says as whom.
func (s *Signer) Account(ctx context.Context, tenant string) (Account, error) {
	if s.sp != nil {
		return s.servicePrincipalAccount(ctx, tenant)
	}
	if _, err := s.Source(tenant, s.graphAudience()).Token(ctx); err != nil {
		return Account{}, err
	}
	a := s.session(tenant).sessionAccount()
	oid, tid, _ := strings.Cut(a.HomeAccountID, ".")
	return Account{UPN: a.PreferredUsername, ObjectID: oid, Tenant: tid, DisplayName: a.Name}, nil
}

// servicePrincipalAccount looks the service principal up in Graph.
func (s *Signer) servicePrincipalAccount(ctx context.Context, tenant string) (Account, error) {
	var sp struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
	}
	if err := s.graphGet(ctx, tenant, servicePrincipalPath(s.sp.clientID), &sp); err != nil {
		return Account{}, fmt.Errorf("look up service principal %s: %w", s.sp.clientID, err)
	}
	var org struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	if err := s.graphGet(ctx, tenant, "/organization", &org); err != nil || len(org.Value) == 0 {
		return Account{}, fmt.Errorf("read the tenant id of %s: %w", tenant, orMissing(err))
	}
	return Account{ObjectID: sp.ID, Tenant: org.Value[0].ID, IsServicePrincipal: true, AppID: s.sp.clientID, DisplayName: sp.DisplayName}, nil
}

// servicePrincipalPath addresses a service principal by its application id.
func servicePrincipalPath(appID string) string {
	return "/servicePrincipals(appId='" + url.PathEscape(appID) + "')"
}

func orMissing(err error) error {
	if err == nil {
		return errors.New("graph listed no organization")
	}
	return err
}
