package wizard

import (
	"strings"
	"testing"

	"almwiz/profiles"

	tea "charm.land/bubbletea/v2"
)

var (
	addKey    = tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl}
	removeKey = tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl}
)

// detailsWith opens the details screen of the enterprise preset's answers
// with the models given, as the recommendation screen would.
func detailsWith(t *testing.T, models profiles.Models) (*Model, *details) {
	t.Helper()
	m := newModel(t, Options{Preset: "enterprise"})
	sendAll(t, m, modelsChosenMsg{models})
	d, ok := m.current.(*details)
	if !ok {
		t.Fatalf("after choosing models: %T, want details", m.current)
	}
	return m, d
}

// focusOn tabs to the field at path.
func focusOn(t *testing.T, m *Model, d *details, path string) {
	t.Helper()
	for d.cursor > 0 {
		sendAll(t, m, key("up"))
	}
	for i := 0; i <= len(d.fields) && d.cursor < len(d.fields) && d.fields[d.cursor].path != path; i++ {
		sendAll(t, m, key("tab"))
	}
	if d.cursor == len(d.fields) || d.fields[d.cursor].path != path {
		t.Fatalf("no field %s", path)
	}
}

func TestDetailsAddAnEnvironmentEditItsURLAndRemoveIt(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantEnterprise, DevOps: profiles.DevOpsOneToOne})
	focusOn(t, m, d, "environments.dev-makers")
	if text := screenText(m.View()); !strings.Contains(text, "ctrl+n add environment") || !strings.Contains(text, "ctrl+x remove dev-makers") {
		t.Errorf("the footer does not offer adding and removing:\n%s", text)
	}
	sendAll(t, m, addKey)
	e, ok := d.draft.Environments.Find("dev-makers-2")
	if !ok || e.EffectivePurpose() != profiles.PurposeDevelopment || e.URL != "https://contoso-dev-2.crm.dynamics.com/" {
		t.Fatalf("added environment %+v (found %v)", e, ok)
	}
	if d.fields[d.cursor].path != "environments.dev-makers-2" || d.problemCount() != 0 {
		t.Errorf("after adding: focus on %s, %d problems", d.fields[d.cursor].path, d.problemCount())
	}
	goldens(t, m, "details_added")
	sendAll(t, m, key("tab"))
	sendAll(t, m, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	sendAll(t, m, typed("https://contoso-maker2.crm.dynamics.com/")...)
	if e, _ := d.draft.Environments.Find("dev-makers-2"); e.URL != "https://contoso-maker2.crm.dynamics.com/" {
		t.Errorf("edited URL %q", e.URL)
	}
	sendAll(t, m, typed("x")...)
	if len(d.problems["environments.dev-makers-2.url"]) == 0 {
		t.Error("a bad URL of the new environment is not shown under it")
	}
	sendAll(t, m, removeKey)
	if _, ok := d.draft.Environments.Find("dev-makers-2"); ok || d.problemCount() != 0 {
		t.Fatalf("after removing: still there %v, %d problems", ok, d.problemCount())
	}
	if !strings.Contains(screenText(m.View()), "removed dev-makers-2") {
		t.Error("the removal is not said")
	}
	if err := d.draft.Validate(); err != nil {
		t.Error(err)
	}
}

func TestDetailsRefusesToRemoveTheLastHostTenantOrganizationOrProject(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"environments.host", "host stays: it is the only host environment"},
		{"tenants.contoso.domain", "tenant contoso.onmicrosoft.com stays: the install needs at least one tenant"},
		{"devops.organizations[0].url", "organization 1 stays: the install needs at least one"},
		{"devops.organizations[0].projects[0].name", "project alm stays: each organization needs its ALM project"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantEnterprise, DevOps: profiles.DevOpsOneToOne})
			before := cloneProfile(d.draft)
			focusOn(t, m, d, tc.path)
			sendAll(t, m, removeKey)
			if text := screenText(m.View()); !strings.Contains(text, tc.want) {
				t.Errorf("the refusal does not say why (want %q):\n%s", tc.want, text)
			}
			if len(d.draft.Environments) != len(before.Environments) || len(d.draft.Tenants) != len(before.Tenants) ||
				len(d.draft.DevOps.Organizations[0].Projects) != 1 || len(d.draft.DevOps.Organizations) != 1 {
				t.Error("something was removed")
			}
			if tc.path == "environments.host" {
				goldens(t, m, "details_refused")
			}
		})
	}
}

func TestDetailsAddAnOrganizationUnderOneToMany(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantEnterprise, DevOps: profiles.DevOpsOneToMany})
	n := len(d.draft.DevOps.Organizations)
	focusOn(t, m, d, "devops.organizations[0].url")
	sendAll(t, m, addKey)
	orgs := d.draft.DevOps.Organizations
	if len(orgs) != n+1 || orgs[1].URL != "https://dev.azure.com/contoso2" || len(orgs[1].Projects) != 1 {
		t.Fatalf("organizations after adding: %+v", orgs)
	}
	focusOn(t, m, d, "devops.organizations[1].projects[0].name")
	sendAll(t, m, addKey)
	if got := d.draft.DevOps.Organizations[1].Projects; len(got) != 2 || got[1].Name != "alm-2" {
		t.Fatalf("projects after adding: %+v", got)
	}
	if err := d.draft.Validate(); err != nil {
		t.Error(err)
	}
	sendAll(t, m, removeKey)
	focusOn(t, m, d, "devops.organizations[1].url")
	sendAll(t, m, removeKey)
	if len(d.draft.DevOps.Organizations) != n {
		t.Errorf("%d organizations after removing the added one, want %d", len(d.draft.DevOps.Organizations), n)
	}
}

func TestDetailsShowTheModelsConstraintsWhenATenantIsRemovedAndAdded(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantMultiTenant, DevOps: profiles.DevOpsOneToOne})
	if len(d.draft.Tenants) != 2 {
		t.Fatalf("multi-tenant starts with %d tenants", len(d.draft.Tenants))
	}
	focusOn(t, m, d, "tenants.main.domain")
	sendAll(t, m, removeKey)
	if text := screenText(m.View()); !strings.Contains(text, "multi-tenant needs at least two tenants") || !strings.Contains(text, "removed tenant contoso.onmicrosoft.com") {
		t.Errorf("the model's constraint is not shown:\n%s", text)
	}
	sendAll(t, m, addKey)
	t2, ok := d.draft.Tenants.Find("dev-2")
	if !ok || t2.Domain != "contosodev2.onmicrosoft.com" {
		t.Fatalf("added tenant %+v", d.draft.Tenants)
	}
	if err := d.draft.Validate(); err != nil {
		t.Error(err)
	}
}

func TestReviewShowsThePlanSummaryWhenGiven(t *testing.T) {
	summary := func(p *profiles.Profile) []string {
		return []string{"Microsoft Entra — 8 steps — needs Application Administrator", "Power Platform · " + p.Environments[0].Name + " — 9 steps"}
	}
	m := newModel(t, Options{Preset: "demo", PlanSummary: summary})
	for i, n := 0, len(m.current.(*details).fields); i <= n; i++ {
		sendAll(t, m, key("enter"))
	}
	text := screenText(m.View())
	if _, ok := m.current.(*review); !ok || !strings.Contains(text, "Microsoft Entra — 8 steps — needs Application Administrator") || !strings.Contains(text, "Power Platform · host — 9 steps") {
		t.Fatalf("the review does not show the plan summary:\n%s", text)
	}
	if strings.Contains(text, "app registration") {
		t.Errorf("the profile-derived summary is shown too:\n%s", text)
	}
}
