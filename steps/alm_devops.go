package steps

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/google/uuid"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// Roles the Azure DevOps steps need.
const (
	roleCollectionAdmin = "Project Collection Administrator"
	roleProjectAdmin    = "Project Administrator"
)

// outProjectCreated is the project step's output saying almwiz created the
// project: its repository and pipelines are then left to the project's
// deletion instead of being removed one by one.
const outProjectCreated = "projectCreatedByAlmwiz"

// devopsSteps are the Azure DevOps steps: per organization its extensions,
// and per project the project, the templates repository, the core
// pipelines, the variable group, a service connection per connected
// environment, and the permissions that tie them together
// (reference/alm-accelerator.md §4).
func (b *build) devopsSteps() []Step {
	var out []Step
	for _, o := range b.p.DevOps.Organizations {
		out = append(out, b.extensionsStep(o))
		for _, pr := range o.Projects {
			out = append(out, b.projectSteps(o, pr)...)
		}
	}
	return out
}

// projectSteps are the steps of one ALM project, in dependency order.
func (b *build) projectSteps(o profiles.Organization, pr profiles.Project) []Step {
	out := []Step{b.projectStep(o, pr), b.repositoryStep(o, pr)}
	for _, spec := range devops.CorePipelines("", "") {
		out = append(out, b.pipelineStep(o, pr, spec.Name))
	}
	out = append(out, b.variableGroupStep(o, pr))
	for _, e := range b.connected(pr) {
		out = append(out, b.serviceConnectionStep(o, pr, e))
	}
	return append(out, b.pipelinePermissionsStep(o, pr), b.projectMakersStep(o, pr),
		b.buildPermissionsStep(o, pr), b.jobScopeStep(o, pr))
}

// devopsStep is what every Azure DevOps step shares: where it works, how it
// is shown, what it needs. Each step kind embeds it and adds Observe, Apply
// and Destroy.
type devopsStep struct {
	b      *build
	id     string
	title  string
	role   string
	org    string // organization name, as in its URL
	orgURL string // without a trailing slash
	tenant string // domain almwiz signs in to for the organization
	needs  []string
	spec   any // the desired state, hashed for SpecHash
}

// newDevOpsStep starts a step of organization o.
func (b *build) newDevOpsStep(o profiles.Organization, id, title, role string, spec any, needs ...string) devopsStep {
	return devopsStep{b: b, id: id, title: title, role: role, org: orgName(o), orgURL: strings.TrimRight(o.URL, "/"),
		tenant: b.tenantDomain(o.Tenant), needs: needs, spec: spec}
}

// ID is the step's stable id.
func (s *devopsStep) ID() string { return s.id }

// Title is the step in an admin's words.
func (s *devopsStep) Title() string { return s.title }

// Service groups the step under its organization.
func (s *devopsStep) Service() string { return "Azure DevOps · " + s.org }

// Scope is ScopeDevOps: the Azure DevOps admins apply these steps.
func (s *devopsStep) Scope() string { return ScopeDevOps }

// Role is the Azure DevOps role the step needs.
func (s *devopsStep) Role() string { return s.role }

// Needs are the steps whose outputs this one reads.
func (s *devopsStep) Needs() []string { return s.needs }

// SpecHash hashes the desired state.
func (s *devopsStep) SpecHash() string { return HashSpec(s.spec) }

// client is the organization's Azure DevOps client.
func (s *devopsStep) client(ctx context.Context) (*devops.Client, error) {
	return s.b.c.DevOps(ctx, s.tenant, s.org)
}

// projectScoped is what the steps inside one project share: the project
// step whose id they read.
type projectScoped struct {
	devopsStep
	project     string // id of the project step
	projectName string
}

// newProjectScoped starts a step of project pr; it needs the project step
// besides needs.
func (b *build) newProjectScoped(o profiles.Organization, pr profiles.Project, part []string, title, role string, spec any, needs ...string) projectScoped {
	project := IDProjectStep(orgName(o), pr.Name, "project")
	id := IDProjectStep(orgName(o), pr.Name, part...)
	return projectScoped{devopsStep: b.newDevOpsStep(o, id, title, role, spec, append([]string{project}, needs...)...),
		project: project, projectName: pr.Name}
}

// projectID is the project's id, read from the project step.
func (s *projectScoped) projectID(env *Env) string { return env.Input(s.project, OutProjectID) }

// removedWithProject says the project was created by almwiz, so that its
// deletion removes this step's resource with it.
func (s *projectScoped) removedWithProject(env *Env) bool {
	return env.Input(s.project, outProjectCreated) == "true"
}

