package wizard

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"almwiz/profiles"
	"almwiz/ui/internal/teadrive"

	tea "charm.land/bubbletea/v2"
)

// found is what a signed-in admin of fabrikam sees: one environment with
// Dataverse and one without, two organizations, the app registration to
// reuse, and the groups it cannot read for want of a role.
var found = Found{
	TenantDomain:  "fabrikam.onmicrosoft.com",
	Organizations: []FoundOrganization{{Name: "fabrikam", URL: "https://dev.azure.com/fabrikam"}, {Name: "fabrikam-lab", URL: "https://dev.azure.com/fabrikam-lab"}},
	Projects:      []string{"alm"},
	Environments: []FoundEnvironment{
		{ID: "e1", DisplayName: "Fabrikam Test", URL: "https://fabrikam-test.crm.dynamics.com/", Type: "Sandbox", Region: "europe", HasDataverse: true},
		{ID: "e2", DisplayName: "Fabrikam Default", Type: "Default", Region: "europe"},
	},
	Reused:   []FoundReuse{{Kind: "app registration", Name: "ALMAcceleratorServicePrincipal", ID: "app-1"}},
	Problems: []string{"find group ALMAcceleratorForMakers: needs a Groups Administrator or User Administrator"},
}

// earlyOptions record whether the admin signed in.
func earlyOptions(signedIn *bool, signInErr error) Options {
	return Options{
		Preset: "demo",
		SignIn: func(_ context.Context, p *profiles.Profile, send func(tea.Msg)) error {
			*signedIn = true
			send(DeviceCodeMsg{Tenant: "your account's tenant", Code: "F7K2-9QXD", URL: "https://microsoft.com/devicelogin"})
			return signInErr
		},
		Find: func(context.Context, *profiles.Profile) Found { return found },
		PlanSummary: func(*profiles.Profile) []string {
			return []string{"20 steps:"}
		},
	}
}

// Skipping the sign-in keeps today's typed entry: no sign-in, no lookup,
// the preset's tenant domain, no pickers.
func TestEarlySignInSkipKeepsTypedEntry(t *testing.T) {
	signedIn := false
	m := newModel(t, earlyOptions(&signedIn, nil))
	// A preset answered the questions: the offer comes first.
	if _, ok := m.current.(*earlySignIn); !ok {
		t.Fatalf("after the preset: %T, want the sign-in offer", m.current)
	}
	fits(t, m)
	goldens(t, m, "early_signin_offer")
	text := screenText(m.View())
	for _, want := range []string{earlySignInLabel, earlySkipLabel} {
		if !strings.Contains(text, want) {
			t.Errorf("the offer lacks %q:\n%s", want, text)
		}
	}
	sendAll(t, m, key("enter")) // skip is the default
	d, ok := m.current.(*details)
	if !ok {
		t.Fatalf("after skipping: %T, want details", m.current)
	}
	if signedIn || m.found != nil || d.lookup != nil || len(d.found) != 0 {
		t.Errorf("skipping signed in (%v) or looked up (%v, %v)", signedIn, m.found, d.found)
	}
	if got := d.draft.Tenants[0].Domain; got != demo(t).Tenants[0].Domain {
		t.Errorf("tenant domain %q, want the typed default", got)
	}
	sendAll(t, m, typed("x")...)
	if d.draft.Metadata.Name != "demox" {
		t.Errorf("typing gave %q", d.draft.Metadata.Name)
	}
}

