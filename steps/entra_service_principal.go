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
	sp, outcome, err := s.client.EnsureServicePrincipal(ctx, appID, servicePrincipalNotes)
	switch {
	case err != nil && !s.home && (graphRefused(err) || graphStatus(err) == http.StatusBadRequest):
		return Manual("grant admin consent in "+s.domain+" (it creates the service principal)", s.consent(appID)), nil
	case err != nil:
		return Outcome{}, graphFailure(s.id, fmt.Sprintf("create the service principal in %s", s.domain), err)
	}
	env.SetOutput(OutSPID, sp.ID)
	return Outcome{Result: entraResult(outcome)}, nil
}

// servicePrincipalNotes are the notes of a service principal almwiz creates.
var servicePrincipalNotes = withMark("Service principal of the ALM Accelerator for Power Platform")

// ProveOwnership refuses to delete a service principal whose notes do not
// carry CreatedMark, nor that of an app registration almwiz created: one
// that existed before the install (made when someone consented, or by hand).
func (s *servicePrincipalStep) ProveOwnership(ctx context.Context, env *Env) error {
	id := env.Output(OutSPID)
	if id == "" {
		return nil
	}
	_, err := proveServicePrincipal(ctx, s.client, s.id, id, s.domain)
	return err
}

// proveServicePrincipal proves the service principal with this object id
// almwiz's by its notes: the proof of the service principal and, through
// it, of what belongs to it (consent grants, application users). found is
// false when there is no such service principal.
func proveServicePrincipal(ctx context.Context, c *entra.Client, stepID, id, domain string) (found bool, err error) {
	sp, found, err := c.ServicePrincipalByID(ctx, id)
	if err != nil || !found {
		return found, err
	}
	return true, proveMark(stepID, fmt.Sprintf("service principal %q (%s) in %s", sp.DisplayName, sp.AppID, domain), "notes", sp.Notes,
		"delete it in the Microsoft Entra admin center (Enterprise applications) of "+domain)
}

// Destroy deletes the service principal and the consent granted to it.
func (s *servicePrincipalStep) Destroy(ctx context.Context, env *Env) error {
	id := env.Output(OutSPID)
	if id == "" {
		return nil
	}
	return s.client.DeleteServicePrincipal(ctx, id)
}
