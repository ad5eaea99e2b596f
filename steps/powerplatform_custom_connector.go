package steps

import (
	"context"
	"errors"
	"fmt"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// customConnectorStep sets the accelerator's CustomAzureDevOps connector to
// sign in with the app registration (OAuth 2.0, Microsoft Entra ID, Azure
// DevOps as resource), with the client secret handed over through the
// vault, and publishes the connector's own redirect URL, which the Entra
// step adds to the app registration.
//
// A connector never gives its secret back, so, as for a service
// connection, it matches when it is set up for the app and the key id it
// was given (recorded as OutSecretKeyID) is the client secret's current one.
type customConnectorStep struct{ ppStep }

func (b *build) customConnectorStep(h profiles.Environment) Step {
	return &customConnectorStep{b.newPPStep(h, "custom-connector", "Custom connector CustomAzureDevOps (OAuth with the app registration)",
		map[string]any{"resource": powerplatform.AzureDevOpsResource, "uniqueRedirect": true},
		IDHostStep(h.Name, "alm-solution"), IDAppRegistration, IDClientSecret)}
}

// settings are the connector's wanted OAuth settings, without the secret.
func (s *customConnectorStep) settings(ctx context.Context, env *Env) (powerplatform.ConnectorOAuth, error) {
	var o powerplatform.ConnectorOAuth
	appID, err := s.appID(env)
	if err != nil {
		return o, err
	}
	envName, err := s.envName(env)
	if err != nil {
		return o, err
	}
	dv, err := s.dataverse(env)
	if err != nil {
		return o, err
	}
	conn, found, err := dv.CustomConnector(ctx, powerplatform.CustomConnectorName)
	if err != nil {
		return o, err
	}
	if !found {
		return o, &StepError{StepID: s.id, Err: fmt.Errorf("the custom connector %s… is not in %s", powerplatform.CustomConnectorName, dv.URL()),
			Suggestion: "it comes with the ALM Accelerator solution: check that " + IDHostStep(s.env.Name, "alm-solution") + " imported it"}
	}
	return powerplatform.ConnectorOAuth{Environment: envName, Connector: conn.InternalID, ClientID: appID, UniqueRedirect: true}, nil
}

// Observe reads the connector's OAuth settings and compares the key id it
// was given with the client secret's.
func (s *customConnectorStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	o, err := s.settings(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	redirect, configured, err := s.client().CustomConnectorConfigured(ctx, o)
	if err != nil {
		return Observation{}, err
	}
	obs := Observation{Exists: true}
	keyID := env.Input(IDClientSecret, OutKeyID)
	switch {
	case !configured:
		obs.Detail = "not set up for client " + o.ClientID
	case keyID == "" || env.Output(OutSecretKeyID) == "":
		obs.Detail = "holds no client secret from almwiz"
	default:
		obs.Matches, obs.Outputs = true, map[string]string{OutRedirectURL: redirect}
	}
	return obs, nil
}

// Apply writes the settings with the secret from the vault.
func (s *customConnectorStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	o, err := s.settings(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	secret, ok := env.Secret(SecretName)
	if !ok {
		return Outcome{}, &StepError{StepID: s.id,
			Err:        errors.New("the custom connector needs the client secret, and this run did not create one (a secret is never saved)"),
			Suggestion: "run almwiz rotate-secret: it makes a new client secret and hands it to every consumer, this connector included"}
	}
	o.ClientSecret, o.ReplaceSecret = secret, true
	redirect, _, err := s.client().ConfigureCustomConnector(ctx, o)
	if err != nil {
		return Outcome{}, err
	}
	env.setOutputs(map[string]string{OutRedirectURL: redirect, OutSecretKeyID: env.Input(IDClientSecret, OutKeyID)})
	return Outcome{}, nil
}

// Destroy leaves the connector, which belongs to the solution.
func (s *customConnectorStep) Destroy(_ context.Context, env *Env) error {
	return leftInPlace(env, "the custom connector")
}

// Diagnose, for doctor: see secretUnknown.
func (s *customConnectorStep) Diagnose(_ context.Context, env *Env, obs Observation, _ CheckOptions) (Diagnosis, error) {
	return secretUnknown(env, obs, "the custom connector")
}