// Signed in, the tenant domain comes from the account, the environment and
// organization are picked from lists (the environment described by name,
// type, region), what could not be read says so, and the review says what
// will be reused.
func TestEarlySignInFillsTheTenantAndOffersPickers(t *testing.T) {
	signedIn := false
	m := newModel(t, earlyOptions(&signedIn, nil))
	sendAll(t, m, key("up"), key("enter"))
	e := m.current.(*earlySignIn)
	if !signedIn || e.found == nil {
		t.Fatalf("did not sign in: %v %+v", signedIn, e)
	}
	fits(t, m)
	goldens(t, m, "early_signin_found")
	text := screenText(m.View())
	for _, want := range []string{"fabrikam.onmicrosoft.com", "Fabrikam Test · Sandbox · europe · Dataverse", "      https://fabrikam-test.crm.dynamics.com/", "Fabrikam Default · Default · europe · no Dataverse", "https://dev.azure.com/fabrikam-lab", "app registration ALMAcceleratorServicePrincipal", "Groups Administrator"} {
		if !strings.Contains(text, want) {
			t.Errorf("the signed-in screen lacks %q:\n%s", want, text)
		}
	}
	sendAll(t, m, key("enter"))
	d := m.current.(*details)
	if got := d.draft.Tenants[0].Domain; got != "fabrikam.onmicrosoft.com" {
		t.Errorf("tenant domain %q, want the account's", got)
	}
	if got := d.draft.DevOps.Organizations[0].URL; got != "https://dev.azure.com/fabrikam" {
		t.Errorf("organization %q, want the first the admin belongs to in place of the example", got)
	}
	for d.fields[d.cursor].path != "devops.organizations[0].url" {
		sendAll(t, m, key("tab"))
	}
	sendAll(t, m, key("right"))
	if got := d.draft.DevOps.Organizations[0].URL; got != "https://dev.azure.com/fabrikam-lab" {
		t.Errorf("the organization picker chose %q", got)
	}
	env := slices.IndexFunc(d.fields, func(f field) bool { return f.choices != nil && strings.HasPrefix(f.path, "environments.") })
	for d.cursor != env {
		sendAll(t, m, key("tab"))
	}
	if d.fields[env].get(d.draft) == "create" {
		sendAll(t, m, key("right")) // existing
	}
	sendAll(t, m, key("tab"), key("right"))
	if f := d.fields[d.cursor]; f.lookup != LookupEnvironments || f.get(d.draft) != "https://fabrikam-test.crm.dynamics.com/" {
		t.Fatalf("the environment picker: %s = %q", f.path, f.get(d.draft))
	}
	if text := screenText(m.View()); !strings.Contains(text, "Fabrikam Test · Sandbox · europe") || !strings.Contains(text, "1 found after sign-in") {
		t.Errorf("the picked environment is not described:\n%s", text)
	}
	if !strings.Contains(d.note, "Groups Administrator") {
		t.Errorf("the details do not say what could not be read: %q", d.note)
	}
	r := newReview(d.draft, "x.yaml", nil, m.planSummary())
	if !slices.ContainsFunc(r.plan, func(l string) bool {
		return strings.Contains(l, "will be reused: the app registration ALMAcceleratorServicePrincipal")
	}) {
		t.Errorf("the review's plan lacks what will be reused: %q", r.plan)
	}
}

// A failed sign-in says why, and enter goes on to type the details.
func TestEarlySignInFailureLetsTheAdminType(t *testing.T) {
	signedIn := false
	m := newModel(t, earlyOptions(&signedIn, errors.New("sign-in to organizations: the code expired")))
	sendAll(t, m, key("up"), key("enter"))
	if text := screenText(m.View()); !strings.Contains(text, "could not sign in: sign-in to organizations: the code expired") {
		t.Errorf("the failure is not said:\n%s", text)
	}
	sendAll(t, m, key("enter"))
	if d, ok := m.current.(*details); !ok || d.lookup != nil {
		t.Fatalf("after the failure: %T, want details to type", m.current)
	}
}

// The accessible mode offers the same choices as numbered prompts: sign in
// (1), then pick the organization and the environment by number.
func TestAccessibleEarlySignInPicksByNumber(t *testing.T) {
	signedIn := false
	opts := earlyOptions(&signedIn, nil)
	p := demo(t)
	asked := 0
	for _, q := range profiles.Questions {
		if q.Visible(p.Answers) {
			asked++
		}
	}
	// Accept, sign in (1), then enter for every field but the organization,
	// picked by number (the demo creates its environments, so its pickers
	// are the organization's and the project's).
	var in strings.Builder
	in.WriteString(strings.Repeat("\n", asked) + "y\n" + "1\n")
	draft := p
	for _, f := range buildFields(draft) {
		switch f.lookup {
		case LookupOrganizations:
			in.WriteString("2\n") // fabrikam-lab
		default:
			in.WriteString("\n")
		}
	}
	in.WriteString("\n3\n\n")
	var out bytes.Buffer
	opts.Accessible, opts.Input, opts.Output = true, iotest.OneByteReader(strings.NewReader(in.String())), &out
	opts.WriteFile = func(string, []byte, bool) error { return nil }
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"Sign in now?", "1. " + earlySignInLabel, "Sign in to your account's tenant: open https://microsoft.com/devicelogin and enter the code F7K2-9QXD", "Fabrikam Test · Sandbox · europe · Dataverse", "2. https://dev.azure.com/fabrikam-lab", typeAnother, "will be reused: the app registration"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessible output lacks %q", want)
		}
	}
	if res.Profile == nil || res.Profile.DevOps.Organizations[0].URL != "https://dev.azure.com/fabrikam-lab" || res.Profile.Tenants[0].Domain != "fabrikam.onmicrosoft.com" {
		t.Errorf("result %+v\n%s", res.Profile, text)
	}
}

// fits checks the current screen fits each size.
func fits(t *testing.T, m *Model) {
	t.Helper()
	for _, s := range teadrive.Sizes {
		m.Update(tea.WindowSizeMsg{Width: s.W, Height: s.H})
		teadrive.CheckSize(t, screenText(m.View()), s.W, s.H)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
}
