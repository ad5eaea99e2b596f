package wizard

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"almwiz/profiles"
)

// entryKind is a kind of list entry of a profile that the details screen
// can add and remove.
type entryKind string

// The entries the details screen adds and removes.
const (
	entryTenant       entryKind = "tenant"
	entryOrganization entryKind = "organization"
	entryProject      entryKind = "project"
	entryEnvironment  entryKind = "environment"
)

// entry is the tenant, organization, project or environment a field
// belongs to: ctrl+n adds another like it, ctrl+x removes it. A field of a
// section but of no one entry (the app registration) only adds.
type entry struct {
	kind      entryKind
	name      string // the tenant or environment name
	org, proj int    // the organization and project index
	removable bool   // the field is part of this very entry
}

// adds says what ctrl+n adds, for the footer.
func (e entry) adds() string { return string(e.kind) }

// removes names what ctrl+x removes, for the footer.
func (e entry) removes(p *profiles.Profile) string {
	switch e.kind {
	case entryOrganization:
		return fmt.Sprintf("organization %d", e.org+1)
	case entryProject:
		return "project " + p.DevOps.Organizations[e.org].Projects[e.proj].Name
	case entryTenant:
		return "tenant " + tenantLabelOf(p, e.name)
	}
	return e.name
}

// addEntry adds an entry like e to p, with unique names, and returns the
// path of the new entry's first field and its name.
func addEntry(p *profiles.Profile, e entry) (path, name string) {
	switch e.kind {
	case entryTenant:
		return addTenant(p, e.name)
	case entryOrganization:
		return addOrganization(p, e.org)
	case entryProject:
		return addProject(p, e.org, e.proj)
	}
	return addEnvironment(p, e.name)
}

func addTenant(p *profiles.Profile, like string) (string, string) {
	src, ok := p.Tenants.Find(like)
	if !ok {
		src = p.Tenants[len(p.Tenants)-1]
	}
	base, label := withoutCounter(src.Name), strings.TrimRight(firstLabel(src.Domain), "0123456789")
	domain := func(n int) string { return relabel(src.Domain, label+strconv.Itoa(n)) }
	n := firstFree(func(n int) bool {
		_, named := p.Tenants.Find(fmt.Sprintf("%s-%d", base, n))
		return named || slices.ContainsFunc(p.Tenants, func(t profiles.Tenant) bool { return strings.EqualFold(t.Domain, domain(n)) })
	})
	t := profiles.Tenant{Name: fmt.Sprintf("%s-%d", base, n), Domain: domain(n), Holds: []string{"powerplatform"}}
	p.Tenants = append(p.Tenants, t)
	return "tenants." + t.Name + ".domain", "tenant " + t.Domain
}

func addOrganization(p *profiles.Profile, like int) (string, string) {
	orgs := p.DevOps.Organizations
	o := cloneOrganization(orgs[like])
	o.Projects = o.Projects[:min(1, len(o.Projects))]
	n := firstFree(func(n int) bool {
		return slices.ContainsFunc(orgs, func(x profiles.Organization) bool { return strings.EqualFold(x.URL, organizationURL(o.URL, n)) })
	})
	o.URL = organizationURL(o.URL, n)
	p.DevOps.Organizations = slices.Insert(orgs, like+1, o)
	return fmt.Sprintf("devops.organizations[%d].url", like+1), strings.TrimPrefix(o.URL, "https://")
}

func addProject(p *profiles.Profile, org, like int) (string, string) {
	o := &p.DevOps.Organizations[org]
	pr := o.Projects[like]
	pr.Environments = slices.Clone(pr.Environments)
	base := withoutCounter(pr.Name)
	n := firstFree(func(n int) bool {
		return slices.ContainsFunc(o.Projects, func(x profiles.Project) bool { return x.Name == fmt.Sprintf("%s-%d", base, n) })
	})
	pr.Name = fmt.Sprintf("%s-%d", base, n)
	o.Projects = slices.Insert(o.Projects, like+1, pr)
	return fmt.Sprintf("devops.organizations[%d].projects[%d].name", org, like+1), "project " + pr.Name
}

func addEnvironment(p *profiles.Profile, like string) (string, string) {
	at := slices.IndexFunc(p.Environments, func(e profiles.Environment) bool { return e.Name == like })
	src := p.Environments[at]
	e := cloneEnvironment(src)
	base := withoutCounter(src.Name)
	n := firstFree(func(n int) bool { _, ok := p.Environments.Find(fmt.Sprintf("%s-%d", base, n)); return ok })
	suffix := func(s string) string { return withoutCounter(s) + "-" + strconv.Itoa(n) }
	e.Name, e.Purpose = suffix(src.Name), src.EffectivePurpose()
	if e.Create != nil {
		e.Create.DomainName, e.Create.DisplayName = suffix(e.Create.DomainName), e.Name
	} else if e.URL != "" {
		e.URL = relabel(e.URL, suffix(firstLabel(e.URL)))
	}
	p.Environments = slices.Insert(p.Environments, at+1, e)
	return "environments." + e.Name, e.Name
}

