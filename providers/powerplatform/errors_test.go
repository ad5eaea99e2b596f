package powerplatform_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

// appOnlyClient signs in as a service principal (AZURE_* variables) that
// has no Power Platform role.
func appOnlyClient(t *testing.T, w *world) *powerplatform.Client {
	t.Helper()
	var sp struct{ AppID, Secret string }
	w.control("/_sandbox/entra/service-principal", map[string]string{"tenant": tenant, "displayName": "ci"}, &sp)
	app := newSignedIn(t, w.ep, w.httpClient(), map[string]string{"AZURE_TENANT_ID": tenant,
		"AZURE_CLIENT_ID": sp.AppID, "AZURE_CLIENT_SECRET": sp.Secret})
	return powerplatform.New(w.ep, w.httpClient(), app.source)
}

func TestRefusalsSayWhoCanFixThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	app := appOnlyClient(t, w)
	tests := []struct {
		name    string
		call    func() error
		service string
		status  int
		advice  string
	}{
		{"management app registered by an application", func() error {
			_, err := app.RegisterManagementApp(ctx, appID)
			return err
		}, "Power Platform", 403, "Power Platform Administrator"},
		{"Dataverse called by an application that is no application user", func() error {
			dv := w.dataverse(app, hostURL)
			_, err := dv.WhoAmI(ctx)
			return err
		}, "Dataverse", 403, "System Administrator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var api *transport.APIError
			if err := tt.call(); !errors.As(err, &api) {
				t.Fatalf("err = %v, want an API error", err)
			}
			if api.Service != tt.service || api.Status != tt.status || !strings.Contains(api.Suggestion, tt.advice) {
				t.Errorf("error = %+v, want %s %d suggesting %q", api, tt.service, tt.status, tt.advice)
			}
			if api.Operation == "" {
				t.Error("the error does not say what almwiz was doing")
			}
		})
	}
}

func TestSharingKeepsAStrongerRoleTheGroupAlreadyHas(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	withALM(t, w, c, w.dataverse(c, hostURL))
	env, _ := must2(t)(c.FindEnvironment(ctx, hostURL))
	app, found, err := c.FindApp(ctx, env.Name, "cat_poweropsdevopsedition_7f3f4")
	if err != nil || !found || app.DisplayName != almAppName {
		t.Fatalf("FindApp by logical name = %+v, %v, %v", app, found, err)
	}
	steps := []struct {
		role powerplatform.AppRole
		want powerplatform.Outcome
	}{
		{powerplatform.CanView, powerplatform.Created},
		{powerplatform.CanEdit, powerplatform.Updated},
		{powerplatform.CanView, powerplatform.Found},
	}
	for _, s := range steps {
		if o := must[powerplatform.Outcome](t)(c.ShareAppWithGroup(ctx, env.Name, app.Name, makersGroup, s.role)); o != s.want {
			t.Errorf("share as %s = %s, want %s", s.role, o, s.want)
		}
	}
	perms := w.inventory(false)["appPermissions"]
	if len(perms) != 1 || perms[0]["roleName"] != "CanEdit" {
		t.Errorf("app permissions = %v, want the group once as CanEdit", perms)
	}
}
