package entra

import (
	"context"
	"testing"

	"almwiz/providers/sandbox"
)

func TestFindersSeeWhatEnsureMadeAndDeletesRemoveItTwiceOver(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	ctx := context.Background()
	spID, resID := consentPair(f, AzureDevOpsAppID)
	if _, _, err := f.c.EnsureDelegatedConsent(ctx, spID, resID, []string{"user_impersonation"}); err != nil {
		t.Fatal(err)
	}
	g, _, err := f.c.EnsureGroup(ctx, makersGroup, makersDescription, "")
	if err != nil {
		t.Fatal(err)
	}
	n := f.requestCount()
	app, found, err := f.c.FindApplication(ctx, almSpec())
	if err != nil || !found || !almSpec().SatisfiedBy(app) {
		t.Fatalf("FindApplication = %+v, %v, %v; want the app, satisfying its spec", app, found, err)
	}
	if sp, found, err := f.c.FindServicePrincipal(ctx, app.AppID); err != nil || !found || sp.ID != spID {
		t.Fatalf("FindServicePrincipal = %+v, %v, %v", sp, found, err)
	}
	if gr, found, err := f.c.FindDelegatedConsent(ctx, spID, resID); err != nil || !found || gr.Scope != "user_impersonation" {
		t.Fatalf("FindDelegatedConsent = %+v, %v, %v", gr, found, err)
	}
	if got, found, err := f.c.FindGroup(ctx, makersGroup); err != nil || !found || got.ID != g.ID {
		t.Fatalf("FindGroup = %+v, %v, %v", got, found, err)
	}
	if w := f.writesSince(n); len(w) > 0 {
		t.Errorf("the finders wrote: %v", w)
	}
	for range 2 { // a repeat after a lost answer finds them gone and succeeds
		for _, del := range []func() error{
			func() error { return f.c.RevokeDelegatedConsent(ctx, spID, resID) },
			func() error { return f.c.DeleteServicePrincipal(ctx, spID) },
			func() error { return f.c.DeleteApplication(ctx, app.ID) },
			func() error { return f.c.DeleteGroup(ctx, g.ID) },
		} {
			if err := del(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, kind := range []string{"applications", "servicePrincipals", "groups"} {
		if left := f.inventory(kind); len(left) > 0 {
			t.Errorf("%s left after the deletes: %v", kind, left)
		}
	}
	if left := named(f.inventory("oauth2PermissionGrants"), "clientId", spID); len(left) > 0 {
		t.Errorf("grants left: %v", left)
	}
}

func TestSatisfiedByWantsTheUniqueNameAndEveryPermission(t *testing.T) {
	full := Application{UniqueName: almName, DisplayName: almName, SignInAudience: AzureADMyOrg,
		RequiredResourceAccess: ALMAcceleratorResourceAccess, RedirectURIs: []string{consentRedirect, handAddedURI}}
	cases := []struct {
		name string
		edit func(*Application)
		want bool
	}{
		{"an app with everything, and a hand-added redirect URI", func(*Application) {}, true},
		{"an app without uniqueName (to adopt)", func(a *Application) { a.UniqueName = "" }, false},
		{"an app lacking a permission", func(a *Application) { a.RequiredResourceAccess = a.RequiredResourceAccess[:2] }, false},
		{"an app lacking the consent redirect URI", func(a *Application) { a.RedirectURIs = []string{handAddedURI} }, false},
		{"an app of another audience", func(a *Application) { a.SignInAudience = AzureADMultipleOrgs }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app := full
			tc.edit(&app)
			if got := almSpec().SatisfiedBy(app); got != tc.want {
				t.Errorf("SatisfiedBy = %v, want %v", got, tc.want)
			}
		})
	}
}
