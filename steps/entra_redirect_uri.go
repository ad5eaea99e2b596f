package steps

import (
	"context"
	"fmt"
	"slices"

	"almwiz/providers/entra"
)

// redirectURIStep adds each host's custom connector redirect URI
// (…/redirect/cat-5fcustomazuredevops-<suffix>, known only once the
// connector is configured) to the app registration's web redirect URIs,
// merging, never replacing the list (the CoE CLI replaced it).
type redirectURIStep struct {
	entraStep
	client     *entra.Client
	app        entra.AppSpec
	connectors []string // the custom-connector step of each host
}

func (b *build) redirectURIStep() *redirectURIStep {
	var connectors []string
	for _, h := range b.hosts() {
		connectors = append(connectors, IDHostStep(h.Name, "custom-connector"))
	}
	spec := b.appSpec()
	return &redirectURIStep{
		entraStep: entraStep{id: IDRedirectURI, title: "Custom connector redirect URIs of " + spec.DisplayName,
			role: roleEntraApps, needs: append([]string{IDAppRegistration}, connectors...)},
		client: b.homeClient(), app: entra.AppSpec{UniqueName: spec.UniqueName, DisplayName: spec.DisplayName},
		connectors: connectors,
	}
}

// SpecHash covers the app and the connector steps; the URIs themselves
// are outputs of those steps.
func (s *redirectURIStep) SpecHash() string {
	return HashSpec(map[string]any{"app": s.app.UniqueName, "connectors": s.connectors})
}

// uris are the redirect URIs the connectors published.
func (s *redirectURIStep) uris(env *Env) []string {
	var out []string
	for _, id := range s.connectors {
		if u := env.Input(id, OutRedirectURL); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// Observe compares the app's redirect URIs with the connectors'. With no
// URI published there is nothing to do.
func (s *redirectURIStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	want := s.uris(env)
	if len(want) == 0 {
		return Observation{Exists: true, Matches: true}, nil
	}
	app, found, err := s.client.GetApplication(ctx, s.app.UniqueName)
	if err != nil {
		return Observation{}, graphFailure(s.id, "read the app registration's redirect URIs", err)
	}
	if !found {
		return Observation{}, fmt.Errorf("app registration %q is not there; run the app registration step first", s.app.UniqueName)
	}
	missing := lacking(app.RedirectURIs, want)
	obs := Observation{Exists: true, Matches: len(missing) == 0}
	if !obs.Matches {
		obs.Detail = fmt.Sprintf("adding %d redirect URI(s)", len(missing))
	}
	return obs, nil
}

// Apply merges the connectors' redirect URIs into the app's.
func (s *redirectURIStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	spec := s.app
	spec.RedirectURIs = s.uris(env)
	_, outcome, err := s.client.EnsureApplication(ctx, spec)
	if err != nil {
		return Outcome{}, graphFailure(s.id, "add the custom connector redirect URIs", err)
	}
	if outcome == entra.Unchanged {
		return Outcome{Result: ResultUnchanged}, nil
	}
	return Outcome{Result: ResultUpdated}, nil
}

// Destroy leaves the URIs: they go with the app registration.
func (s *redirectURIStep) Destroy(context.Context, *Env) error { return nil }
