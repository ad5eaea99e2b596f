package wizard

import (
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"
)

// topology draws a profile's shape: tenants → Azure DevOps organizations →
// projects, and the environments each tenant holds.
func topology(ui theme.UI, p *profiles.Profile, width int) []string {
	var out []string
	for _, t := range p.Tenants {
		out = append(out, "  "+ui.Heading.Render(t.Domain))
		var kids []string
		for _, o := range p.DevOps.Organizations {
			if o.Tenant != t.Name && !(o.Tenant == "" && len(p.Tenants) == 1) {
				continue
			}
			var projects []string
			for _, pr := range o.Projects {
				projects = append(projects, pr.Name)
			}
			kids = append(kids, strings.TrimPrefix(o.URL, "https://")+" ─ "+strings.Join(projects, ", "))
		}
		if envs := environmentsOf(p, t.Name); len(envs) > 0 {
			kids = append(kids, "environments ─► "+strings.Join(envs, " · "))
		}
		for i, k := range kids {
			branch := "   ├─ "
			if i == len(kids)-1 {
				branch = "   └─ "
			}
			out = append(out, theme.Wrap(ui.Faint.Render(branch)+k, width, "")...)
		}
	}
	return out
}

func environmentsOf(p *profiles.Profile, tenant string) []string {
	var out []string
	for _, e := range p.Environments {
		if e.Tenant == tenant || (e.Tenant == "" && len(p.Tenants) == 1) {
			out = append(out, e.Name)
		}
	}
	return out
}
