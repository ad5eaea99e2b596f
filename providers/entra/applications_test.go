package entra

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
)

const (
	almName         = "ALMAcceleratorServicePrincipal"
	consentRedirect = "https://global.consent.azure-apim.net/redirect"
	connectorURI    = "https://global.consent.azure-apim.net/redirect/cat-5fcustomazuredevops-5f1234"
	handAddedURI    = "https://contoso.example/hand-added"
)

func almSpec() AppSpec {
	return AppSpec{UniqueName: almName, DisplayName: almName, SignInAudience: AzureADMyOrg,
		RequiredResourceAccess: ALMAcceleratorResourceAccess, RedirectURIs: []string{consentRedirect}}
}

func TestEnsureApplication(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(f *fixture) string // returns the id of an app made beforehand, if any
		spec  func(f *fixture) AppSpec
		want  Outcome
		uris  []string
	}{
		{
			name: "creates a missing app registration with the ALM Accelerator permissions",
			spec: func(*fixture) AppSpec { return almSpec() }, want: Created, uris: []string{consentRedirect},
		},
		{
			name: "adopts an app the CoE CLI made without uniqueName instead of duplicating it",
			setup: func(f *fixture) string {
				app := f.graph("POST", "/applications", map[string]any{"displayName": almName, "requiredResourceAccess": ALMAcceleratorResourceAccess,
					"web": map[string]any{"redirectUris": []string{handAddedURI}}})
				return app["id"].(string)
			},
			spec: func(*fixture) AppSpec { return almSpec() }, want: Adopted, uris: []string{handAddedURI, consentRedirect},
		},
		{
			name: "adopts a bare app of that name the signed-in admin owns",
			setup: func(f *fixture) string {
				app := f.graph("POST", "/applications", map[string]any{"displayName": almName})
				f.graph("POST", "/applications/"+app["id"].(string)+"/owners/$ref", f.c.ref(f.me()))
				return app["id"].(string)
			},
			spec: func(f *fixture) AppSpec {
				s := almSpec()
				s.Adopter = func(context.Context) (string, error) { return f.me(), nil }
				return s
			},
			want: Adopted, uris: []string{consentRedirect},
		},
		{
			name: "merges the connector's redirect URI and keeps a hand-added one",
			setup: func(f *fixture) string {
				app := ensureApp(f, almSpec())
				f.graph("PATCH", "/applications/"+app.ID, map[string]any{"web": map[string]any{"redirectUris": []string{consentRedirect, handAddedURI}}})
				return app.ID
			},
			spec: func(*fixture) AppSpec {
				s := almSpec()
				s.RedirectURIs = append(s.RedirectURIs, connectorURI)
				return s
			},
			want: Updated, uris: []string{consentRedirect, handAddedURI, connectorURI},
		},
		{
			name: "keeps a permission an admin added by hand and writes nothing",
			setup: func(f *fixture) string {
				app := ensureApp(f, almSpec())
				rra := append(cloneResourceAccess(ALMAcceleratorResourceAccess), RequiredResourceAccess{ResourceAppID: "00000003-0000-0000-c000-000000000000",
					ResourceAccess: []ResourceAccess{{ID: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", Type: "Scope"}}})
				f.graph("PATCH", "/applications/"+app.ID, map[string]any{"requiredResourceAccess": rra})
				return app.ID
			},
			spec: func(*fixture) AppSpec { return almSpec() }, want: Unchanged, uris: []string{consentRedirect},
		},
		{
			name:  "renaming an app that is still replicating updates it instead of adding one",
			setup: func(f *fixture) string { return ensureApp(f, almSpec()).ID },
			spec: func(*fixture) AppSpec {
				s := almSpec()
				s.DisplayName = "ALM Accelerator (renamed)"
				return s
			},
			want: Updated, uris: []string{consentRedirect},
		},
		{
			name: "makes the signed-in admin an owner of a new app",
			spec: func(f *fixture) AppSpec {
				s := almSpec()
				s.Owners = []string{f.me()}
				return s
			},
			want: Created, uris: []string{consentRedirect},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandboxOptions())
			before := ""
			if tc.setup != nil {
				before = tc.setup(f)
			}
			spec := tc.spec(f)
			app, got, err := f.c.EnsureApplication(context.Background(), spec)
			if err != nil || got != tc.want {
				t.Fatalf("EnsureApplication = %q, %v; want %q", got, err, tc.want)
			}
			f.noWritesBy(func() Outcome { return ensureOutcome(f, spec) })
			apps := f.inventory("applications")
			if len(apps) != 1 {
				t.Fatalf("%d app registrations, want 1: %v", len(apps), apps)
			}
			checkApp(t, apps[0], app, before, tc.uris)
			if len(spec.Owners) > 0 && !slices.Contains(anyStrings(apps[0]["owners"]), spec.Owners[0]) {
				t.Errorf("owners = %v, want %s among them", apps[0]["owners"], spec.Owners[0])
			}
		})
	}
}

func TestABareAppOfTheNameSomeoneElseOwnsIsNotTakenOver(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	other := f.graph("POST", "/applications", map[string]any{"displayName": almName})
	spec := almSpec()
	spec.Adopter = func(context.Context) (string, error) { return f.me(), nil }
	n := f.requestCount()
	_, _, err := f.c.EnsureApplication(context.Background(), spec)
	var ue *UnrecognisedAppError
	if !errors.As(err, &ue) || ue.ObjectID != other["id"] || !strings.Contains(err.Error(), "identity.appRegistration") {
		t.Fatalf("err = %v, want an UnrecognisedAppError naming %s and the profile key", err, other["id"])
	}
	if w := f.writesSince(n); len(w) != 0 {
		t.Errorf("wrote %v to an app that is not the accelerator's", w)
	}
	if _, _, err := f.c.FindApplication(context.Background(), spec); !errors.As(err, &ue) {
		t.Errorf("FindApplication err = %v, want the same refusal at plan time", err)
	}
}

// checkApp compares the one app in the inventory with what EnsureApplication returned.
func checkApp(t *testing.T, inv map[string]any, app Application, before string, uris []string) {
	t.Helper()
	if inv["id"] != app.ID || inv["uniqueName"] != almName || app.UniqueName != almName {
		t.Errorf("app %v uniqueName %v; EnsureApplication returned %s %q", inv["id"], inv["uniqueName"], app.ID, app.UniqueName)
	}
	if before != "" && before != app.ID {
		t.Errorf("app id %s, want the existing %s", app.ID, before)
	}
	web, _ := inv["web"].(map[string]any)
	if got := anyStrings(web["redirectUris"]); !slices.Equal(got, uris) || !slices.Equal(app.RedirectURIs, uris) {
		t.Errorf("redirect URIs = %v (returned %v), want %v", got, app.RedirectURIs, uris)
	}
	rra := resourceAppIDs(inv["requiredResourceAccess"])
	for _, want := range ALMAcceleratorResourceAccess {
		if !slices.Contains(rra, want.ResourceAppID) {
			t.Errorf("required resource access %v lacks %s", rra, want.ResourceAppID)
		}
	}
}

func TestEnsureApplicationRefusesTwoAppsOfTheSameNameNamingBoth(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandboxOptions())
	a := f.graph("POST", "/applications", map[string]any{"displayName": almName})["id"].(string)
	b := f.graph("POST", "/applications", map[string]any{"displayName": almName})["id"].(string)
	n := f.requestCount()
	_, _, err := f.c.EnsureApplication(context.Background(), almSpec())
	var amb *AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("err = %v, want *AmbiguousError", err)
	}
	for _, want := range []string{a, b, "Delete or rename", almName} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if w := f.writesSince(n); len(w) > 0 {
		t.Errorf("wrote %v", w)
	}
}

func TestGetApplicationSaysNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandboxOptions())
	if _, found, err := f.c.GetApplication(context.Background(), "nobody"); found || err != nil {
		t.Errorf("GetApplication = %v, %v; want not found", found, err)
	}
}

func ensureApp(f *fixture, spec AppSpec) Application {
	f.t.Helper()
	app, _, err := f.c.EnsureApplication(context.Background(), spec)
	if err != nil {
		f.t.Fatal(err)
	}
	return app
}

func ensureOutcome(f *fixture, spec AppSpec) Outcome {
	f.t.Helper()
	_, o, err := f.c.EnsureApplication(context.Background(), spec)
	if err != nil {
		f.t.Fatal(err)
	}
	return o
}

func anyStrings(v any) []string {
	raw, _ := v.([]any)
	var out []string
	for _, x := range raw {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func resourceAppIDs(v any) []string {
	raw, _ := v.([]any)
	var out []string
	for _, x := range raw {
		m, _ := x.(map[string]any)
		s, _ := m["resourceAppId"].(string)
		out = append(out, s)
	}
	return out
}
