package wizard

import (
	"fmt"
	"sort"
	"strconv"

	"almwiz/profiles"
)

// field is one editable value of the profile on the details screen. Its
// path is the profile path Validate reports problems at, so a problem is
// shown under the field it concerns.
type field struct {
	path    string
	section string // heading shown above the first field of a section
	label   string
	get     func(*profiles.Profile) string
	set     func(*profiles.Profile, string)
	choices []string   // fixed choices, changed with ←/→; nil for free text
	lookup  LookupKind // values looked up after sign-in become choices
	rebuild bool       // changing the value changes which fields exist, or their paths and labels
	also    string     // another problem path shown under this field (a problem of the whole entry this field answers)
	entry   entry      // what ctrl+n adds another of and ctrl+x removes
}

// buildFields lists the fields of p, in the order the screen shows them.
func buildFields(p *profiles.Profile) []field {
	fs := []field{{
		path: "metadata.name", section: "Profile", label: "Name",
		get: func(p *profiles.Profile) string { return p.Metadata.Name },
		set: func(p *profiles.Profile, v string) { p.Metadata.Name = v },
	}}
	fs = append(fs, entraFields(p)...)
	fs = append(fs, devopsFields(p)...)
	fs = append(fs, environmentFields(p)...)
	return append(fs, solutionFields(p)...)
}

func entraFields(p *profiles.Profile) []field {
	var fs []field
	for i := range p.Tenants {
		name, label := p.Tenants[i].Name, "Tenant domain"
		if len(p.Tenants) > 1 {
			label = fmt.Sprintf("Tenant %d domain", i+1) // the key (tenants.<key>) is the file's, not the admin's
		}
		fs = append(fs, field{
			path: "tenants." + name + ".domain", label: label, rebuild: true,
			get: func(p *profiles.Profile) string { return p.Tenants[i].Domain },
			set: func(p *profiles.Profile, v string) {
				p.Tenants[i].Domain = v
				followDomain(p, i)
			},
			entry: entry{kind: entryTenant, name: name, removable: true},
		})
	}
	fs = append(fs,
		field{path: "identity.appRegistration", label: "App registration",
			get: func(p *profiles.Profile) string { return p.Identity.AppRegistration },
			set: func(p *profiles.Profile, v string) { p.Identity.AppRegistration = v }},
		field{path: "identity.makersGroup", label: "Makers group",
			get: func(p *profiles.Profile) string { return p.Identity.MakersGroup },
			set: func(p *profiles.Profile, v string) { p.Identity.MakersGroup = v }},
		field{path: "identity.credential.kind", label: "Credential", choices: []string{"client-secret"},
			get: func(p *profiles.Profile) string { return p.Identity.Credential.Kind },
			set: func(p *profiles.Profile, v string) { p.Identity.Credential.Kind = v }},
		field{path: "identity.credential.lifetimeDays", label: "Secret lifetime (days)",
			get: func(p *profiles.Profile) string { return strconv.Itoa(p.Identity.Credential.LifetimeDays) },
			set: func(p *profiles.Profile, v string) { p.Identity.Credential.LifetimeDays, _ = strconv.Atoi(v) }},
	)
	fs[0].section = "Microsoft Entra"
	for i := len(p.Tenants); i < len(fs); i++ {
		fs[i].entry = entry{kind: entryTenant, name: p.Tenants[len(p.Tenants)-1].Name}
	}
	return fs
}

func devopsFields(p *profiles.Profile) []field {
	var fs []field
	for i := range p.DevOps.Organizations {
		fs = append(fs, field{
			path: fmt.Sprintf("devops.organizations[%d].url", i), label: fmt.Sprintf("Organization %d URL", i+1), lookup: LookupOrganizations,
			get:   func(p *profiles.Profile) string { return p.DevOps.Organizations[i].URL },
			set:   func(p *profiles.Profile, v string) { p.DevOps.Organizations[i].URL = v },
			entry: entry{kind: entryOrganization, org: i, removable: true},
		})
		if p.Models.Tenant == profiles.TenantMultiTenant {
			f := tenantField(fmt.Sprintf("devops.organizations[%d].tenant", i), "  Tenant", func(p *profiles.Profile) *string { return &p.DevOps.Organizations[i].Tenant }, p)
			f.entry = entry{kind: entryOrganization, org: i, removable: true}
			fs = append(fs, f)
		}
		for j := range p.DevOps.Organizations[i].Projects {
			fs = append(fs, field{
				path: fmt.Sprintf("devops.organizations[%d].projects[%d].name", i, j), label: "  Project", lookup: LookupProjects,
				get:   func(p *profiles.Profile) string { return p.DevOps.Organizations[i].Projects[j].Name },
				set:   func(p *profiles.Profile, v string) { p.DevOps.Organizations[i].Projects[j].Name = v },
				entry: entry{kind: entryProject, org: i, proj: j, removable: true},
			})
		}
	}
	if len(fs) > 0 {
		fs[0].section = "Azure DevOps"
	}
	return fs
}

