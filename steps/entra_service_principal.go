package steps

import (
	"context"
	"fmt"
	"net/http"

	"almwiz/providers/entra"
)

// servicePrincipalStep is the app's service principal (its enterprise
// app) in one tenant that uses it. It is ensured even when the app existed
// already, which the CoE CLI never repaired.
type servicePrincipalStep struct {
	entraStep
	client  *entra.Client
	domain  string
	home    bool // the tenant holds the app registration
	consent func(appID string) string
}

func (b *build) servicePrincipalStep(t string) *servicePrincipalStep {
	domain := b.tenantDomain(t)
	return &servicePrincipalStep{
		entraStep: entraStep{id: IDServicePrincipal(t), title: "Service principal in " + domain,
			role: roleEntraApps, needs: []string{IDAppRegistration, IDTenant(t)}},
		client: b.c.Entra(domain), domain: domain, home: b.tenant(t) == b.home,
		consent: func(appID string) string { return b.adminConsentLink(domain, appID) },
	}
}

// SpecHash covers the tenant.
func (s *servicePrincipalStep) SpecHash() string {
	return HashSpec(map[string]string{"tenant": s.domain})
}

// Observe looks the service principal up by the app's id.
func (s *servicePrincipalStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	sp, found, err := s.client.FindServicePrincipal(ctx, env.Input(IDAppRegistration, OutAppID))
	if err != nil || !found {
		return Observation{}, err
	}
	return Observation{Exists: true, Matches: true, Outputs: map[string]string{OutSPID: sp.ID}}, nil
}

// Apply creates the service principal. In a tenant other than the app's
// home, Entra may refuse it (403 to an admin without the role, 400 while
// the tenant does not accept the app): the admin-consent page, used by an
// admin of that tenant, creates it.
func (s *servicePrincipalStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	appID := env.Input(IDAppRegistration, OutAppID)
	sp, outcome, err := s.client.EnsureServicePrincipal(ctx, appID)
	switch {
	case err != nil && !s.home && (graphRefused(err) || graphStatus(err) == http.StatusBadRequest):
		return Manual("grant admin consent in "+s.domain+" (it creates the service principal)", s.consent(appID)), nil
	case err != nil:
		return Outcome{}, graphFailure(s.id, fmt.Sprintf("create the service principal in %s", s.domain), err)
	}
	env.SetOutput(OutSPID, sp.ID)
	return Outcome{Result: entraResult(outcome)}, nil
}

// Destroy deletes the service principal and the consent granted to it.
func (s *servicePrincipalStep) Destroy(ctx context.Context, env *Env) error {
	id := env.Output(OutSPID)
	if id == "" {
		return nil
	}
	return s.client.DeleteServicePrincipal(ctx, id)
}
