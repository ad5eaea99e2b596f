package steps

import (
	"context"
	"net/url"
	"strings"

	"almwiz/profiles"
)

// jobScopeStep checks "Limit job authorization scope to current project for
// non-release pipelines": when it is on and the templates live in another
// project, the pipelines cannot read them. It only reads — turning the
// setting off is the admin's security decision — and hands the admin the
// change as a manual step.
type jobScopeStep struct {
	projectScoped
	elsewhere bool // the templates live in another project of the organization
}

func (b *build) jobScopeStep(o profiles.Organization, pr profiles.Project) Step {
	elsewhere := templatesInOtherProject(o, pr)
	spec := map[string]bool{"templatesElsewhere": elsewhere}
	return &jobScopeStep{projectScoped: b.newProjectScoped(o, pr, []string{"job-authorization-scope"}, "Job authorization scope",
		roleCollectionAdmin, spec), elsewhere: elsewhere}
}

// Observe reads the effective setting; it matches unless it is on while the
// templates live in another project.
func (s *jobScopeStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	js, err := c.JobAuthorizationScope(ctx, s.projectName)
	if err != nil {
		return Observation{}, err
	}
	ok := !js.Limited || !s.elsewhere
	if ok {
		env.Progress(js.Advice)
	}
	return Observation{Exists: true, Matches: ok, Link: s.link(), Detail: js.Advice}, nil
}

// Apply leaves the change to a Project Collection Administrator.
func (s *jobScopeStep) Apply(context.Context, *Env, Observation) (Outcome, error) {
	return Manual("turn off \"Limit job authorization scope to current project for non-release pipelines\" under Organization settings → "+
		"Pipelines → Settings (and under the project's Pipelines → Settings): the pipeline templates live in another project, which "+
		"the pipelines cannot read while it is on; then run almwiz resume", s.link()), nil
}

// Destroy changes nothing: the step only reads.
func (s *jobScopeStep) Destroy(context.Context, *Env) error { return nil }

func (s *jobScopeStep) link() string { return s.orgURL + "/_settings/pipelinessettings" }

// templatesInOtherProject says the profile's template repository is an Azure
// Repos repository of another project in the same organization
// (https://dev.azure.com/<org>/<project>/_git/<repo> or
// https://<org>.visualstudio.com/<project>/_git/<repo>).
func templatesInOtherProject(o profiles.Organization, pr profiles.Project) bool {
	u, err := url.Parse(pr.Templates.Repository)
	if err != nil {
		return false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	host := strings.ToLower(u.Host)
	if host == "dev.azure.com" && len(parts) > 0 && strings.EqualFold(parts[0], orgName(o)) {
		parts = parts[1:]
	} else if host != orgName(o)+".visualstudio.com" {
		return false
	}
	if len(parts) < 3 || parts[1] != "_git" {
		return false
	}
	project, _ := url.PathUnescape(parts[0])
	return !strings.EqualFold(project, pr.Name)
}
