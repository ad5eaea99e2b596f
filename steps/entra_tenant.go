package steps

import (
	"context"
	"fmt"
	"strings"

	"almwiz/providers/entra"
)

// tenantStep reads a tenant's id: every other step of the tenant signs in
// to it, and the Power Platform and Azure DevOps steps need the id. It
// only reads, so it is always "unchanged" and destroy leaves it.
type tenantStep struct {
	entraStep
	client *entra.Client
	name   string // the tenant's name in the profile
	domain string
	want   string // the tenant id the profile names, if any
}

func (b *build) tenantStep(t string) *tenantStep {
	domain := b.tenantDomain(t)
	s := &tenantStep{
		entraStep: entraStep{id: IDTenant(t), title: "Tenant " + domain, role: roleEntraMember},
		client:    b.c.Entra(domain), name: b.tenant(t), domain: domain,
	}
	for _, pt := range b.p.Tenants {
		if pt.Name == b.tenant(t) {
			s.want = pt.ID
		}
	}
	return s
}

// SpecHash covers the domain and the expected id.
func (s *tenantStep) SpecHash() string {
	return HashSpec(map[string]string{"domain": s.domain, "id": s.want})
}

// Observe reads the tenant's organization; a tenant whose id is not the
// profile's is an error, since every later step would act in the wrong one.
func (s *tenantStep) Observe(ctx context.Context, _ *Env) (Observation, error) {
	org, err := s.client.Organization(ctx)
	if err != nil {
		return Observation{}, fmt.Errorf("read tenant %s: %w", s.domain, err)
	}
	if s.want != "" && !strings.EqualFold(org.TenantID, s.want) {
		return Observation{}, &StepError{StepID: s.id,
			Err:        fmt.Errorf("tenant %s has id %s, but the profile says %s", s.domain, org.TenantID, s.want),
			Suggestion: "Correct the id or the domain of tenants." + s.name + " in the profile."}
	}
	return Observation{Exists: true, Matches: true, Outputs: map[string]string{OutTenantID: org.TenantID}}, nil
}

// Apply has nothing to change: the outputs were read by Observe.
func (s *tenantStep) Apply(context.Context, *Env, Observation) (Outcome, error) {
	return Outcome{Result: ResultUnchanged}, nil
}

// Destroy leaves the tenant alone: almwiz never creates one.
func (s *tenantStep) Destroy(context.Context, *Env) error { return nil }
