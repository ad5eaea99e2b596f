package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"almwiz/profiles"
	"almwiz/providers/entra"
	"almwiz/providers/transport"
)

// Microsoft Entra part of the installation (reference/alm-accelerator.md §3):
// the tenants' ids, the app registration the pipelines sign in as, its
// service principal and admin consent in every tenant that uses it, the
// makers group, the one client secret and the custom connector's redirect
// URIs.

// serviceEntra is the group the UI shows the Entra steps under.
const serviceEntra = "Microsoft Entra"

// Entra admin roles the steps need, in the words of the admin center.
const (
	roleEntraMember  = "any member of the tenant"
	roleEntraApps    = "Application Administrator"
	roleEntraConsent = "Cloud Application Administrator"
	roleEntraGroups  = "Groups Administrator"
)

// appConsentRedirectURI is the web redirect URI every Power Platform
// connector's sign-in returns to; the app registration always has it.
const appConsentRedirectURI = "https://global.consent.azure-apim.net/redirect"

// entraSteps are the Microsoft Entra steps, in plan order.
func (b *build) entraSteps() []Step {
	var out []Step
	for _, t := range b.tenantsUsed() {
		out = append(out, b.tenantStep(t))
	}
	out = append(out, b.appRegistrationStep())
	for _, t := range b.tenantsUsed() {
		out = append(out, b.servicePrincipalStep(t), b.adminConsentStep(t))
	}
	out = append(out, b.makersGroupStep(), b.clientSecretStep(), b.clientSecretCleanupStep(), b.redirectURIStep())
	return out
}

// entraStep is what every Entra step shares: its id, title, role and needs.
type entraStep struct {
	id, title, role string
	needs           []string
}

// ID is the step's stable id.
func (s *entraStep) ID() string { return s.id }

// Title names the Entra object as an admin knows it.
func (s *entraStep) Title() string { return s.title }

// Service is "Microsoft Entra".
func (s *entraStep) Service() string { return serviceEntra }

// Scope is ScopeEntra.
func (s *entraStep) Scope() string { return ScopeEntra }

// Role is the Entra role the step needs.
func (s *entraStep) Role() string { return s.role }

// Needs lists the steps whose outputs the step reads.
func (s *entraStep) Needs() []string { return s.needs }

// homeClient is the Graph client of the tenant holding the app registration.
func (b *build) homeClient() *entra.Client { return b.c.Entra(b.tenantDomain(b.home)) }

// appSpec is the app registration the profile asks for.
func (b *build) appSpec() entra.AppSpec {
	id := b.p.Identity
	audience := entra.AzureADMyOrg
	if b.p.Models.Tenant == profiles.TenantMultiTenant {
		audience = entra.AzureADMultipleOrgs
	}
	return entra.AppSpec{
		UniqueName: id.AppRegistration, DisplayName: id.AppRegistration, SignInAudience: audience,
		RequiredResourceAccess: entra.ALMAcceleratorResourceAccess, RedirectURIs: []string{appConsentRedirectURI},
		Adopter: b.signedInObjectID(b.home),
	}
}

// signedInObjectID returns who almwiz is signed in as in tenant t, by object
// id there (a guest admin's differs from the one in their home tenant).
func (b *build) signedInObjectID(t string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		if b.c.Signer == nil {
			return "", nil
		}
		acct, err := b.c.Signer.Account(ctx, b.tenantDomain(t))
		return acct.ObjectID, err
	}
}

// entraResult maps what an Ensure operation did to the result of a step. An
// adopted object counts as updated: it was there before, so destroy leaves it.
func entraResult(o entra.Outcome) Result {
	switch o {
	case entra.Created:
		return ResultCreated
	case entra.Unchanged:
		return ResultUnchanged
	}
	return ResultUpdated
}

// graphFailure says what the step was doing when err happened and carries
// Microsoft Graph's suggestion (which role can do it) to the user.
func graphFailure(stepID, doing string, err error) error {
	err = fmt.Errorf("%s: %w", doing, err)
	var api *transport.APIError
	if errors.As(err, &api) && api.Suggestion != "" {
		return &StepError{StepID: stepID, Err: err, Suggestion: api.Suggestion, Transient: IsTransient(err)}
	}
	return err
}

// graphRefused reports Graph's 403: the signed-in admin lacks the role
// for this in the tenant.
func graphRefused(err error) bool { return graphStatus(err) == http.StatusForbidden }

// graphStatus is the HTTP status of a Graph error, 0 for another error.
func graphStatus(err error) int {
	var api *transport.APIError
	if errors.As(err, &api) {
		return api.Status
	}
	return 0
}

// adminConsentLink is where an admin of the tenant with this domain grants
// the app's permissions.
func (b *build) adminConsentLink(domain, appID string) string {
	return entra.AdminConsentURL(b.c.Endpoints.LoginHost(), domain, appID)
}
