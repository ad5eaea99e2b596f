package cli

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
	"almwiz/ui/wizard"
)

// lookupSession opens a session on the built-in sandbox seeded from the
// demo preset, as the wizard's --sandbox does.
func lookupSession(t *testing.T) (*session, *profiles.Profile, context.Context) {
	t.Helper()
	o := &Options{Sandbox: true, StateDir: t.TempDir(), Getenv: func(string) string { return "" }, IsTTY: func() bool { return false }}
	p, err := profiles.Preset("demo")
	if err != nil {
		t.Fatal(err)
	}
	s, err := newSession(context.Background(), o, p, func(auth.DeviceCode) {})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if v := s.srv.Violations(); len(v) > 0 {
			t.Errorf("requests outside the contract: %+v", v)
		}
		s.close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return s, p, ctx
}

// Once signed in, the wizard sees the tenant's domain, the organizations
// the admin belongs to and the projects of the first one, the environments
// with their type, region and whether Dataverse exists, and the makers
// group that already exists under the profile's name (to be reused).
func TestLookupsSeeWhatTheSignedInAdminCanSee(t *testing.T) {
	s, p, ctx := lookupSession(t)
	err := s.srv.Seed(emulator.Seed{
		Organizations: []emulator.SeedOrganization{{Name: "contosodemo", Projects: []string{"alm", "Archive"}}, {Name: "fabrikam"}},
		Environments: []emulator.SeedEnvironment{{URL: "https://contosodemo-test.crm.dynamics.com/", DisplayName: "Test",
			Tenant: "contosodemo.onmicrosoft.com", Type: "Sandbox", Region: "europe"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.clients.Entra("contosodemo.onmicrosoft.com").EnsureGroup(ctx, "ALMAcceleratorForMakers", "makers", ""); err != nil {
		t.Fatal(err)
	}
	f := lookups{c: s.clients}.all(ctx, p)
	if len(f.Problems) > 0 {
		t.Fatalf("problems: %v", f.Problems)
	}
	if f.TenantDomain != "contosodemo.onmicrosoft.com" {
		t.Errorf("tenant domain %q", f.TenantDomain)
	}
	wantOrgs := []FoundOrganization{{Name: "contosodemo", URL: "https://dev.azure.com/contosodemo"}, {Name: "fabrikam", URL: "https://dev.azure.com/fabrikam"}}
	if !slices.Equal(f.Organizations, wantOrgs) {
		t.Errorf("organizations %+v, want %+v", f.Organizations, wantOrgs)
	}
	if !slices.Equal(f.Projects, []string{"alm", "Archive"}) {
		t.Errorf("projects %v", f.Projects)
	}
	i := slices.IndexFunc(f.Environments, func(e FoundEnvironment) bool { return e.DisplayName == "Test" })
	if i < 0 {
		t.Fatalf("environments %+v lack Test", f.Environments)
	}
	if e := f.Environments[i]; e.URL != "https://contosodemo-test.crm.dynamics.com/" || e.Type != "Sandbox" || e.Region != "europe" || !e.HasDataverse || e.ID == "" {
		t.Errorf("Test environment %+v", e)
	}
	if len(f.Reused) != 1 || f.Reused[0].Kind != "group" || f.Reused[0].Name != "ALMAcceleratorForMakers" || f.Reused[0].ID == "" {
		t.Errorf("reused %+v, want the makers group only (a fresh tenant has no app registration)", f.Reused)
	}

	lookup := newLookup(s)
	for kind, want := range map[wizard.LookupKind]string{
		wizard.LookupOrganizations: "https://dev.azure.com/fabrikam",
		wizard.LookupProjects:      "Archive",
		wizard.LookupEnvironments:  "https://contosodemo-test.crm.dynamics.com/",
	} {
		got, err := lookup(ctx, kind, p)
		if err != nil || !slices.Contains(got, want) {
			t.Errorf("lookup %s = %v, %v; want %s among them", kind, got, err, want)
		}
	}
	if _, err := lookup(ctx, "licences", p); err == nil {
		t.Error("an unknown kind is looked up")
	}
}

// Before the profile names a tenant, the lookups sign in to the admin's own
// (organizations); a project lookup without an organization URL finds none.
func TestLookupsBeforeTheProfileNamesATenant(t *testing.T) {
	s, p, ctx := lookupSession(t)
	blank := *p
	blank.Tenants = nil
	blank.DevOps.Organizations = nil
	if got := tenantOf(&blank, "demo"); got != multiTenant {
		t.Errorf("tenantOf without tenants = %q", got)
	}
	got, err := lookups{c: s.clients}.projects(ctx, &blank)
	if err != nil || got != nil {
		t.Errorf("projects without an organization = %v, %v", got, err)
	}
	domain, err := lookups{c: s.clients}.tenantDomain(ctx, &blank)
	if err != nil || !strings.HasSuffix(domain, ".onmicrosoft.com") {
		t.Errorf("tenant domain = %q, %v", domain, err)
	}
}

// A refusal (a missing role, a sign-in Azure DevOps does not accept) comes
// back as a message that says what to do and who can do it, in Problems,
// and the other lookups still answer.
func TestLookupRefusalsSayWhatToDo(t *testing.T) {
	s, p, ctx := lookupSession(t)
	for _, q := range []sandbox.QueuedFault{
		{Path: "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments", Status: 403},
		{Path: "/graph/v1.0/groups", Status: 403},
		{Path: "/app-vssps/_apis/accounts", Status: 401},
	} {
		if err := s.srv.QueueFault(q); err != nil {
			t.Fatal(err)
		}
	}
	f := lookups{c: s.clients}.all(ctx, p)
	all := strings.Join(f.Problems, "\n")
	for _, want := range []string{"Power Platform Administrator", "type the organization URL", "find group"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if f.TenantDomain != "contosodemo.onmicrosoft.com" {
		t.Errorf("the tenant domain was not read beside the refusals: %q", f.TenantDomain)
	}
	if _, err := newLookup(s)(ctx, wizard.LookupEnvironments, p); err != nil {
		t.Errorf("environments after the faults: %v", err)
	}
}
