package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"almwiz/profiles"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/entra"
	"almwiz/steps"
	"almwiz/ui/wizard"
)

// What the wizard can look up once the admin has signed in (issue 13): the
// tenant's domain, the Azure DevOps organizations the admin belongs to and
// their projects, the Power Platform environments the admin can manage, and
// the app registration and makers group of the profile's names, which the
// install would reuse. Every lookup only reads.

// multiTenant is the authority an admin signs in to before the profile
// names their tenant: Entra picks the account's own (MSAL "organizations").
const multiTenant = "organizations"

// What the lookups find, as the wizard shows it (ui/wizard defines them,
// so that the wizard does not import this package).
type (
	FoundOrganization = wizard.FoundOrganization
	FoundEnvironment  = wizard.FoundEnvironment
	FoundReuse        = wizard.FoundReuse
	Found             = wizard.Found
)

// lookups reads what the signed-in admin can see through the session's
// clients (real cloud or sandbox alike).
type lookups struct {
	c *steps.Clients
}

// newLookup is the wizard's Lookup for session s: organization URLs,
// project names of the first organization, Dataverse URLs.
func newLookup(s *session) wizard.Lookup { return lookups{c: s.clients}.lookup }

func (l lookups) lookup(ctx context.Context, kind wizard.LookupKind, p *profiles.Profile) ([]string, error) {
	switch kind {
	case wizard.LookupOrganizations:
		orgs, err := l.organizations(ctx, p)
		var out []string
		for _, o := range orgs {
			out = append(out, o.URL)
		}
		return out, err
	case wizard.LookupProjects:
		return l.projects(ctx, p)
	case wizard.LookupEnvironments:
		envs, err := l.environments(ctx, p)
		var out []string
		for _, e := range envs {
			if e.HasDataverse {
				out = append(out, e.URL)
			}
		}
		return out, err
	}
	return nil, fmt.Errorf("almwiz cannot look up %q", kind)
}

// all runs every lookup at once and gathers what they found.
func (l lookups) all(ctx context.Context, p *profiles.Profile) Found {
	var (
		f  Found
		mu sync.Mutex
		wg sync.WaitGroup
	)
	run := func(fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(); err != nil {
				mu.Lock()
				f.Problems = append(f.Problems, err.Error())
				mu.Unlock()
			}
		}()
	}
	run(func() (err error) { f.TenantDomain, err = l.tenantDomain(ctx, p); return })
	run(func() (err error) { f.Organizations, err = l.organizations(ctx, p); return })
	run(func() (err error) { f.Projects, err = l.projects(ctx, p); return })
	run(func() (err error) { f.Environments, err = l.environments(ctx, p); return })
	run(func() (err error) { f.Reused, err = l.reused(ctx, p); return })
	wg.Wait()
	slices.Sort(f.Problems)
	return f
}

// tenantOf is the domain almwiz signs in to for a tenant reference of the
// profile (empty means the only tenant); before any is known, the admin's
// own tenant.
func tenantOf(p *profiles.Profile, name string) string {
	if p != nil {
		if name == "" && len(p.Tenants) == 1 {
			return orMultiTenant(p.Tenants[0].Domain)
		}
		for _, t := range p.Tenants {
			if t.Name == name {
				return orMultiTenant(t.Domain)
			}
		}
	}
	return multiTenant
}

func orMultiTenant(domain string) string {
	if domain == "" {
		return multiTenant
	}
	return domain
}

// tenantDomain is the default domain of the tenant the admin signed in to.
func (l lookups) tenantDomain(ctx context.Context, p *profiles.Profile) (string, error) {
	var home string
	if p != nil {
		home = p.Identity.Tenant
	}
	o, err := l.c.Entra(tenantOf(p, home)).Organization(ctx)
	if err != nil {
		return "", fmt.Errorf("read your tenant's domain: %w", err)
	}
	return o.DefaultDomain, nil
}

// organizations lists the Azure DevOps organizations the admin belongs to,
// signed in to the tenant of the profile's first organization.
func (l lookups) organizations(ctx context.Context, p *profiles.Profile) ([]FoundOrganization, error) {
	tenant := tenantOf(p, "")
	if p != nil && len(p.DevOps.Organizations) > 0 {
		tenant = tenantOf(p, p.DevOps.Organizations[0].Tenant)
	}
	ep := l.c.Endpoints
	orgs, err := devops.Organizations(ctx, ep.Accounts(), l.c.Signer.Source(tenant, cloud.AudienceDevOps), ep.TLS,
		devops.WithHTTPOptions(l.c.Transport))
	if err != nil {
		return nil, err
	}
	out := make([]FoundOrganization, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, FoundOrganization{Name: o.Name, URL: ep.OrganizationURL(o.Name)})
	}
	return out, nil
}

// projects lists the project names of the profile's first organization,
// sorted; none while it has no URL.
func (l lookups) projects(ctx context.Context, p *profiles.Profile) ([]string, error) {
	if p == nil || len(p.DevOps.Organizations) == 0 {
		return nil, nil
	}
	o := p.DevOps.Organizations[0]
	name, ok := profiles.OrganizationName(o.URL)
	if !ok || name == "" {
		return nil, nil
	}
	c, err := l.c.DevOps(ctx, tenantOf(p, o.Tenant), name)
	if err != nil {
		return nil, err
	}
	list, err := c.Projects(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, pr := range list {
		out = append(out, pr.Name)
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out, nil
}

// environments lists the Power Platform environments the admin can manage
// in the tenant of the profile's environments, sorted by display name.
func (l lookups) environments(ctx context.Context, p *profiles.Profile) ([]FoundEnvironment, error) {
	tenant := tenantOf(p, "")
	if p != nil {
		for _, e := range p.Environments {
			tenant = tenantOf(p, e.Tenant)
			break
		}
	}
	envs, err := l.c.PowerPlatform(tenant).ListEnvironments(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]FoundEnvironment, 0, len(envs))
	for _, e := range envs {
		out = append(out, FoundEnvironment{ID: e.Name, DisplayName: e.DisplayName, URL: e.URL, Type: e.Type,
			Region: e.Location, HasDataverse: e.URL != ""})
	}
	slices.SortFunc(out, func(a, b FoundEnvironment) int {
		return strings.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
	})
	return out, nil
}

// reused finds the app registration and makers group of the profile's
// names in its identity tenant: the install reuses each one found.
func (l lookups) reused(ctx context.Context, p *profiles.Profile) ([]FoundReuse, error) {
	if p == nil {
		return nil, nil
	}
	id := p.Identity
	client := l.c.Entra(tenantOf(p, id.Tenant))
	var out []FoundReuse
	var errs []error
	if id.AppRegistration != "" {
		app, found, err := client.FindApplication(ctx, entra.AppSpec{UniqueName: id.AppRegistration, DisplayName: id.AppRegistration})
		switch {
		case err != nil:
			errs = append(errs, err)
		case found:
			out = append(out, FoundReuse{Kind: "app registration", Name: app.DisplayName, ID: app.ID})
		}
	}
	if id.MakersGroup != "" {
		g, found, err := client.FindGroup(ctx, id.MakersGroup)
		switch {
		case err != nil:
			errs = append(errs, err)
		case found:
			out = append(out, FoundReuse{Kind: "group", Name: g.DisplayName, ID: g.ID})
		}
	}
	return out, errors.Join(errs...)
}