// environmentLocations are the locations an environment can be created in.
var environmentLocations = func() []string {
	var out []string
	for l := range profiles.EnvironmentLocations {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}()

func environmentFields(p *profiles.Profile) []field {
	var fs []field
	for i := range p.Environments {
		e := p.Environments[i]
		path, own := "environments."+e.Name, entry{kind: entryEnvironment, name: e.Name, removable: true}
		fs = append(fs, field{entry: own,
			path: path, label: e.Name, choices: []string{"existing", "create"}, rebuild: true,
			get: func(p *profiles.Profile) string { return environmentMode(p.Environments[i]) },
			set: func(p *profiles.Profile, v string) { setEnvironmentMode(&p.Environments[i], v) },
		})
		if p.Models.Tenant == profiles.TenantMultiTenant {
			f := tenantField(path+".tenant", "  Tenant", func(p *profiles.Profile) *string { return &p.Environments[i].Tenant }, p)
			f.entry = own
			fs = append(fs, f)
		}
		if e.Create == nil {
			fs = append(fs, field{entry: own, also: path, // "give the url…" is said of the environment
				path: path + ".url", label: "  URL", lookup: LookupEnvironments,
				get: func(p *profiles.Profile) string { return p.Environments[i].URL },
				set: func(p *profiles.Profile, v string) { p.Environments[i].URL = v },
			})
			continue
		}
		for _, f := range createFields(i, path+".create") {
			f.entry = own
			fs = append(fs, f)
		}
	}
	if len(fs) > 0 {
		fs[0].section = "Power Platform environments"
	}
	return fs
}

func createFields(i int, path string) []field {
	c := func(p *profiles.Profile) *profiles.EnvironmentCreate { return p.Environments[i].Create }
	return []field{
		{path: path + ".domainName", label: "  Name (URL)",
			get: func(p *profiles.Profile) string { return c(p).DomainName },
			set: func(p *profiles.Profile, v string) { c(p).DomainName = v }},
		{path: path + ".location", label: "  Location", choices: environmentLocations,
			get: func(p *profiles.Profile) string { return c(p).Location },
			set: func(p *profiles.Profile, v string) { c(p).Location = v }},
		{path: path + ".type", label: "  Type", choices: []string{"Sandbox", "Production", "Trial", "Developer"},
			get: func(p *profiles.Profile) string { return c(p).Type },
			set: func(p *profiles.Profile, v string) { c(p).Type = v }},
	}
}

func environmentMode(e profiles.Environment) string {
	if e.Create != nil {
		return "create"
	}
	return "existing"
}

func setEnvironmentMode(e *profiles.Environment, mode string) {
	if mode == environmentMode(*e) {
		return
	}
	if mode == "existing" {
		e.Create = nil
		return
	}
	e.URL = ""
	e.Create = &profiles.EnvironmentCreate{DomainName: e.Name, DisplayName: e.Name, Location: "unitedstates", Type: "Sandbox"}
}

func solutionFields(p *profiles.Profile) []field {
	fs := []field{{
		path: "solution.source", section: "Solution", label: "Source", choices: []string{"release", "url", "file"}, rebuild: true,
		get: func(p *profiles.Profile) string { return p.Solution.Source },
		set: func(p *profiles.Profile, v string) { p.Solution.Source = v },
	}}
	switch p.Solution.Source {
	case "url":
		fs = append(fs, field{path: "solution.url", label: "  Managed solution URL",
			get: func(p *profiles.Profile) string { return p.Solution.URL },
			set: func(p *profiles.Profile, v string) { p.Solution.URL = v }})
	case "file":
		fs = append(fs, field{path: "solution.file", label: "  Managed solution file",
			get: func(p *profiles.Profile) string { return p.Solution.File },
			set: func(p *profiles.Profile, v string) { p.Solution.File = v }})
	}
	return fs
}
