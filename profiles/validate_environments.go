package profiles

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var (
	domainLabelRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	versionRE     = regexp.MustCompile(`^\d+(\.\d+){1,3}$`)
)

// purpose is the environment's purpose, defaulting to its name.
func (e Environment) purpose() Purpose {
	if e.Purpose != "" {
		return e.Purpose
	}
	return Purpose(e.Name)
}

// EffectivePurpose is the environment's purpose, defaulting to its name.
func (e Environment) EffectivePurpose() Purpose { return e.purpose() }

func (pu Purpose) valid() bool {
	switch pu {
	case PurposeHost, PurposeDevelopment, PurposeValidation, PurposeTest, PurposeProduction:
		return true
	}
	return false
}

// DataverseURL returns the environment's URL as https://<host>/, for an
// existing environment or one almwiz creates in cloud.
func (e Environment) DataverseURL(cloud Cloud) string {
	if e.Create == nil {
		u, err := url.Parse(e.URL)
		if err != nil {
			return e.URL
		}
		return "https://" + strings.ToLower(u.Host) + "/"
	}
	region := EnvironmentLocations[e.Create.Location]
	return "https://" + e.Create.DomainName + cloud.DataverseSuffixes[region] + "/"
}

func (p *Profile) checkEnvironments(ps *problems) {
	if len(p.Environments) == 0 {
		ps.add("environments", "declare the host environment and the validation, test and production environments")
	}
	cloud, cloudOK := Clouds[p.Cloud]
	urls := map[string]string{}
	for _, e := range p.Environments {
		path := "environments." + e.Name
		if !keyRE.MatchString(e.Name) {
			ps.add(path, "%q is not a usable environment name — use lower-case letters, digits and hyphens", e.Name)
		}
		if !e.purpose().valid() {
			ps.add(path+".purpose", "say what %q is for — purpose: host, development, validation, test or production", e.Name)
		}
		p.checkTenantRef(ps, path+".tenant", e.Tenant)
		switch {
		case e.URL == "" && e.Create == nil:
			ps.add(path, "give the url of an existing environment, or create: to have almwiz create it")
		case e.URL != "" && e.Create != nil:
			ps.add(path+".create", "give url (existing) or create (new), not both")
		case e.URL != "" && cloudOK:
			checkDataverseURL(ps, path+".url", e.URL, cloud)
		case e.Create != nil:
			checkCreate(ps, path+".create", *e.Create, cloud)
		}
		if cloudOK && (e.URL != "" || e.Create != nil) {
			u := e.DataverseURL(cloud)
			if other, dup := urls[u]; dup {
				ps.add(path, "same environment as %q (%s); each name must be a different environment", other, u)
			}
			urls[u] = e.Name
		}
	}
}

func checkDataverseURL(ps *problems, path, raw string, cloud Cloud) {
	u, err := url.Parse(raw)
	bad := err != nil || u.Scheme != "https" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil
	if !bad {
		label, _, _ := strings.Cut(strings.ToLower(u.Host), ".")
		_, inCloud := cloud.DataverseRegion(u.Host)
		bad = !inCloud || !domainLabelRE.MatchString(label) || u.Port() != ""
	}
	if bad {
		ps.add(path, "%q is not a Dataverse environment URL — expected https://<name>.crm<N>.dynamics.com/ in the %s cloud (Power Platform admin center → environment → Environment URL)", raw, cloud.Name)
	}
}

func checkCreate(ps *problems, path string, c EnvironmentCreate, cloud Cloud) {
	if !domainLabelRE.MatchString(c.DomainName) {
		ps.add(path+".domainName", "%q cannot start a Dataverse URL — use lower-case letters, digits and hyphens", c.DomainName)
	}
	region, ok := EnvironmentLocations[c.Location]
	if _, inCloud := cloud.DataverseSuffixes[region]; !ok || !inCloud {
		ps.add(path+".location", "%q is not a Power Platform location of the %s cloud — e.g. unitedstates, europe, unitedkingdom", c.Location, cloud.Name)
	}
	switch c.Type {
	case "Sandbox", "Production", "Trial", "Developer":
	default:
		ps.add(path+".type", "%q is not an environment type — choose Sandbox, Production, Trial or Developer", c.Type)
	}
	if c.Currency != "" && !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(c.Currency) {
		ps.add(path+".currency", "%q is not an ISO currency code such as USD or EUR", c.Currency)
	}
	if c.Language < 0 {
		ps.add(path+".language", "%d is not a language id (LCID) such as 1033", c.Language)
	}
}

