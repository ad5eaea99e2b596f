package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"almwiz/providers/entra"
)

// clientSecretStep is the one client secret of the app registration, shared
// by every consumer (service connections, custom connectors); the CoE CLI
// added one per environment on every run. Secrets never touch disk: the
// value goes from Graph's answer into the run's vault and from there to the
// consumers; only its key id is recorded, as pending until every consumer
// has it, so that a resumed run finds a secret whose consumers did not all
// receive it, removes it and makes a new one.
//
// Limitation: a run where this step is unchanged has no secret value (Graph
// shows it only once). A consumer that must re-apply in such a run — its
// service connection was deleted — finds no secret in the vault and fails,
// suggesting almwiz rotate-secret, which makes a new secret (Rotate) that
// every consumer then receives.
type clientSecretStep struct {
	entraStep
	client      *entra.Client
	displayName string
	lifetime    int // days
	consumers   []string
	// Rotate forces a new secret even when the current one is valid
	// (almwiz rotate-secret). It is left out of the spec hash: a rotation is
	// an act, not a desired state, and the next plain run must not redo it.
	Rotate bool
	now    func() time.Time
}

// secretRenewWithin is when a secret that is about to expire is replaced.
const secretRenewWithin = 30 * 24 * time.Hour

func (b *build) clientSecretStep() *clientSecretStep {
	cred := b.p.Identity.Credential
	return &clientSecretStep{
		entraStep: entraStep{id: IDClientSecret, title: fmt.Sprintf("Client secret %q (%d days)", cred.DisplayName, cred.LifetimeDays),
			role: roleEntraApps, needs: []string{IDAppRegistration}},
		client: b.homeClient(), displayName: cred.DisplayName, lifetime: cred.LifetimeDays,
		consumers: b.secretConsumers(), now: time.Now,
	}
}

// SpecHash covers the secret's display name, lifetime and consumers (never its value).
func (s *clientSecretStep) SpecHash() string {
	return HashSpec(map[string]any{"displayName": s.displayName, "lifetimeDays": s.lifetime, "consumers": s.consumers})
}

// renewWithin is how long before its end a secret is replaced: 30 days,
// or half the lifetime of a short-lived one (else every run would renew it).
func (s *clientSecretStep) renewWithin() time.Duration {
	return min(secretRenewWithin, time.Duration(s.lifetime)*24*time.Hour/2)
}

