package steps

import (
	"context"
	"fmt"

	"almwiz/providers/entra"
)

// appRegistrationStep is the app registration the pipelines, the service
// connections and the custom connector sign in as. It is found by its
// uniqueName (or adopted by display name), permissions and redirect URIs are
// merged into it, never replaced.
type appRegistrationStep struct {
	entraStep
	client *entra.Client
	spec   entra.AppSpec
}

func (b *build) appRegistrationStep() *appRegistrationStep {
	spec := b.appSpec()
	return &appRegistrationStep{
		entraStep: entraStep{id: IDAppRegistration, title: "App registration " + spec.DisplayName,
			role: roleEntraApps, needs: []string{IDTenant(b.home)}},
		client: b.homeClient(), spec: spec,
	}
}

// SpecHash covers names, audience, permissions and redirect URIs.
func (s *appRegistrationStep) SpecHash() string { return HashSpec(s.spec) }

// Observe finds the app and compares it with the spec.
func (s *appRegistrationStep) Observe(ctx context.Context, _ *Env) (Observation, error) {
	app, found, err := s.client.FindApplication(ctx, s.spec)
	if err != nil || !found {
		return Observation{}, err
	}
	obs := Observation{Exists: true, Matches: s.spec.SatisfiedBy(app), Outputs: appOutputs(app)}
	if !obs.Matches {
		obs.Detail = "adding what the app registration lacks"
	}
	return obs, nil
}

// Apply creates the app, or adds what it lacks.
func (s *appRegistrationStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	app, outcome, err := s.client.EnsureApplication(ctx, s.spec)
	if err != nil {
		return Outcome{}, graphFailure(s.id, fmt.Sprintf("ensure app registration %q", s.spec.UniqueName), err)
	}
	env.setOutputs(appOutputs(app))
	return Outcome{Result: entraResult(outcome)}, nil
}

// ProveOwnership refuses to delete an app registration whose notes do not
// carry entra.CreatedMark: one that existed before the install (adopted by
// its display name, or named in an edited state.json).
func (s *appRegistrationStep) ProveOwnership(ctx context.Context, env *Env) error {
	id := env.Output(OutAppObjectID)
	if id == "" {
		return nil
	}
	_, err := proveApp(ctx, s.client, s.id, id)
	return err
}

// proveApp proves the app registration with this object id almwiz's by its
// notes: the proof of the app and, through it, of what belongs to it.
// found is false when there is no such app.
func proveApp(ctx context.Context, c *entra.Client, stepID, objectID string) (found bool, err error) {
	app, found, err := c.ApplicationByID(ctx, objectID)
	if err != nil || !found {
		return found, err
	}
	return true, proveMark(stepID, fmt.Sprintf("app registration %q (%s)", app.DisplayName, app.AppID), "notes", app.Notes,
		"delete it in the Microsoft Entra admin center (App registrations)")
}

// Destroy deletes the app registration, and with it its secrets and its
// service principal in the home tenant. Entra keeps it 30 days among the
// deleted applications, where an admin can restore it.
func (s *appRegistrationStep) Destroy(ctx context.Context, env *Env) error {
	id := env.Output(OutAppObjectID)
	if id == "" {
		return nil
	}
	return s.client.DeleteApplication(ctx, id)
}

func appOutputs(app entra.Application) map[string]string {
	return map[string]string{OutAppID: app.AppID, OutAppObjectID: app.ID}
}
