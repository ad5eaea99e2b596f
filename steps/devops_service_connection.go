package steps

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// rotateSuggestion is what to do when a service connection needs the client
// secret and this run does not hold it.
const rotateSuggestion = "run `almwiz rotate-secret -f <profile>`: almwiz keeps no copy of the client secret, so it issues a new one to every service connection"

// serviceConnectionStep ensures the Power Platform service connection of one
// environment (type powerplatform-spn, name and URL the environment URL with
// a trailing slash), signing in as the app with the run's client secret.
// It records the key id of the secret it holds, so that a new secret makes
// it update the connection. It needs the extensions step: the type
// powerplatform-spn exists in an organization only once the Power Platform
// Build Tools are installed (400 "Unable to find service connection type").
type serviceConnectionStep struct {
	projectScoped
	envURL string // https://<host>/
	tenant string // the environment's tenant step
}

func (b *build) serviceConnectionStep(o profiles.Organization, pr profiles.Project, e profiles.Environment) Step {
	tenant := IDTenant(b.tenant(e.Tenant))
	envURL := b.envURL(e)
	spec := map[string]string{"url": envURL, "tenant": b.tenant(e.Tenant)}
	return &serviceConnectionStep{
		projectScoped: b.newProjectScoped(o, pr, []string{"service-connection", e.Name}, "Service connection "+envURL, roleProjectAdmin, spec,
			IDAppRegistration, IDClientSecret, tenant, IDExtensions(orgName(o))),
		envURL: envURL, tenant: tenant,
	}
}

// Observe finds the connection; it matches when it signs in as the app in
// the environment's tenant with the secret the client-secret step issued.
func (s *serviceConnectionStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	sc, err := c.FindServiceConnection(ctx, s.projectID(env), s.envURL)
	if err != nil || sc == nil {
		return Observation{Detail: "service connection " + s.envURL + " does not exist"}, err
	}
	obs := Observation{Exists: true, Link: s.link(sc.ID), Outputs: map[string]string{OutEndpointID: sc.ID}}
	keyID := env.Input(IDClientSecret, OutKeyID)
	sameIdentity := sc.Type == "powerplatform-spn" && strings.EqualFold(sc.ApplicationID, env.Input(IDAppRegistration, OutAppID)) &&
		strings.EqualFold(sc.TenantID, env.Input(s.tenant, OutTenantID))
	// The client secret step has checked that the key the connection holds
	// is still valid; a newly made one reaches it through the runner.
	obs.Matches = sameIdentity && keyID != "" && env.Output(OutSecretKeyID) != ""
	switch {
	case !sameIdentity:
		obs.Detail = "service connection " + s.envURL + " signs in as another application or tenant"
	case !obs.Matches:
		obs.Detail = "service connection " + s.envURL + " holds another client secret"
	}
	return obs, nil
}

// Apply creates the connection, or rewrites an existing one with the run's
// secret. Without the secret in the vault it cannot, and says how to get one.
func (s *serviceConnectionStep) Apply(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
	secret, ok := env.Secret(SecretName)
	if !ok {
		return Outcome{}, &StepError{StepID: s.id, Suggestion: rotateSuggestion,
			Err: fmt.Errorf("service connection %s needs the client secret, which this run does not hold", s.envURL)}
	}
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	keyID := env.Input(IDClientSecret, OutKeyID)
	id, o, err := c.EnsureServiceConnection(ctx, s.projectID(env), devops.ServiceConnectionSpec{EnvironmentURL: s.envURL,
		TenantID: env.Input(s.tenant, OutTenantID), ApplicationID: env.Input(IDAppRegistration, OutAppID),
		ClientSecret: secret, UpdateSecret: obs.Exists, Description: serviceConnectionDescription})
	if err != nil {
		return Outcome{}, err
	}
	env.SetOutput(OutEndpointID, id)
	env.SetOutput(OutSecretKeyID, keyID)
	return devopsResult(o, s.link(id)), nil
}

// serviceConnectionDescription is the description of a service connection
// almwiz creates (serviceendpoint 7.1 ServiceEndpoint.description).
var serviceConnectionDescription = withMark("ALM Accelerator for Power Platform")

// ProveOwnership refuses to delete a service connection whose description
// does not carry CreatedMark, or that is not the connection recorded.
func (s *serviceConnectionStep) ProveOwnership(ctx context.Context, env *Env) error {
	id := env.Output(OutEndpointID)
	if id == "" {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	sc, err := c.FindServiceConnection(ctx, s.projectID(env), s.envURL)
	if err != nil || sc == nil {
		return err
	}
	what := fmt.Sprintf("service connection %s (%s) in project %s", sc.Name, sc.ID, s.projectName)
	fix := "delete it in Azure DevOps (Project settings → Service connections) of project " + s.projectName
	if !strings.EqualFold(sc.ID, id) {
		return notRecorded(s.id, what, "service connection "+id, fix)
	}
	return proveMark(s.id, what, "description", sc.Description, fix)
}

// Destroy deletes the connection. It does so even when the project goes
// too: a service connection is shared with projects, not held by one.
func (s *serviceConnectionStep) Destroy(ctx context.Context, env *Env) error {
	id := env.Output(OutEndpointID)
	if id == "" {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	return c.DeleteServiceConnection(ctx, s.projectID(env), id)
}

func (s *serviceConnectionStep) link(id string) string {
	return s.orgURL + "/" + url.PathEscape(s.projectName) + "/_settings/adminservices?resourceId=" + id
}

// Diagnose, for doctor: a connection that signs in as the app but whose
// secret no checkpoint here records (an installation almwiz did not make)
// cannot be judged — Azure DevOps never shows a secret back — so it is
// reported as not checked rather than drifted.
func (s *serviceConnectionStep) Diagnose(_ context.Context, env *Env, obs Observation, _ CheckOptions) (Diagnosis, error) {
	return secretUnknown(env, obs, "service connection "+s.envURL)
}

// secretUnknown is the verdict of a consumer of the client secret that
// differs only in the secret it holds, when the checkpoint records none.
func secretUnknown(env *Env, obs Observation, what string) (Diagnosis, error) {
	if obs.Matches || env.Output(OutSecretKeyID) != "" || !strings.Contains(obs.Detail, "client secret") {
		return Diagnosis{}, nil // as wanted, or drifted in another way: Observe's detail says how
	}
	return Diagnosis{Health: HealthUnchecked, Fix: rotateSecretFix, Detail: what + " signs in as the app, but which client secret it holds is not recorded here " +
		"(no almwiz checkpoint); the service never shows it back. If its pipelines fail to sign in, run almwiz rotate-secret"}, nil
}