// Observe lists almwiz's secrets of the app. It matches when one is valid
// long enough and no earlier run left a secret behind: one whose consumers
// did not all receive it, or one whose value an interrupted addPassword lost.
func (s *clientSecretStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	ours, err := s.list(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	orphans := env.PendingSecretKeys()
	current := s.current(ours, orphans, env.Output(OutKeyID))
	obs := Observation{Exists: len(ours) > 0}
	if current != "" {
		obs.Outputs = map[string]string{OutKeyID: current}
	}
	waiting := s.waiting(env, s.valid(ours, orphans))
	switch {
	case len(orphans) > 0:
		obs.Detail = fmt.Sprintf("replacing %d client secret(s) an interrupted run did not hand to every consumer", len(orphans))
	case env.Operation() != "":
		obs.Detail = "replacing a client secret an interrupted run added but never received"
	case s.Rotate:
		obs.Detail = "rotating the client secret"
	case len(waiting) > 0:
		obs.Detail = fmt.Sprintf("%d consumer(s) need a client secret valid for long enough", len(waiting))
	default:
		obs.Matches = true
	}
	return obs, nil
}

// RunsWith makes the secret in a run of a scope whose steps receive it:
// Graph shows a secret's value only when it is made.
func (s *clientSecretStep) RunsWith(scope string) bool {
	return scope == ScopeDevOps || scope == ScopePowerPlatform
}

// inScope are the consumers that run in this run.
func (s *clientSecretStep) inScope(env *Env) []string {
	var out []string
	for _, c := range s.consumers {
		if env.InScope(c) {
			out = append(out, c)
		}
	}
	return out
}

// waiting are the consumers of this run that hold no secret still valid
// long enough: they need a new one. A consumer records the key id it was
// given; an admin applying one scope makes the secret their steps receive.
func (s *clientSecretStep) waiting(env *Env, valid []entra.Secret) []string {
	var out []string
	for _, c := range s.inScope(env) {
		held := env.Recorded(c, OutSecretKeyID)
		if held == "" || !slices.ContainsFunc(valid, func(sec entra.Secret) bool { return sec.KeyID == held }) {
			out = append(out, c)
		}
	}
	return out
}

// valid are almwiz's secrets valid long enough, orphans left out.
func (s *clientSecretStep) valid(ours []entra.Secret, orphans []string) []entra.Secret {
	return slices.DeleteFunc(slices.Clone(ours), func(sec entra.Secret) bool {
		return slices.Contains(orphans, sec.KeyID) || sec.EndDateTime.Before(s.now().Add(s.renewWithin()))
	})
}

// list returns almwiz's secrets of the app, the latest to expire first:
// those of its display name, followed by CreatedMark since almwiz marks
// them, without it before.
func (s *clientSecretStep) list(ctx context.Context, env *Env) ([]entra.Secret, error) {
	all, err := s.client.ListSecrets(ctx, env.Input(IDAppRegistration, OutAppObjectID))
	if err != nil {
		return nil, graphFailure(s.id, "list the app registration's client secrets", err)
	}
	return entra.SecretsNamed(all, s.displayName, withMark(s.displayName)), nil
}

// ProveOwnership refuses to remove secrets of almwiz's display name that
// lack CreatedMark in it: added by hand, or by an almwiz older than the
// mark, whatever state.json says.
func (s *clientSecretStep) ProveOwnership(ctx context.Context, env *Env) error {
	if env.Input(IDAppRegistration, OutAppObjectID) == "" {
		return nil
	}
	ours, err := s.list(ctx, env)
	if err != nil {
		return err
	}
	for _, sec := range ours {
		what := fmt.Sprintf("client secret %s (%q) of app registration %s", sec.KeyID, sec.DisplayName, env.Input(IDAppRegistration, OutAppID))
		if err := proveMark(s.id, what, "display name", sec.DisplayName,
			"remove it in the Microsoft Entra admin center (App registrations → Certificates & secrets)"); err != nil {
			return err
		}
	}
	return nil
}

// current picks the secret consumers should hold: the recorded one if it
// is still valid long enough, else the latest to expire; orphans never.
func (s *clientSecretStep) current(ours []entra.Secret, orphans []string, recorded string) string {
	valid := s.valid(ours, orphans)
	if len(valid) == 0 {
		return ""
	}
	if i := slices.IndexFunc(valid, func(sec entra.Secret) bool { return sec.KeyID == recorded }); i >= 0 {
		return recorded
	}
	return valid[0].KeyID
}

// Apply removes the orphans, adds a new secret, records its key id and
// only then hands the value to the consumers through the vault.
func (s *clientSecretStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	objectID := env.Input(IDAppRegistration, OutAppObjectID)
	if err := s.removeOrphans(ctx, env, objectID); err != nil {
		return Outcome{}, err
	}
	// Marked before asking: should the answer be lost, the next attempt
	// knows a secret may exist whose value it never saw, and replaces it.
	if err := env.RecordOperation("POST applications/" + objectID + "/addPassword"); err != nil {
		return Outcome{}, err
	}
	keyID, value, err := s.client.AddSecret(ctx, objectID, withMark(s.displayName), s.now().AddDate(0, 0, s.lifetime))
	if err != nil {
		return Outcome{}, graphFailure(s.id, fmt.Sprintf("add client secret %q", s.displayName), err)
	}
	if err := env.RecordSecretKey(keyID, s.inScope(env)...); err != nil {
		// Unrecorded, no later run would find it: take it back at once.
		rerr := s.client.RemoveSecret(ctx, objectID, keyID)
		return Outcome{}, errors.Join(fmt.Errorf("record the key id of the new client secret: %w", err), rerr)
	}
	env.PutSecret(SecretName, value)
	env.SetOutput(OutKeyID, keyID)
	return Outcome{Result: ResultCreated}, nil
}

// removeOrphans removes the secrets an earlier run did not hand to every
// consumer, forgetting each once it is gone.
func (s *clientSecretStep) removeOrphans(ctx context.Context, env *Env, objectID string) error {
	for _, keyID := range env.PendingSecretKeys() {
		if err := s.client.RemoveSecret(ctx, objectID, keyID); err != nil {
			return graphFailure(s.id, "remove the client secret "+keyID+" an interrupted run left", err)
		}
		if err := env.ForgetSecretKey(keyID); err != nil {
			return err
		}
	}
	return nil
}

// Destroy removes almwiz's secrets from the app (ProveOwnership has seen
// the mark on each).
func (s *clientSecretStep) Destroy(ctx context.Context, env *Env) error {
	objectID := env.Input(IDAppRegistration, OutAppObjectID)
	if objectID == "" {
		return nil
	}
	ours, err := s.list(ctx, env)
	if err != nil {
		return err
	}
	for _, sec := range ours {
		if !carriesMark(sec.DisplayName) {
			continue
		}
		if err := s.client.RemoveSecret(ctx, objectID, sec.KeyID); err != nil {
			return err
		}
		if err := env.ForgetSecretKey(sec.KeyID); err != nil {
			return err
		}
	}
	return nil
}

// Diagnose, for doctor, looks at every client secret of the app, almwiz's
// or not (the CoE CLI and the setup guide name theirs differently): the one
// the consumers hold expiring within the warning window, or none left
// valid, puts the pipelines at risk. The accelerator's maintainers declined
// automatic rotation (reference/alm-docs.md), so this is the commonest
// breakage of an installation that worked. With no consumer's key id
// recorded (an installation almwiz did not make, or whose checkpoint is
// gone) it cannot tell which secret they hold — Azure DevOps and Power
// Platform never show it back — and says so rather than guess.
func (s *clientSecretStep) Diagnose(ctx context.Context, env *Env, obs Observation, o CheckOptions) (Diagnosis, error) {
	all, err := s.client.ListSecrets(ctx, env.Input(IDAppRegistration, OutAppObjectID))
	if err != nil {
		return Diagnosis{}, graphFailure(s.id, "list the app registration's client secrets", err)
	}
	// The secret the consumers hold, else the one that lasts longest.
	var latest entra.Secret
	for _, sec := range all {
		if sec.EndDateTime.After(latest.EndDateTime) {
			latest = sec
		}
	}
	if i := slices.IndexFunc(all, func(sec entra.Secret) bool { return sec.KeyID == obs.Outputs[OutKeyID] }); i >= 0 {
		latest = all[i]
	}
	now := o.Now()
	risk := func(detail string) (Diagnosis, error) {
		return Diagnosis{Health: HealthAtRisk, Detail: detail, Fix: rotateSecretFix}, nil
	}
	switch {
	case len(all) == 0:
		return risk("the app registration has no client secret: the service connections cannot sign in; run almwiz rotate-secret")
	case !latest.EndDateTime.After(now):
		return risk(fmt.Sprintf("every client secret has expired (the last on %s): the pipelines cannot sign in; run almwiz rotate-secret",
			latest.EndDateTime.Format(time.DateOnly)))
	case latest.EndDateTime.Before(now.Add(o.WarnWithin)):
		days := int(latest.EndDateTime.Sub(now).Hours() / 24)
		return risk(fmt.Sprintf("client secret %q expires on %s (in %d days): run almwiz rotate-secret before then",
			latest.DisplayName, latest.EndDateTime.Format(time.DateOnly), days))
	case s.noneRecorded(env):
		return Diagnosis{Health: HealthUnchecked, Fix: rotateSecretFix, Detail: fmt.Sprintf("no record of which secret the %d service connection(s) and connector hold "+
			"(no almwiz checkpoint here; the services never show a secret back); the app's latest secret is valid until %s. "+
			"If pipelines fail to sign in, run almwiz rotate-secret", len(s.consumers), latest.EndDateTime.Format(time.DateOnly))}, nil
	}
	return Diagnosis{}, nil
}

// noneRecorded says no consumer recorded the key id of the secret it holds.
func (s *clientSecretStep) noneRecorded(env *Env) bool {
	for _, c := range s.consumers {
		if env.Recorded(c, OutSecretKeyID) != "" {
			return false
		}
	}
	return true
}
