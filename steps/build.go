package steps

import (
	"fmt"
	"strings"

	"almwiz/profiles"
)

// Build turns a profile into the plan of the whole ALM Accelerator
// installation (reference/alm-accelerator.md): Microsoft Entra, then each
// Azure DevOps organization and project, then each Power Platform
// environment, wired by the outputs each step needs.
func Build(p *profiles.Profile, c *Clients) (*Plan, error) {
	b := newBuild(p, c)
	var all []Step
	all = append(all, b.entraSteps()...)
	all = append(all, b.devopsSteps()...)
	all = append(all, b.powerPlatformSteps()...)
	plan := &Plan{Steps: all}
	if err := plan.Validate(); err != nil {
		return nil, fmt.Errorf("build the plan of %q: %w", p.Metadata.Name, err)
	}
	return plan, nil
}

// build is what every step constructor reads: the profile, the clients, and
// facts derived from the profile once.
type build struct {
	p      *profiles.Profile
	c      *Clients
	cloud  profiles.Cloud
	home   string            // the tenant (by name) holding the app registration
	domain map[string]string // tenant name → domain
}

func newBuild(p *profiles.Profile, c *Clients) *build {
	b := &build{p: p, c: c, cloud: profiles.Clouds[p.Cloud], domain: map[string]string{}}
	for _, t := range p.Tenants {
		b.domain[t.Name] = t.Domain
	}
	b.home = b.tenant(p.Identity.Tenant)
	return b
}

// tenant resolves a tenant reference (empty means the only tenant).
func (b *build) tenant(name string) string {
	if name == "" && len(b.p.Tenants) == 1 {
		return b.p.Tenants[0].Name
	}
	return name
}

// tenantDomain is the domain almwiz signs in to for tenant name.
func (b *build) tenantDomain(name string) string { return b.domain[b.tenant(name)] }

// tenantsUsed are the tenants holding the app's service principal: its home
// tenant and every tenant with an environment (multi-tenant).
func (b *build) tenantsUsed() []string {
	seen := map[string]bool{b.home: true}
	out := []string{b.home}
	for _, e := range b.p.Environments {
		if t := b.tenant(e.Tenant); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// hosts are the environments that receive the ALM Accelerator app.
func (b *build) hosts() []profiles.Environment {
	var out []profiles.Environment
	for _, e := range b.p.Environments {
		if e.EffectivePurpose() == profiles.PurposeHost {
			out = append(out, e)
		}
	}
	return out
}

// connected are the environments project pr gets service connections to:
// the ones it names, or every environment but the hosts.
func (b *build) connected(pr profiles.Project) []profiles.Environment {
	var out []profiles.Environment
	for _, e := range b.p.Environments {
		named := len(pr.Environments) == 0 && e.EffectivePurpose() != profiles.PurposeHost
		for _, n := range pr.Environments {
			named = named || n == e.Name
		}
		if named {
			out = append(out, e)
		}
	}
	return out
}

// orgName is the organization named by an organization URL.
func orgName(o profiles.Organization) string {
	name, _ := profiles.OrganizationName(o.URL)
	return strings.ToLower(name)
}

// secretConsumers are the steps that receive the client secret: every
// service connection and every host's custom connector.
func (b *build) secretConsumers() []string {
	var ids []string
	for _, o := range b.p.DevOps.Organizations {
		for _, pr := range o.Projects {
			for _, e := range b.connected(pr) {
				ids = append(ids, IDProjectStep(orgName(o), pr.Name, "service-connection", e.Name))
			}
		}
	}
	for _, h := range b.hosts() {
		ids = append(ids, IDHostStep(h.Name, "custom-connector"))
	}
	return ids
}

// envURL is environment e's Dataverse URL with a trailing slash.
func (b *build) envURL(e profiles.Environment) string { return e.DataverseURL(b.cloud) }
