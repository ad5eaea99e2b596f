package profiles

import (
	"fmt"
	"regexp"
	"strings"
)

// Validate checks a profile built in memory (by the wizard, an import or a
// test) with the same rules as Load.
func (p *Profile) Validate() error {
	if list := p.problems(); len(list) > 0 {
		ps := problems{list: list}
		return &InvalidError{Source: "profile", Problems: ps.sorted()}
	}
	return nil
}

// problems returns every semantic problem of p, located through p.marks.
func (p *Profile) problems() []Problem {
	ps := &problems{marks: p.marks}
	p.checkHeader(ps)
	p.checkAnswers(ps)
	p.checkModels(ps)
	p.checkTenants(ps)
	p.checkIdentity(ps)
	p.checkDevOps(ps)
	p.checkEnvironments(ps)
	p.checkSolution(ps)
	p.checkTopology(ps)
	p.checkSources(ps)
	p.checkText(ps)
	return ps.list
}

var (
	profileName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	guidRE      = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainRE    = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	keyRE       = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$`)
)

// IsGUID reports whether s is a GUID such as a tenant or application id.
func IsGUID(s string) bool { return guidRE.MatchString(s) }

func (p *Profile) checkHeader(ps *problems) {
	if p.APIVersion != APIVersion {
		ps.add("apiVersion", "must be %q, found %q", APIVersion, p.APIVersion)
	}
	if p.Kind != KindProfile {
		ps.add("kind", "must be %q, found %q", KindProfile, p.Kind)
	}
	if !profileName.MatchString(p.Metadata.Name) {
		ps.add("metadata.name", "%q is not a usable name — use lower-case letters, digits and hyphens, e.g. contoso-enterprise", p.Metadata.Name)
	}
}

func (p *Profile) checkAnswers(ps *problems) {
	for id, value := range p.Answers {
		if err := CheckAnswer(id, value); err != nil {
			ps.add("answers."+id, "%v", err)
		}
	}
}

func (p *Profile) checkModels(ps *problems) {
	if !p.Models.Tenant.valid() {
		ps.add("models.tenant", "%q is not a tenant model — choose demo, enterprise or multi-tenant", p.Models.Tenant)
	}
	if !p.Models.DevOps.valid() {
		ps.add("models.devops", "%q is not an Azure DevOps model — choose \"1:1\", \"1:many\" or \"many:many\" (quoted)", p.Models.DevOps)
	}
	if o := p.Models.Override; o != nil && strings.TrimSpace(o.Reason) == "" {
		ps.add("models.override.reason", "say why the recommended model was not chosen, so the admin team reviewing this profile knows")
	}
	c, ok := Clouds[p.Cloud]
	switch {
	case !ok:
		ps.add("cloud", "%q is not a known cloud — choose one of %s", p.Cloud, strings.Join(CloudNames(), ", "))
	case c.DevOpsUnsupported != "":
		ps.add("cloud", "almwiz cannot install the ALM Accelerator in the %s cloud (%s): %s. It installs it in the public and usgov (GCC) clouds; "+
			"for %s, set cloud to one of those or configure the Azure DevOps side by hand (https://learn.microsoft.com/power-platform/guidance/alm-accelerator/setup-admin-tasks)", p.Cloud, c.Title, c.DevOpsUnsupported, c.Title)
	}
}

func (p *Profile) checkTenants(ps *problems) {
	if len(p.Tenants) == 0 {
		ps.add("tenants", "declare at least one tenant, e.g. main: {domain: contoso.onmicrosoft.com}")
	}
	domains, ids := map[string]string{}, map[string]string{}
	for _, t := range p.Tenants {
		path := "tenants." + t.Name
		if !keyRE.MatchString(t.Name) {
			ps.add(path, "%q is not a usable tenant name — use lower-case letters, digits and hyphens", t.Name)
		}
		d := strings.ToLower(t.Domain)
		switch {
		case !domainRE.MatchString(d):
			ps.add(path+".domain", "%q is not a tenant domain — expected e.g. contoso.onmicrosoft.com or a verified domain such as contoso.com", t.Domain)
		case domains[d] != "":
			ps.add(path+".domain", "%q is also tenant %q; declare each tenant once", t.Domain, domains[d])
		default:
			domains[d] = t.Name
		}
		if t.ID != "" && !IsGUID(t.ID) {
			ps.add(path+".id", "%q is not a tenant id — expected a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra admin center → Overview)", t.ID)
		} else if t.ID != "" && ids[strings.ToLower(t.ID)] != "" {
			ps.add(path+".id", "the id is also tenant %q's", ids[strings.ToLower(t.ID)])
		} else if t.ID != "" {
			ids[strings.ToLower(t.ID)] = t.Name
		}
		for i, h := range t.Holds {
			if h != "entra" && h != "devops" && h != "powerplatform" {
				ps.add(fmt.Sprintf("%s.holds[%d]", path, i), "%q is not entra, devops or powerplatform", h)
			}
		}
	}
}

func (p *Profile) checkTenantRef(ps *problems, path, name string) {
	if name == "" {
		if len(p.Tenants) == 1 {
			return // the only tenant is meant
		}
		ps.add(path, "name the tenant — one of %s", strings.Join(p.tenantNames(), ", "))
		return
	}
	if _, ok := p.Tenants.Find(name); !ok {
		ps.add(path, "%q is not a tenant declared under tenants (declared: %s)", name, strings.Join(p.tenantNames(), ", "))
	}
}

func (p *Profile) tenantNames() []string {
	var names []string
	for _, t := range p.Tenants {
		names = append(names, t.Name)
	}
	return names
}

func (p *Profile) checkIdentity(ps *problems) {
	id := p.Identity
	p.checkTenantRef(ps, "identity.tenant", id.Tenant)
	checkDisplayName(ps, "identity.appRegistration", id.AppRegistration, 120)
	checkDisplayName(ps, "identity.makersGroup", id.MakersGroup, 256)
	if id.Credential.Kind != "client-secret" {
		ps.add("identity.credential.kind", "%q is not supported — the ALM Accelerator's pipeline templates read a client secret from their service connections, so use client-secret", id.Credential.Kind)
	}
	checkDisplayName(ps, "identity.credential.displayName", id.Credential.DisplayName, 100)
	if d := id.Credential.LifetimeDays; d < 1 || d > 730 {
		ps.add("identity.credential.lifetimeDays", "%d is out of range — Entra allows 1 to 730 days; 180 is a common policy", d)
	}
}

func checkDisplayName(ps *problems, path, v string, max int) {
	switch {
	case strings.TrimSpace(v) == "":
		ps.add(path, "required")
	case len(v) > max:
		ps.add(path, "longer than %d characters", max)
	}
}