// devopsResult turns a devops.Outcome into the step's Outcome.
func devopsResult(o devops.Outcome, link string) Outcome {
	switch o {
	case devops.Created:
		return Outcome{Result: ResultCreated, Link: link}
	case devops.Updated:
		return Outcome{Result: ResultUpdated, Link: link}
	}
	return Outcome{Result: ResultUnchanged, Link: link}
}

// devopsWrites notes whether any of a step's Ensure calls wrote something.
type devopsWrites struct{ any bool }

// note records o and passes err through.
func (w *devopsWrites) note(o devops.Outcome, err error) error {
	w.any = w.any || (err == nil && o != devops.Found)
	return err
}

// outcome is unchanged when nothing was written; otherwise the runner calls
// it created or updated from what Observe saw.
func (w *devopsWrites) outcome(link string) Outcome {
	if !w.any {
		return Outcome{Result: ResultUnchanged, Link: link}
	}
	return Outcome{Link: link}
}

// grant is one permission a step gives: how to check it, give it and take
// it away (nil remove: it goes with the resource it is on).
type grant struct {
	what   string
	has    func(context.Context) (bool, error)
	ensure func(context.Context) (devops.Outcome, error)
	remove func(context.Context) error
}

// roleGrant gives identity the role on resource in scope.
func roleGrant(c *devops.Client, what, scope, resource, identity, role string) grant {
	return grant{what: what,
		has: func(ctx context.Context) (bool, error) {
			return c.HasRoleAssignment(ctx, scope, resource, identity, role)
		},
		ensure: func(ctx context.Context) (devops.Outcome, error) {
			return c.EnsureRoleAssignment(ctx, scope, resource, identity, role)
		},
		remove: func(ctx context.Context) error { return c.RemoveRoleAssignment(ctx, scope, resource, identity) }}
}

// aceGrant allows descriptor the bits on token in a namespace.
func aceGrant(c *devops.Client, who string, namespace uuid.UUID, token, descriptor string, bits int) grant {
	return grant{what: fmt.Sprintf("%s: permissions %d on %s", who, bits, token),
		has: func(ctx context.Context) (bool, error) { return c.HasACE(ctx, namespace, token, descriptor, bits) },
		ensure: func(ctx context.Context) (devops.Outcome, error) {
			return c.EnsureACE(ctx, namespace, token, descriptor, bits)
		},
		remove: func(ctx context.Context) error { return c.RemoveACE(ctx, namespace, token, descriptor) }}
}

// grantChecks bounds the grant checks one step has in flight. The checks
// only read, so they need not wait for each other; done one after another
// they made the build service permissions the longest step of an install.
const grantChecks = 4

// observeGrants checks every grant, a few at a time, and names the missing
// ones in the grants' order.
func observeGrants(ctx context.Context, grants []grant) ([]string, error) {
	has, errs := make([]bool, len(grants)), make([]error, len(grants))
	slots := make(chan struct{}, grantChecks)
	var wg sync.WaitGroup
	for i, g := range grants {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			has[i], errs[i] = g.has(ctx)
		})
	}
	wg.Wait()
	var missing []string
	for i, g := range grants {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if !has[i] {
			missing = append(missing, g.what)
		}
	}
	return missing, nil
}

// grantsObservation is what a step made of grants observes: it exists and
// matches when every grant is given.
func grantsObservation(ctx context.Context, grants []grant, link string) (Observation, error) {
	missing, err := observeGrants(ctx, grants)
	if err != nil {
		return Observation{}, err
	}
	obs := Observation{Exists: len(missing) == 0, Matches: len(missing) == 0, Link: link}
	if len(missing) > 0 {
		obs.Detail = fmt.Sprintf("%d of %d to give, first: %s", len(missing), len(grants), missing[0])
	}
	return obs, nil
}

// applyGrants gives every grant, writing only the missing ones.
func applyGrants(ctx context.Context, grants []grant, link string) (Outcome, error) {
	var w devopsWrites
	for _, g := range grants {
		if err := w.note(g.ensure(ctx)); err != nil {
			return Outcome{}, err
		}
	}
	return w.outcome(link), nil
}

// removeGrants takes every removable grant away.
func removeGrants(ctx context.Context, grants []grant) error {
	for _, g := range grants {
		if g.remove == nil {
			continue
		}
		if err := g.remove(ctx); err != nil {
			return err
		}
	}
	return nil
}

// settingsLink is the portal address of a project settings page.
func (s *projectScoped) settingsLink(page string) string {
	return s.orgURL + "/" + url.PathEscape(s.projectName) + "/_settings/" + page
}
