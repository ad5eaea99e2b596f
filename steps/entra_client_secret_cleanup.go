package steps

import (
	"context"
	"fmt"

	"almwiz/providers/entra"
)

// clientSecretCleanupStep removes every almwiz secret of the app but the
// current one, once every consumer holds the current one: it finishes a
// rotation, and removes a secret whose value an interrupted run lost.
type clientSecretCleanupStep struct {
	entraStep
	client      *entra.Client
	displayName string
	consumers   []string
}

// RunsWith follows the client secret into a scope's run: the secrets it
// leaves behind are removed once that scope's consumers have the new one.
func (s *clientSecretCleanupStep) RunsWith(scope string) bool {
	return scope == ScopeDevOps || scope == ScopePowerPlatform
}

func (b *build) clientSecretCleanupStep() *clientSecretCleanupStep {
	name := b.p.Identity.Credential.DisplayName
	needs := append([]string{IDAppRegistration, IDClientSecret}, b.secretConsumers()...)
	return &clientSecretCleanupStep{
		entraStep: entraStep{id: IDClientSecretTidy, title: fmt.Sprintf("Old client secrets %q removed", name),
			role: roleEntraApps, needs: needs},
		client: b.homeClient(), displayName: name, consumers: b.secretConsumers(),
	}
}

// SpecHash covers the display name of almwiz's secrets.
func (s *clientSecretCleanupStep) SpecHash() string {
	return HashSpec(map[string]string{"displayName": s.displayName})
}

// Observe lists almwiz's secrets other than the current one.
func (s *clientSecretCleanupStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	stale, err := s.stale(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	obs := Observation{Exists: true, Matches: len(stale) == 0}
	if !obs.Matches {
		obs.Detail = fmt.Sprintf("removing %d old client secret(s)", len(stale))
	}
	return obs, nil
}

// stale are almwiz's secrets of the app other than the current one.
func (s *clientSecretCleanupStep) stale(ctx context.Context, env *Env) ([]entra.Secret, error) {
	current := env.Input(IDClientSecret, OutKeyID)
	if current == "" {
		return nil, fmt.Errorf("the client secret step recorded no current secret; run it first")
	}
	all, err := s.client.ListSecrets(ctx, env.Input(IDAppRegistration, OutAppObjectID))
	if err != nil {
		return nil, graphFailure(s.id, "list the app registration's client secrets", err)
	}
	held := map[string]bool{current: true}
	for _, c := range s.consumers {
		if k := env.Input(c, OutSecretKeyID); k != "" {
			held[k] = true // given to a consumer, maybe by another scope's run
		}
	}
	var out []entra.Secret
	for _, sec := range entra.SecretsNamed(all, s.displayName, withMark(s.displayName)) {
		if !held[sec.KeyID] {
			out = append(out, sec)
		}
	}
	return out, nil
}

// Apply removes the stale secrets.
func (s *clientSecretCleanupStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	stale, err := s.stale(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	objectID := env.Input(IDAppRegistration, OutAppObjectID)
	for _, sec := range stale {
		if err := s.client.RemoveSecret(ctx, objectID, sec.KeyID); err != nil {
			return Outcome{}, graphFailure(s.id, "remove old client secret "+sec.KeyID, err)
		}
		if err := env.ForgetSecretKey(sec.KeyID); err != nil {
			return Outcome{}, err
		}
	}
	return Outcome{Result: ResultUpdated}, nil
}

// Destroy has nothing of its own to remove.
func (s *clientSecretCleanupStep) Destroy(context.Context, *Env) error { return nil }