// removeEntry removes the entry e from p, and says what became of what
// referred to it; it refuses to remove the last tenant, organization,
// project or host environment, saying why.
func removeEntry(p *profiles.Profile, e entry) (string, error) {
	switch e.kind {
	case entryTenant:
		return removeTenant(p, e.name)
	case entryOrganization:
		if len(p.DevOps.Organizations) == 1 {
			return "", errors.New("the install needs at least one Azure DevOps organization")
		}
		p.DevOps.Organizations = slices.Delete(p.DevOps.Organizations, e.org, e.org+1)
		return "", nil
	case entryProject:
		o := &p.DevOps.Organizations[e.org]
		if len(o.Projects) == 1 {
			return "", errors.New("each organization needs its ALM project — remove the organization instead")
		}
		o.Projects = slices.Delete(o.Projects, e.proj, e.proj+1)
		return "", nil
	}
	return removeEnvironment(p, e.name)
}

func removeTenant(p *profiles.Profile, name string) (string, error) {
	if len(p.Tenants) == 1 {
		return "", errors.New("the install needs at least one tenant")
	}
	p.Tenants = slices.DeleteFunc(p.Tenants, func(t profiles.Tenant) bool { return t.Name == name })
	keep, moved := p.Tenants[0].Name, false
	repoint := func(ref *string) {
		if *ref == name {
			*ref, moved = keep, true
		}
	}
	repoint(&p.Identity.Tenant)
	for i := range p.DevOps.Organizations {
		repoint(&p.DevOps.Organizations[i].Tenant)
	}
	for i := range p.Environments {
		repoint(&p.Environments[i].Tenant)
	}
	if moved {
		return "what it held is now in tenant " + keep, nil
	}
	return "", nil
}

func removeEnvironment(p *profiles.Profile, name string) (string, error) {
	e, _ := p.Environments.Find(name)
	hosts := hostNames(p)
	if e.EffectivePurpose() == profiles.PurposeHost && len(hosts) == 1 {
		return "", errors.New("it is the only host environment, where the ALM Accelerator app lives")
	}
	p.Environments = slices.DeleteFunc(p.Environments, func(e profiles.Environment) bool { return e.Name == name })
	hosts = hostNames(p)
	for i := range p.DevOps.Organizations {
		for j := range p.DevOps.Organizations[i].Projects {
			pr := &p.DevOps.Organizations[i].Projects[j]
			pr.Environments = slices.DeleteFunc(pr.Environments, func(s string) bool { return s == name })
			if pr.Host == name {
				pr.Host = hosts[0]
			}
		}
	}
	return "", nil
}

func hostNames(p *profiles.Profile) []string {
	var out []string
	for _, e := range p.Environments {
		if e.EffectivePurpose() == profiles.PurposeHost {
			out = append(out, e.Name)
		}
	}
	return out
}

// firstFree returns the first n from 2 that taken refuses.
func firstFree(taken func(n int) bool) int {
	n := 2
	for taken(n) {
		n++
	}
	return n
}

var counter = regexp.MustCompile(`-[0-9]+$`)

// withoutCounter is a name without the -2 added to a copy's name.
func withoutCounter(s string) string { return counter.ReplaceAllString(s, "") }

// firstLabel is the first DNS label of a domain or URL: contoso-dev of
// https://contoso-dev.crm.dynamics.com/.
func firstLabel(s string) string {
	s = s[hostStart(s):]
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i]
	}
	return s
}

// relabel replaces the first DNS label of a domain or URL.
func relabel(s, label string) string {
	start := hostStart(s)
	end := len(s)
	if i := strings.IndexByte(s[start:], '.'); i >= 0 {
		end = start + i
	}
	return s[:start] + label + s[end:]
}

// hostStart is where the host begins in a URL, or 0 in a bare domain.
func hostStart(s string) int {
	if i := strings.Index(s, "://"); i >= 0 {
		return i + len("://")
	}
	return 0
}

// organizationURL numbers an organization URL: https://dev.azure.com/contoso
// becomes https://dev.azure.com/contoso2, https://contoso.visualstudio.com
// becomes https://contoso2.visualstudio.com.
func organizationURL(u string, n int) string {
	u = strings.TrimSuffix(u, "/")
	if i := strings.LastIndex(u, "/"); i > len("https://") {
		return u[:i+1] + strings.TrimRight(u[i+1:], "0123456789") + strconv.Itoa(n)
	}
	return relabel(u, strings.TrimRight(firstLabel(u), "0123456789")+strconv.Itoa(n))
}
