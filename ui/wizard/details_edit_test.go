package wizard

import (
	"strings"
	"testing"

	"almwiz/profiles"

	tea "charm.land/bubbletea/v2"
)

var clearKey = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}

// Switching an environment to create and back brings back the URL typed.
func TestDetailsSwitchingAnEnvironmentBackKeepsItsURL(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantEnterprise, DevOps: profiles.DevOpsOneToOne})
	focusOn(t, m, d, "environments.test.url")
	sendAll(t, m, clearKey)
	sendAll(t, m, typed("https://contoso-test7.crm.dynamics.com/")...)
	focusOn(t, m, d, "environments.test")
	sendAll(t, m, key("right"))
	if e, _ := d.draft.Environments.Find("test"); e.Create == nil {
		t.Fatal("→ did not switch to create")
	}
	sendAll(t, m, key("left"))
	if e, _ := d.draft.Environments.Find("test"); e.Create != nil || e.URL != "https://contoso-test7.crm.dynamics.com/" {
		t.Errorf("back to existing: %+v, want the URL typed", e)
	}
}

// Enter on Continue jumps to the first problem's field, where typing fixes it.
func TestDetailsEnterJumpsToTheFieldToTypeIn(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantEnterprise, DevOps: profiles.DevOpsOneToOne})
	focusOn(t, m, d, "environments.test.url")
	sendAll(t, m, clearKey)
	for d.cursor < len(d.fields) {
		sendAll(t, m, key("down"))
	}
	sendAll(t, m, key("enter"))
	if f := d.fields[min(d.cursor, len(d.fields)-1)]; d.cursor == len(d.fields) || f.path != "environments.test.url" {
		t.Fatalf("enter jumped to %s, want environments.test.url", f.path)
	}
	if !strings.Contains(screenText(m.View()), "give the url of an existing environment") {
		t.Error("the problem is not shown")
	}
	sendAll(t, m, typed("https://contoso-test7.crm.dynamics.com/")...)
	if e, _ := d.draft.Environments.Find("test"); e.URL != "https://contoso-test7.crm.dynamics.com/" || d.problemCount() != 0 {
		t.Errorf("typed at the problem: URL %q, %d problems", e.URL, d.problemCount())
	}
}

// A tenant added with ctrl+n that holds nothing is said to be unused, with
// the key that removes it; labels name tenants by domain, never by key.
func TestDetailsSayAnUnusedTenantAndLabelTenantsByDomain(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantMultiTenant, DevOps: profiles.DevOpsOneToOne})
	focusOn(t, m, d, "tenants.main.domain")
	if text := screenText(m.View()); strings.Contains(text, "Tenant main domain") || strings.Contains(text, "Tenant dev domain") {
		t.Errorf("the tenant's key is in its label:\n%s", text)
	}
	sendAll(t, m, addKey)
	text := strings.Join(strings.Fields(screenText(m.View())), " ")
	if strings.Contains(text, "✓ valid") || !strings.Contains(text, "1 unused tenant") || !strings.Contains(text, "unused: ") ||
		!strings.Contains(text, "ctrl+x removes it") || !strings.Contains(text, "added tenant contoso2.onmicrosoft.com") {
		t.Errorf("an unused tenant is not said:\n%s", screenText(m.View()))
	}
	sendAll(t, m, removeKey)
	if len(d.draft.Tenants) != 2 || !strings.Contains(screenText(m.View()), "✓ valid") {
		t.Errorf("after removing the unused tenant: %d tenants\n%s", len(d.draft.Tenants), screenText(m.View()))
	}

	// A new domain renames the key everything refers to, so the old key
	// does not stay in the profile the review shows and exports.
	focusOn(t, m, d, "tenants.dev.domain")
	sendAll(t, m, clearKey)
	sendAll(t, m, typed("fabrikam.onmicrosoft.com")...)
	p := d.draft
	if p.Tenants[0].Name != "fabrikam" || p.Identity.Tenant != "fabrikam" || p.DevOps.Organizations[0].Tenant != "fabrikam" || p.Environments[0].Tenant != "fabrikam" {
		t.Errorf("after a new domain: tenant %q, identity %q, organization %q, host %q; want fabrikam everywhere",
			p.Tenants[0].Name, p.Identity.Tenant, p.DevOps.Organizations[0].Tenant, p.Environments[0].Tenant)
	}
	if e, _ := p.Environments.Find("test"); e.Tenant != "main" {
		t.Errorf("the test environment moved to tenant %q", e.Tenant)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	if d.fields[d.cursor].path != "tenants.fabrikam.domain" {
		t.Errorf("the focus left the domain: %s", d.fields[d.cursor].path)
	}
}

// In the multi-tenant model each environment and organization has a Tenant
// field, a choice among the profile's tenants shown by domain.
func TestDetailsMultiTenantChoosesEachEnvironmentsTenant(t *testing.T) {
	m, d := detailsWith(t, profiles.Models{Tenant: profiles.TenantMultiTenant, DevOps: profiles.DevOpsOneToOne})
	focusOn(t, m, d, "environments.test.tenant")
	if text := screenText(m.View()); !strings.Contains(text, "◂ contoso.onmicrosoft.com ▸") {
		t.Errorf("the test environment's tenant is not shown by domain:\n%s", text)
	}
	sendAll(t, m, key("right"))
	if e, _ := d.draft.Environments.Find("test"); e.Tenant != "dev" {
		t.Errorf("test is in tenant %q after →, want dev", e.Tenant)
	}
	focusOn(t, m, d, "devops.organizations[0].tenant")
	if got := d.fields[d.cursor].get(d.draft); got != "contosodev.onmicrosoft.com" {
		t.Errorf("the organization's tenant shows %q", got)
	}
	if err := d.draft.Validate(); err != nil {
		t.Error(err)
	}
}