func (p *Profile) checkSolution(ps *problems) {
	s := p.Solution
	switch s.Source {
	case "release":
	case "url":
		if u, err := url.Parse(s.URL); err != nil || u.Scheme != "https" || u.Host == "" {
			ps.add("solution.url", "%q is not an https URL of a managed solution zip", s.URL)
		}
	case "file":
		if strings.TrimSpace(s.File) == "" {
			ps.add("solution.file", "give the path of the managed solution zip")
		}
	default:
		ps.add("solution.source", "%q is not a solution source — choose release, url or file", s.Source)
	}
	if s.Version != "" && !versionRE.MatchString(s.Version) {
		ps.add("solution.version", "%q is not a version — give the release's solution version, e.g. %s", s.Version, DefaultSolutionVersion)
	}
	if p.Options.AppUserRole != "" && strings.TrimSpace(p.Options.AppUserRole) == "" {
		ps.add("options.appUserRole", "name a security role, e.g. %s", DefaultAppUserRole)
	}
}

func (p *Profile) hosts() []Environment {
	var out []Environment
	for _, e := range p.Environments {
		if e.purpose() == PurposeHost {
			out = append(out, e)
		}
	}
	return out
}

func (p *Profile) projectCount() int {
	n := 0
	for _, o := range p.DevOps.Organizations {
		n += len(o.Projects)
	}
	return n
}

// checkTopology checks that the declared tenants, organizations and hosts
// fit the chosen models.
func (p *Profile) checkTopology(ps *problems) {
	tenants, orgs, projects, hosts := len(p.Tenants), len(p.DevOps.Organizations), p.projectCount(), len(p.hosts())
	switch p.Models.Tenant {
	case TenantDemo, TenantEnterprise:
		if tenants > 1 {
			ps.add("models.tenant", "%s uses one tenant but %d are declared — choose multi-tenant, or keep one tenant", p.Models.Tenant, tenants)
		}
	case TenantMultiTenant:
		if tenants < 2 {
			ps.add("models.tenant", "multi-tenant needs at least two tenants under tenants, found %d — declare them, or choose enterprise", tenants)
		}
	}
	switch p.Models.DevOps {
	case DevOpsOneToOne:
		if orgs > 1 || projects > 1 {
			ps.add("models.devops", "1:1 is one organization with one project, but %d organizations and %d projects are declared — choose 1:many", orgs, projects)
		}
	case DevOpsOneToMany:
		if projects < 2 {
			ps.add("models.devops", "1:many needs several organizations or projects, found %d — add them, or choose 1:1", projects)
		}
	case DevOpsManyToMany:
		if hosts < 2 {
			ps.add("models.devops", "many:many is several installations, each with its own host environment, but %d host is declared — choose 1:many", hosts)
		}
	}
	if hosts == 0 && len(p.Environments) > 0 {
		ps.add("environments", "declare the host environment (purpose: host) that receives the ALM Accelerator app")
	}
	if hosts > 1 && p.Models.DevOps != DevOpsManyToMany {
		ps.add("environments", "%d host environments are declared; only many:many has more than one", hosts)
	}
	p.checkProjectHosts(ps, hosts)
}

func (p *Profile) checkProjectHosts(ps *problems, hosts int) {
	if hosts < 2 {
		return
	}
	for i, o := range p.DevOps.Organizations {
		for j, pr := range o.Projects {
			if pr.Host == "" {
				ps.add(fmt.Sprintf("devops.organizations[%d].projects[%d].host", i, j), "with several host environments, say which one this project serves")
			}
		}
	}
}
