package devops

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/accounts"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/profile"

	"almwiz/providers/auth"
	"almwiz/providers/transport"
)

// Organization is an Azure DevOps organization the signed-in user belongs to.
type Organization struct {
	ID, Name string
}

// Organizations lists the organizations the signed-in user is a member of,
// sorted by name, from the profiles and accounts host accountsURL (real:
// https://app.vssps.visualstudio.com). It reads the user's profile id
// (GET _apis/profile/profiles/me) and then the accounts of that member
// (GET _apis/accounts?memberId=…), as the SDK's profile and accounts
// clients send them: microsoft/azure-devops-go-api ·
// azuredevops/v7/profile/client.go and azuredevops/v7/accounts/client.go;
// MicrosoftDocs/vsts-rest-api-specs · specification/profile/7.1/profile.json
// and specification/account/7.1/accounts.json.
//
// The token (Azure DevOps audience) goes to accountsURL's host only.
func Organizations(ctx context.Context, accountsURL string, tokens auth.TokenSource, tlsConfig *tls.Config, opts ...Option) ([]Organization, error) {
	if accountsURL == "" {
		return nil, fmt.Errorf("list your Azure DevOps organizations: this target has no accounts endpoint; type the organization URL instead")
	}
	var o options
	for _, fn := range opts {
		fn(&o)
	}
	o.http.TLS = tlsConfig
	token, err := tokens.Token(ctx)
	if err != nil {
		return nil, fmt.Errorf("sign in to Azure DevOps to list your organizations: %w", err)
	}
	base := strings.ToLower(strings.TrimRight(accountsURL, "/"))
	conn := azuredevops.NewPatConnection(base, "")
	conn.AuthorizationString = "Bearer " + token // bearer replaces it on every request
	conn.TlsConfig = tlsConfig
	hc := &http.Client{Transport: newBearer(transport.New(o.http).Transport, tokens, base)}
	sdk := azuredevops.NewClientWithOptions(conn, base, azuredevops.WithHTTPClient(hc))
	c := &Client{org: "(your organizations)"}

	me, err := (&profile.ClientImpl{Client: *sdk}).GetProfile(ctx, profile.GetProfileArgs{Id: ptr("me")})
	if err != nil {
		return nil, fmt.Errorf("read your Azure DevOps profile: %w", accountsError(c, err))
	}
	if me.Id == nil {
		return nil, fmt.Errorf("read your Azure DevOps profile: the answer has no id")
	}
	list, err := (&accounts.ClientImpl{Client: *sdk}).GetAccounts(ctx, accounts.GetAccountsArgs{MemberId: me.Id})
	if err != nil {
		return nil, fmt.Errorf("list your Azure DevOps organizations: %w", accountsError(c, err))
	}
	var out []Organization
	for _, a := range val(list) {
		if a.AccountName == nil || *a.AccountName == "" {
			continue
		}
		org := Organization{Name: *a.AccountName}
		if a.AccountId != nil {
			org.ID = a.AccountId.String()
		}
		out = append(out, org)
	}
	slices.SortFunc(out, func(a, b Organization) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}

// accountsError is an SDK error as an APIError, with what to do about a
// refused sign-in: the accounts host has no organization to be a member of.
func accountsError(c *Client, err error) error {
	e := c.apiError(err)
	if isStatus(err, http.StatusUnauthorized) {
		if api, ok := e.(*transport.APIError); ok {
			api.Suggestion = "Azure DevOps did not accept the sign-in for your profile: sign in with a work or school account " +
				"that has used Azure DevOps (https://aex.dev.azure.com), or type the organization URL instead."
		}
	}
	return e
}
