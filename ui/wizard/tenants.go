package wizard

import (
	"fmt"
	"regexp"
	"strings"

	"almwiz/profiles"
)

// tenantLabel names tenant i as the screens show it: by its domain, the
// name an admin knows it by, or by its place while the domain is empty.
// The profile's key for it (tenants.<key>) stays in the file.
func tenantLabel(p *profiles.Profile, i int) string {
	if d := strings.TrimSpace(p.Tenants[i].Domain); d != "" {
		return d
	}
	return fmt.Sprintf("tenant %d (no domain yet)", i+1)
}

// tenantLabelOf is tenantLabel for the tenant named key, or key itself when
// no tenant has it.
func tenantLabelOf(p *profiles.Profile, key string) string {
	for i, t := range p.Tenants {
		if t.Name == key {
			return tenantLabel(p, i)
		}
	}
	return key
}

var notKey = regexp.MustCompile(`[^a-z0-9-]+`)

// followDomain renames tenant i after the first label of its domain
// (contosodev.onmicrosoft.com → contosodev), and every reference to it, so
// that a key such as "demo" does not outlive the domain it was named for.
// It keeps the name when the label makes no usable or free key.
func followDomain(p *profiles.Profile, i int) {
	label := strings.Trim(notKey.ReplaceAllString(strings.ToLower(firstLabel(strings.TrimSpace(p.Tenants[i].Domain))), "-"), "-")
	old := p.Tenants[i].Name
	if label == "" || len(label) > 40 || label == old {
		return
	}
	if _, taken := p.Tenants.Find(label); taken {
		return
	}
	p.Tenants[i].Name = label
	repoint := func(ref *string) {
		if *ref == old {
			*ref = label
		}
	}
	repoint(&p.Identity.Tenant)
	for j := range p.DevOps.Organizations {
		repoint(&p.DevOps.Organizations[j].Tenant)
	}
	for j := range p.Environments {
		repoint(&p.Environments[j].Tenant)
	}
}

// tenantUsed reports whether anything in p is in the tenant named key: the
// app registration, an organization or an environment (an empty reference
// means the only tenant).
func tenantUsed(p *profiles.Profile, key string) bool {
	if len(p.Tenants) == 1 {
		return true
	}
	if p.Identity.Tenant == key {
		return true
	}
	for _, o := range p.DevOps.Organizations {
		if o.Tenant == key {
			return true
		}
	}
	for _, e := range p.Environments {
		if e.Tenant == key {
			return true
		}
	}
	return false
}

// unusedTenants are the tenants nothing in p is in.
func unusedTenants(p *profiles.Profile) []string {
	var out []string
	for _, t := range p.Tenants {
		if !tenantUsed(p, t.Name) {
			out = append(out, t.Name)
		}
	}
	return out
}

// tenantField is a choice among p's tenants, shown by domain, for what ref
// points at (an environment's or an organization's tenant).
func tenantField(path, label string, ref func(*profiles.Profile) *string, p *profiles.Profile) field {
	var choices []string
	for i := range p.Tenants {
		choices = append(choices, tenantLabel(p, i))
	}
	return field{
		path: path, label: label, choices: choices,
		get: func(p *profiles.Profile) string { return tenantLabelOf(p, *ref(p)) },
		set: func(p *profiles.Profile, v string) {
			for i := range p.Tenants {
				if tenantLabel(p, i) == v {
					*ref(p) = p.Tenants[i].Name
				}
			}
		},
	}
}
