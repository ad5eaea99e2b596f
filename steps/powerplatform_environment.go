package steps

import (
	"context"
	"fmt"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/powerplatform"
)

// environmentStep finds an existing environment by its URL, or finds or
// creates the one the profile describes. Creation is a long-running
// operation: its URL is recorded before waiting, so a resumed run
// re-attaches instead of asking for a second environment.
type environmentStep struct {
	ppStep
	create *powerplatform.Spec // nil: the environment must already exist
}

func (b *build) environmentStep(e profiles.Environment) Step {
	s := &environmentStep{ppStep: ppStep{b: b, id: IDEnvironment(e.Name), service: "Power Platform · " + e.Name,
		role: rolePowerPlatformAdmin, env: e}}
	if e.Create == nil {
		s.title, s.spec = "Environment "+e.URL, map[string]string{"url": b.envURL(e)}
		return s
	}
	s.create = &powerplatform.Spec{DisplayName: e.Create.DisplayName, DomainName: e.Create.DomainName,
		Location: e.Create.Location, Type: e.Create.Type, Currency: e.Create.Currency, Language: e.Create.Language}
	if s.create.DisplayName == "" {
		s.create.DisplayName = e.Create.DomainName
	}
	s.title, s.spec = fmt.Sprintf("Environment %s (new: %s)", s.create.DisplayName, e.Create.DomainName), *s.create
	// Set after the spec, which it does not change: the mark destroy looks for.
	s.create.Description = EnvironmentMark + " (installation " + b.p.Metadata.Name + ")"
	return s
}

// EnvironmentMark begins the description of every environment almwiz
// creates; destroy deletes an environment only when its description, as
// the admin API reports it, still carries it (carriesMark).
const EnvironmentMark = "Created by almwiz for the ALM Accelerator"

// ProveOwnership refuses to delete an environment whose description does
// not carry EnvironmentMark: an environment that existed before the
// install, whatever state.json says.
func (s *environmentStep) ProveOwnership(ctx context.Context, env *Env) error {
	name := env.Output(OutEnvName)
	if name == "" {
		return nil // nothing recorded, nothing to delete
	}
	e, found, err := s.client().Environment(ctx, name)
	if err != nil || !found {
		return err
	}
	return proveMark(s.id, fmt.Sprintf("environment %s (%s)", e.DisplayName, strings.TrimSuffix(e.URL, "/")), "description", e.Description,
		"delete it in the Power Platform admin center")
}

// Observe finds the environment; one being created by an earlier run is
// left for Apply to re-attach to.
func (s *environmentStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	if s.create == nil {
		return s.observeExisting(ctx)
	}
	if env.Operation() != "" {
		return Observation{Detail: "re-attaching to the environment creation an earlier run started"}, nil
	}
	e, found, err := s.client().FindEnvironmentFor(ctx, *s.create)
	if err != nil || !found {
		return Observation{}, err
	}
	return environmentObservation(e), nil
}

// observeExisting finds an environment the profile says exists.
func (s *environmentStep) observeExisting(ctx context.Context) (Observation, error) {
	u := s.b.envURL(s.env)
	e, found, err := s.client().FindEnvironment(ctx, u)
	if err != nil {
		return Observation{}, err
	}
	if !found {
		return Observation{}, &StepError{StepID: s.id, Err: fmt.Errorf("environment %s does not exist, or the signed-in admin cannot see it", u),
			Suggestion: fmt.Sprintf("a Power Platform Administrator can create it in the Power Platform admin center; "+
				"or replace url: with create: under environments.%s in the profile so that almwiz creates it", s.env.Name)}
	}
	return environmentObservation(e), nil
}

// environmentObservation is a found environment: it matches once ready.
func environmentObservation(e powerplatform.Environment) Observation {
	obs := Observation{Exists: true, Matches: e.Ready(), Outputs: map[string]string{OutEnvName: e.Name}}
	if e.Ready() {
		obs.Outputs[OutEnvURL] = e.URL
	} else {
		obs.Detail = fmt.Sprintf("environment %s is %s", e.DisplayName, e.ProvisioningState)
	}
	return obs
}

// Apply waits for an environment still provisioning, re-attaches to a
// recorded creation, or creates the environment.
func (s *environmentStep) Apply(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
	c := s.client()
	var e powerplatform.Environment
	var err error
	switch op := env.Operation(); {
	case op != "":
		e, err = s.wait(ctx, env, op)
	case obs.Exists:
		e, err = c.WaitEnvironmentReady(ctx, obs.Outputs[OutEnvName], env.Progress)
	case s.create == nil:
		return Outcome{}, fmt.Errorf("environment %s is not ready", s.env.URL)
	default:
		e, err = s.createEnvironment(ctx, env)
	}
	if err != nil {
		return Outcome{}, err
	}
	env.setOutputs(map[string]string{OutEnvName: e.Name, OutEnvURL: e.URL})
	return Outcome{}, nil
}

// createEnvironment asks for the environment and records the operation
// before waiting for it.
func (s *environmentStep) createEnvironment(ctx context.Context, env *Env) (powerplatform.Environment, error) {
	env.Progress("creating environment " + s.create.DomainName)
	op, err := s.client().CreateEnvironment(ctx, *s.create)
	if err != nil {
		return powerplatform.Environment{}, err
	}
	if err := env.RecordOperation(op); err != nil {
		return powerplatform.Environment{}, err
	}
	return s.wait(ctx, env, op)
}

// wait follows a creation. When the operation ends badly it is forgotten,
// so that the next attempt looks the environment up afresh; when the run
// is interrupted it is kept, so that resume re-attaches.
func (s *environmentStep) wait(ctx context.Context, env *Env, op string) (powerplatform.Environment, error) {
	e, err := s.client().WaitEnvironment(ctx, op, env.Progress)
	if err != nil && ctx.Err() == nil {
		_ = env.RecordOperation("")
	}
	return e, err
}

// Destroy deletes an environment this installation created, recording the
// deletion before waiting so a resumed destroy re-attaches.
func (s *environmentStep) Destroy(ctx context.Context, env *Env) error {
	name := env.Output(OutEnvName)
	if name == "" {
		return nil
	}
	c := s.client()
	op := env.Operation()
	if op == "" {
		var err error
		if op, err = c.DeleteEnvironment(ctx, name); err != nil || op == "" {
			return err
		}
		if err := env.RecordOperation(op); err != nil {
			return err
		}
	}
	_, err := c.WaitOperation(ctx, op, env.Progress)
	return err
}
