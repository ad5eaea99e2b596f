package devops_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
	"almwiz/providers/transport"
)

func organizations(t *testing.T, srv *sandbox.Server, tokens auth.TokenSource) ([]devops.Organization, error) {
	t.Helper()
	ctx := testContext(t)
	ep, err := cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	if err != nil {
		t.Fatalf("sandbox endpoints: %v", err)
	}
	return devops.Organizations(ctx, ep.Accounts(), tokens, srv.TLSConfig(),
		devops.WithHTTPOptions(transport.Options{MaxRetries: 10, Sleep: hurried}))
}

// staticToken is a token source that always gives the same token.
type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

func names(orgs []devops.Organization) []string {
	var out []string
	for _, o := range orgs {
		out = append(out, o.Name)
	}
	return out
}

// A new tenant's admin belongs to no organization until they create one;
// once the sandbox holds organizations (seeded from the profile), the
// signed-in admin is listed as a member of each, sorted by name — read with
// the SDK's profile and accounts clients on the accounts host, within the
// request contract.
func TestOrganizationsOfTheSignedInAdmin(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	tokens := signIn(t, srv)
	got, err := organizations(t, srv, tokens)
	if err != nil || len(got) != 0 {
		t.Fatalf("fresh world: Organizations() = %v, %v; want none", got, err)
	}
	if err := srv.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "fabrikam"}, {Name: "Contoso", Projects: []string{"ALM"}}}}); err != nil {
		t.Fatal(err)
	}
	got, err = organizations(t, srv, tokens)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(got), []string{"Contoso", "fabrikam"}) || got[0].ID == "" {
		t.Errorf("Organizations() = %+v, want Contoso and fabrikam with their ids", got)
	}
	var paths []string
	for _, r := range requests(t, srv) {
		if strings.HasPrefix(r.Path, emulator.PrefixAccounts+"/") {
			paths = append(paths, r.Method+" "+r.Path)
		}
	}
	for _, want := range []string{"GET /app-vssps/_apis/profile/profiles/me", "GET /app-vssps/_apis/accounts"} {
		if !slices.Contains(paths, want) {
			t.Errorf("requests to the accounts host %v lack %q", paths, want)
		}
	}
}

// Without the Azure DevOps audience the accounts host answers 401, and the
// admin is told what to do instead of getting a bare status.
func TestOrganizationsRefusedSignInSaysWhatToDo(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	_, err := organizations(t, srv, staticToken("not-a-token"))
	var api *transport.APIError
	if !errors.As(err, &api) || api.Status != 401 || !strings.Contains(api.Suggestion, "type the organization URL") {
		t.Fatalf("Organizations() with a bad token = %v, want a 401 that says to type the URL", err)
	}
}

func TestOrganizationsNeedsAnAccountsEndpoint(t *testing.T) {
	_, err := devops.Organizations(context.Background(), "", staticToken("x"), nil)
	if err == nil || !strings.Contains(err.Error(), "type the organization URL") {
		t.Fatalf("Organizations() without an endpoint = %v", err)
	}
}

// Projects lists every finished project of the organization.
func TestProjectsListsTheOrganizationsProjects(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{OperationDelay: 50 * time.Millisecond})
	if err := srv.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "contoso", Projects: []string{"ALM", "Other"}}}}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, "contoso", signIn(t, srv))
	got, err := c.Projects(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, p := range got {
		ns = append(ns, p.Name)
	}
	slices.Sort(ns)
	if !slices.Equal(ns, []string{"ALM", "Other"}) {
		t.Errorf("Projects() = %v, want ALM and Other", ns)
	}
}
