package steps

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// projectDescription is the description of a project almwiz creates; it
// ends with CreatedMark, which destroy looks for before deleting.
var projectDescription = withMark("ALM Accelerator for Power Platform")

// projectStep finds the ALM project or, when the profile says create, makes
// it: a long-running operation whose URL is recorded before waiting, so
// that a resumed run re-attaches instead of queueing a second creation.
type projectStep struct {
	devopsStep
	name   string
	create bool
}

func (b *build) projectStep(o profiles.Organization, pr profiles.Project) Step {
	spec := map[string]any{"name": pr.Name, "create": pr.Create}
	return &projectStep{devopsStep: b.newDevOpsStep(o, IDProjectStep(orgName(o), pr.Name, "project"), "Project "+pr.Name,
		roleCollectionAdmin, spec), name: pr.Name, create: pr.Create}
}

// Observe finds the project by name; it matches once its creation has finished.
func (s *projectStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	p, err := c.FindProject(ctx, s.name)
	switch {
	case err != nil:
		return Observation{}, err
	case p == nil:
		return Observation{Detail: "project " + s.name + " does not exist"}, nil
	case p.State != "wellFormed":
		return Observation{Exists: true, Link: s.link(), Detail: "project " + s.name + " is " + p.State}, nil
	}
	return Observation{Exists: true, Matches: true, Link: s.link(), Outputs: map[string]string{OutProjectID: p.ID}}, nil
}

// Apply re-attaches to a recorded creation, or queues one when the project
// is missing and the profile allows it, and waits until it is ready.
func (s *projectStep) Apply(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	if err := s.creation(ctx, env, c, obs); err != nil {
		return Outcome{}, err
	}
	p, err := c.WaitProject(ctx, s.name, env.Progress)
	if err != nil {
		return Outcome{}, err
	}
	env.SetOutput(OutProjectID, p.ID)
	return Outcome{Link: s.link()}, nil
}

// creation waits for the recorded creation, or starts one when the project
// is missing; a project being made by someone else is left to WaitProject.
func (s *projectStep) creation(ctx context.Context, env *Env, c *devops.Client, obs Observation) error {
	op := env.Operation()
	switch {
	case op != "":
		env.Progress("re-attaching to the creation of project " + s.name)
	case obs.Exists:
		return nil
	case !s.create:
		return s.missing()
	default:
		var err error
		if op, err = s.queue(ctx, env, c); err != nil || op == "" {
			return err
		}
	}
	return c.WaitOperation(ctx, op, env.Progress)
}

// queue queues the creation and records its operation before anyone waits.
func (s *projectStep) queue(ctx context.Context, env *Env, c *devops.Client) (string, error) {
	// Before queueing: a crash right after the POST must still count it as ours.
	env.SetOutput(outProjectCreated, "true")
	op, err := c.QueueProject(ctx, s.name, projectDescription)
	if err != nil || op == "" {
		return "", err
	}
	return op, env.RecordOperation(op)
}

// missing is the error for a project the profile says exists.
func (s *projectStep) missing() error {
	return &StepError{StepID: s.id, Err: fmt.Errorf("project %q does not exist in organization %s", s.name, s.org),
		Suggestion: fmt.Sprintf("create project %q at %s (Project Collection Administrator), or set `create: true` on it under devops.organizations in the profile so that almwiz creates it", s.name, s.orgURL)}
}

// ProveOwnership refuses to delete a project whose description does not
// carry CreatedMark: a project that existed before the install, with
// everything in it, whatever state.json says.
func (s *projectStep) ProveOwnership(ctx context.Context, _ *Env) error {
	return proveProject(ctx, &s.devopsStep, s.id, s.name, "")
}

// proveProject proves project name of s's organization almwiz's: it is
// the proof of the project and, through it, of what it holds. With id, it
// must also be the project of that id (the one state.json records).
func proveProject(ctx context.Context, s *devopsStep, stepID, name, id string) error {
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	p, err := c.FindProject(ctx, name)
	const fix = "delete it in Azure DevOps (Project settings → Overview → Delete)"
	switch {
	case err != nil:
		return err
	case p == nil && id == "":
		return nil
	case p == nil:
		return fmt.Errorf("project %q is not in %s", name, s.orgURL)
	case id != "" && !strings.EqualFold(p.ID, id):
		return notRecorded(stepID, fmt.Sprintf("project %q (%s)", name, p.ID), "project "+id, fix)
	}
	return proveMark(stepID, fmt.Sprintf("project %q in %s (and everything in it)", name, s.orgURL), "description", p.Description, fix)
}

// Destroy deletes the project almwiz created, with everything in it.
func (s *projectStep) Destroy(ctx context.Context, env *Env) error {
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	if op := env.Operation(); op != "" {
		env.Progress("re-attaching to " + op)
		if err := c.WaitOperation(ctx, op, env.Progress); err != nil {
			return err
		}
	}
	p, err := c.FindProject(ctx, s.name)
	if err != nil || p == nil {
		return err
	}
	op, err := c.QueueDeleteProject(ctx, p.ID)
	if err != nil || op == "" {
		return err
	}
	if err := env.RecordOperation(op); err != nil {
		return err
	}
	return c.WaitOperation(ctx, op, env.Progress)
}

func (s *projectStep) link() string { return s.orgURL + "/" + url.PathEscape(s.name) }
