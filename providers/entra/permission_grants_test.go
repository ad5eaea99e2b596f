package entra

import (
	"context"
	"slices"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

const graphAppID = "00000003-0000-0000-c000-000000000000"

func TestEnsureDelegatedConsent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		resource string
		existing string // scope of a grant made beforehand; "" for none
		scopes   []string
		want     Outcome
		scope    string
	}{
		{"grants a missing consent tenant-wide with scope values", AzureDevOpsAppID, "", []string{"user_impersonation"}, Created, "user_impersonation"},
		{"merges a missing scope into an existing grant", graphAppID, "User.Read", []string{"Directory.Read.All"}, Updated, "User.Read Directory.Read.All"},
		{"leaves a grant that has every scope alone", PowerAppsAdvisorAppID, "Analysis.All", []string{"Analysis.All"}, Unchanged, "Analysis.All"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandbox.Options{})
			client, resource := consentPair(f, tc.resource)
			if tc.existing != "" {
				f.graph("POST", "/oauth2PermissionGrants", map[string]any{"clientId": client, "resourceId": resource,
					"consentType": "AllPrincipals", "scope": tc.existing})
			}
			g, got, err := f.c.EnsureDelegatedConsent(context.Background(), client, resource, tc.scopes)
			if err != nil || got != tc.want || g.Scope != tc.scope {
				t.Fatalf("EnsureDelegatedConsent = %+v, %q, %v; want %q with %q", g, got, err, tc.want, tc.scope)
			}
			f.noWritesBy(func() Outcome {
				_, o, err := f.c.EnsureDelegatedConsent(context.Background(), client, resource, tc.scopes)
				if err != nil {
					t.Fatal(err)
				}
				return o
			})
			grants := named(f.inventory("oauth2PermissionGrants"), "clientId", client)
			if len(grants) != 1 || grants[0]["scope"] != tc.scope || grants[0]["consentType"] != "AllPrincipals" {
				t.Errorf("grants = %v, want one AllPrincipals grant with %q", grants, tc.scope)
			}
		})
	}
}

// consentPair makes the ALM app and its service principal and finds the
// resource's service principal.
func consentPair(f *fixture, resourceAppID string) (clientSPID, resourceSPID string) {
	f.t.Helper()
	ctx := context.Background()
	sp, _, err := f.c.EnsureServicePrincipal(ctx, ensureApp(f, almSpec()).AppID, "")
	if err != nil {
		f.t.Fatal(err)
	}
	res, _, err := f.c.EnsureResourceServicePrincipal(ctx, resourceAppID)
	if err != nil {
		f.t.Fatal(err)
	}
	return sp.ID, res.ID
}

func TestConsentForTheALMAcceleratorSendsScopeValuesNotIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	ctx := context.Background()
	client, _ := consentPair(f, AzureDevOpsAppID)
	for _, access := range ALMAcceleratorResourceAccess {
		res, _, err := f.c.EnsureResourceServicePrincipal(ctx, access.ResourceAppID)
		if err != nil {
			t.Fatal(err)
		}
		scopes, err := ConsentScopes(res, access)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.c.EnsureDelegatedConsent(ctx, client, res.ID, scopes); err != nil {
			t.Fatal(err)
		}
	}
	var scopes []string
	for _, g := range named(f.inventory("oauth2PermissionGrants"), "clientId", client) {
		scopes = append(scopes, g["scope"].(string))
	}
	slices.Sort(scopes)
	if want := []string{"Analysis.All", "user_impersonation", "user_impersonation"}; !slices.Equal(scopes, want) {
		t.Errorf("granted scopes = %v, want %v", scopes, want)
	}
}

func TestAdminConsentURL(t *testing.T) {
	t.Parallel()
	cases := []struct{ login, tenant, appID, want string }{
		{"login.microsoftonline.com", "contoso.onmicrosoft.com", "abc", "https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=abc"},
		{"login.microsoftonline.us", "b1f3c0de-0000-4000-8000-000000000001", "abc", "https://login.microsoftonline.us/b1f3c0de-0000-4000-8000-000000000001/adminconsent?client_id=abc"},
	}
	for _, tc := range cases {
		if got := AdminConsentURL(tc.login, tc.tenant, tc.appID); got != tc.want {
			t.Errorf("AdminConsentURL = %s, want %s", got, tc.want)
		}
	}
}

func TestConsentDeniedNamesTheRoleThatCanGrantIt(t *testing.T) {
	t.Parallel()
	e := decodeErrorOf(t, 403, `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}`, roleConsent)
	if !strings.Contains(e.Error(), "Privileged Role Administrator") || e.Service != "Microsoft Graph" || e.Operation != "grant consent" {
		t.Errorf("error = %q", e)
	}
}
