package auth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// Account is who almwiz is signed in as in a tenant.
type Account struct {
	UPN string // the name a person signs in with; empty for a service principal
	// ObjectID is the user's or the service principal's object id in the
	// tenant signed in to — for a guest (B2B) admin not the id in their
	// home tenant — so it matches owners and creators there.
	ObjectID           string
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
	// MSAL's HomeAccountID is "<oid>.<tid>" of the home tenant (client_info),
	// which for a guest is another directory; LocalAccountID is the oid of
	// the id token the tenant signed in to issued (AzureAD/microsoft-
	// authentication-library-for-go apps/internal/shared/shared.go Account,
	// apps/internal/oauth/ops/accesstokens/tokens.go LocalAccountID). Realm
	// is the authority's tenant as written, so the id comes from Graph.
	acct := Account{UPN: a.PreferredUsername, ObjectID: a.LocalAccountID, DisplayName: a.Name}
	if acct.ObjectID == "" {
		var me struct {
			ID string `json:"id"`
		}
		if err := s.graphGet(ctx, tenant, "/me?$select=id", &me); err != nil {
			return Account{}, fmt.Errorf("read your object id in %s: %w", tenant, err)
		}
		acct.ObjectID = me.ID
	}
	tid, err := s.tenantID(ctx, tenant)
	acct.Tenant = tid
	return acct, err
}

// tenantID reads the id of the tenant signed in to.
func (s *Signer) tenantID(ctx context.Context, tenant string) (string, error) {
	var org struct {
		Value []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	if err := s.graphGet(ctx, tenant, "/organization", &org); err != nil || len(org.Value) == 0 {
		return "", fmt.Errorf("read the tenant id of %s: %w", tenant, orMissing(err))
	}
	return org.Value[0].ID, nil
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
	tid, err := s.tenantID(ctx, tenant)
	if err != nil {
		return Account{}, err
	}
	return Account{ObjectID: sp.ID, Tenant: tid, IsServicePrincipal: true, AppID: s.sp.clientID, DisplayName: sp.DisplayName}, nil
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
