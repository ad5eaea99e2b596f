package wizard

import (
	"strings"

	"almwiz/profiles"
)

// presetFor names the preset whose details fit a tenant model.
var presetFor = map[profiles.TenantModel]string{
	profiles.TenantDemo:        "demo",
	profiles.TenantEnterprise:  "enterprise",
	profiles.TenantMultiTenant: "multi-tenant",
}

// detailsFor returns the profile the details screen starts from: the one
// in hand when its models were kept, else the preset matching the tenant
// model, shaped to the Azure DevOps model.
func (m *Model) detailsFor(models profiles.Models) *profiles.Profile {
	var p *profiles.Profile
	if m.profile != nil && m.profile.Models.Tenant == models.Tenant && m.profile.Models.DevOps == models.DevOps {
		p = cloneProfile(m.profile)
	} else {
		p = exampleProfile(models)
	}
	p.Models = models
	p.Answers = cloneAnswers(m.answers)
	return p
}

// exampleProfile is the preset for models.Tenant shaped to models.DevOps.
func exampleProfile(models profiles.Models) *profiles.Profile {
	p, err := profiles.Preset(presetFor[models.Tenant])
	if err != nil {
		p = profiles.New("almwiz", models.Tenant, models.DevOps)
	}
	p.Models = models
	shapeDevOps(p)
	return p
}

// shapeDevOps makes the organizations and hosts fit the Azure DevOps model:
// 1:1 keeps one organization and project, 1:many adds a second
// organization, many:many also adds a second host environment.
func shapeDevOps(p *profiles.Profile) {
	orgs := p.DevOps.Organizations
	if len(orgs) == 0 {
		return
	}
	switch p.Models.DevOps {
	case profiles.DevOpsOneToOne:
		orgs[0].Projects = orgs[0].Projects[:min(1, len(orgs[0].Projects))]
		p.DevOps.Organizations = orgs[:1]
	case profiles.DevOpsOneToMany, profiles.DevOpsManyToMany:
		if len(orgs) < 2 {
			p.DevOps.Organizations = append(orgs, secondOrganization(orgs[0]))
		}
	}
	if p.Models.DevOps == profiles.DevOpsManyToMany {
		addSecondHost(p)
	}
}

func secondOrganization(o profiles.Organization) profiles.Organization {
	second := cloneOrganization(o)
	second.URL = strings.TrimSuffix(o.URL, "/") + "-team2"
	second.Projects = second.Projects[:min(1, len(second.Projects))]
	return second
}

// addSecondHost adds host-2 and points each organization's projects at a host.
func addSecondHost(p *profiles.Profile) {
	host, ok := p.Environments.Find("host")
	if !ok {
		return
	}
	if _, ok := p.Environments.Find("host-2"); !ok {
		second := cloneEnvironment(host)
		second.Name, second.Purpose = "host-2", profiles.PurposeHost
		if second.Create != nil {
			second.Create.DomainName += "2"
		} else {
			second.URL = strings.Replace(second.URL, ".crm", "2.crm", 1)
		}
		p.Environments = append(p.Environments, second)
	}
	for i := range p.DevOps.Organizations {
		for j := range p.DevOps.Organizations[i].Projects {
			if i == 0 {
				p.DevOps.Organizations[i].Projects[j].Host = "host"
			} else {
				p.DevOps.Organizations[i].Projects[j].Host = "host-2"
			}
		}
	}
}

func cloneAnswers(a profiles.Answers) profiles.Answers {
	out := profiles.Answers{}
	for k, v := range a {
		out[k] = v
	}
	return out
}

// cloneProfile returns a deep copy of p, so screens can edit a draft.
func cloneProfile(p *profiles.Profile) *profiles.Profile {
	c := *p
	c.Answers = cloneAnswers(p.Answers)
	if o := p.Models.Override; o != nil {
		oc := *o
		c.Models.Override = &oc
	}
	c.Tenants = append(profiles.Tenants(nil), p.Tenants...)
	for i, t := range c.Tenants {
		c.Tenants[i].Holds = append([]string(nil), t.Holds...)
	}
	c.DevOps.Organizations = nil
	for _, o := range p.DevOps.Organizations {
		c.DevOps.Organizations = append(c.DevOps.Organizations, cloneOrganization(o))
	}
	c.Environments = nil
	for _, e := range p.Environments {
		c.Environments = append(c.Environments, cloneEnvironment(e))
	}
	return &c
}

func cloneOrganization(o profiles.Organization) profiles.Organization {
	o.Extensions = append([]string(nil), o.Extensions...)
	projects := append([]profiles.Project(nil), o.Projects...)
	for i := range projects {
		projects[i].Environments = append([]string(nil), projects[i].Environments...)
	}
	o.Projects = projects
	return o
}

func cloneEnvironment(e profiles.Environment) profiles.Environment {
	if e.Create != nil {
		c := *e.Create
		e.Create = &c
	}
	return e
}
