package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"almwiz/providers/entra"
)

// adminConsentStep grants, for every user of one tenant (consentType
// AllPrincipals), the delegated permissions the app registration asks for:
// Azure DevOps and Dynamics CRM user_impersonation, PowerApps-Advisor
// Analysis.All — by scope value, where the CoE CLI sent the permission ids.
// A resource whose service principal the tenant lacks (a new tenant has none
// for these APIs) gets one first. An admin who may not consent in the tenant
// is given the admin-consent link.
type adminConsentStep struct {
	entraStep
	t       string
	b       *build
	client  *entra.Client
	domain  string
	access  []entra.RequiredResourceAccess
	consent func(appID string) string
}

func (b *build) adminConsentStep(t string) *adminConsentStep {
	domain := b.tenantDomain(t)
	return &adminConsentStep{
		entraStep: entraStep{id: IDAdminConsent(t), title: "Admin consent in " + domain, role: roleEntraConsent,
			needs: []string{IDAppRegistration, IDServicePrincipal(t)}},
		t: t, b: b, client: b.c.Entra(domain), domain: domain, access: entra.ALMAcceleratorResourceAccess,
		consent: func(appID string) string { return b.adminConsentLink(domain, appID) },
	}
}

// SpecHash covers the tenant and the permissions.
func (s *adminConsentStep) SpecHash() string {
	return HashSpec(map[string]any{"tenant": s.domain, "access": s.access})
}

// consentGrant is one grant the step wants: the resource's service principal
// (zero when the tenant has none yet) and the scope values.
type consentGrant struct {
	resource entra.ServicePrincipal
	scopes   []string
}

// wanted reads each resource's service principal and turns the permission
// ids into the scope values a grant holds. With add, a resource service
// principal the tenant lacks (common in a new tenant) is added first, as the
// admin center does on consent; without, it is left out (absent).
func (s *adminConsentStep) wanted(ctx context.Context, add bool) (out []consentGrant, absent []string, err error) {
	for _, a := range s.access {
		var res entra.ServicePrincipal
		found := true
		if add {
			res, _, err = s.client.EnsureResourceServicePrincipal(ctx, a.ResourceAppID)
		} else {
			res, found, err = s.client.ResourceServicePrincipal(ctx, a.ResourceAppID)
		}
		if err != nil {
			return nil, nil, graphFailure(s.id, "read the permissions of "+a.ResourceAppID+" in "+s.domain, err)
		}
		if !found {
			absent = append(absent, a.ResourceAppID)
			continue
		}
		scopes, err := entra.ConsentScopes(res, a)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, consentGrant{resource: res, scopes: scopes})
	}
	return out, absent, nil
}

// Observe reads the tenant-wide grants of the app's service principal.
// Some grant there already means consent was given before almwiz: destroy
// then leaves the grants in place.
func (s *adminConsentStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	spID := env.Input(IDServicePrincipal(s.t), OutSPID)
	wants, absent, err := s.wanted(ctx, false)
	if err != nil {
		return Observation{}, err
	}
	var obs Observation
	var missing []string
	for _, id := range absent {
		missing = append(missing, "resource "+id+" (its service principal is added first)")
	}
	for _, w := range wants {
		g, found, err := s.client.FindDelegatedConsent(ctx, spID, w.resource.ID)
		if err != nil {
			return Observation{}, graphFailure(s.id, "read the consent in "+s.domain, err)
		}
		obs.Exists = obs.Exists || found
		if lacks := lacking(strings.Fields(g.Scope), w.scopes); len(lacks) > 0 {
			missing = append(missing, w.resource.DisplayName+" "+strings.Join(lacks, " "))
		}
	}
	obs.Matches = len(missing) == 0
	if !obs.Matches {
		obs.Detail = "consent missing for " + strings.Join(missing, ", ")
	}
	return obs, nil
}

// Apply grants what is missing; an admin without the role gets the
// admin-consent page instead of a failure.
func (s *adminConsentStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	spID := env.Input(IDServicePrincipal(s.t), OutSPID)
	wants, _, err := s.wanted(ctx, true)
	if err != nil && graphRefused(err) {
		return Manual("add the Microsoft APIs' service principals and grant admin consent in "+s.domain, s.consent(env.Input(IDAppRegistration, OutAppID))), nil
	}
	if err != nil {
		return Outcome{}, err
	}
	result := ResultUnchanged
	for _, w := range wants {
		_, o, err := s.client.EnsureDelegatedConsent(ctx, spID, w.resource.ID, w.scopes)
		if err != nil && graphRefused(err) {
			return Manual("grant admin consent in "+s.domain, s.consent(env.Input(IDAppRegistration, OutAppID))), nil
		}
		if err != nil {
			return Outcome{}, graphFailure(s.id, fmt.Sprintf("grant admin consent on %s in %s", w.resource.DisplayName, s.domain), err)
		}
		result = mergeEntraResults(result, entraResult(o))
	}
	return Outcome{Result: result}, nil
}

// ProveOwnership proves the grants through the app's service principal
// they are given to: grants held by a service principal almwiz created, or
// by one of an app almwiz registered, cannot have existed before the install.
func (s *adminConsentStep) ProveOwnership(ctx context.Context, env *Env) error {
	spID := env.Input(IDServicePrincipal(s.t), OutSPID)
	if spID == "" {
		return nil
	}
	sp, found, err := s.client.ServicePrincipalByID(ctx, spID)
	if err != nil || !found {
		return err // no service principal, no grant to revoke
	}
	return proveThrough(s.id, fmt.Sprintf("the admin consent granted in %s to service principal %q (%s)", s.domain, sp.DisplayName, sp.ID),
		s.b.proveAppIdentity(ctx, env, s.id, s.t, sp.AppID),
		"revoke it in the Microsoft Entra admin center (Enterprise applications → Permissions) of "+s.domain)
}

// Destroy revokes the grants almwiz made.
func (s *adminConsentStep) Destroy(ctx context.Context, env *Env) error {
	spID := env.Input(IDServicePrincipal(s.t), OutSPID)
	if spID == "" {
		return nil
	}
	wants, _, err := s.wanted(ctx, false) // a resource without a service principal holds no grant
	if err != nil {
		return err
	}
	for _, w := range wants {
		if err := s.client.RevokeDelegatedConsent(ctx, spID, w.resource.ID); err != nil {
			return err
		}
	}
	return nil
}

// lacking lists the items of want missing from have.
func lacking(have, want []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// mergeEntraResults is what several writes add up to: created beats updated
// beats unchanged.
func mergeEntraResults(a, b Result) Result {
	rank := map[Result]int{ResultUnchanged: 0, ResultUpdated: 1, ResultCreated: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
