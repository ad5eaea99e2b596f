package sandbox

import (
	"strings"

	"almwiz/profiles"
	"almwiz/providers/sandbox/emulator"
)

// SeedFromProfile lists what a profile declares as already existing: its
// tenants, its Azure DevOps organizations with the projects it does not ask
// to create, and the environments it gives by URL. Seeding a sandbox with it
// lets an admin rehearse the install of their real tenant, profile unchanged.
func SeedFromProfile(p *profiles.Profile) emulator.Seed {
	var s emulator.Seed
	domain := map[string]string{}
	home := p.Identity.Tenant
	if home == "" && len(p.Tenants) == 1 {
		home = p.Tenants[0].Name
	}
	for _, t := range p.Tenants {
		domain[t.Name] = t.Domain
		s.Tenants = append(s.Tenants, emulator.SeedTenant{Domain: t.Domain, ID: t.ID, Home: t.Name == home})
	}
	only := func(name string) string {
		if name == "" && len(p.Tenants) == 1 {
			return p.Tenants[0].Domain
		}
		return domain[name]
	}
	for _, o := range p.DevOps.Organizations {
		name, _ := profiles.OrganizationName(o.URL)
		org := emulator.SeedOrganization{Name: name, Tenant: only(o.Tenant)}
		for _, pr := range o.Projects {
			if !pr.Create {
				org.Projects = append(org.Projects, pr.Name)
			}
		}
		s.Organizations = append(s.Organizations, org)
	}
	for _, e := range p.Environments {
		if e.URL == "" {
			continue
		}
		typ := "Sandbox"
		if e.EffectivePurpose() == profiles.PurposeProduction {
			typ = "Production"
		}
		s.Environments = append(s.Environments, emulator.SeedEnvironment{
			URL: strings.TrimSuffix(e.URL, "/") + "/", DisplayName: e.Name, Tenant: only(e.Tenant), Type: typ,
		})
	}
	return s
}

// seedFromBody reads a seed request: emulator.Seed as JSON, or an install
// profile as YAML (Content-Type application/yaml).
func seedFromBody(contentType string, body []byte) (emulator.Seed, error) {
	if strings.Contains(contentType, "yaml") {
		p, err := profiles.Load(body, "seed profile")
		if err != nil {
			return emulator.Seed{}, err
		}
		return SeedFromProfile(p), nil
	}
	var seed emulator.Seed
	err := jsonUnmarshal(body, &seed)
	return seed, err
}
