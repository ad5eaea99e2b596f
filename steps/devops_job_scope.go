package steps

import (
	"context"
	"net/url"
	"strings"

	"almwiz/profiles"
)

// Outputs of the job authorization step.
const (
	// outReposUnprotected says almwiz turned "Protect access to
	// repositories in YAML pipelines" off in the project, for Destroy.
	outReposUnprotected = "repositoriesUnprotected"
	// outReposForced says the organization keeps the protection on in
	// every project, which almwiz cannot change (no REST route).
	outReposForced = "repositoriesProtectedByOrganization"
)

// reposAdvice is what the makers meet while the organization protects
// access to repositories in YAML pipelines, and what to do about it.
const reposAdvice = "\"Protect access to repositories in YAML pipelines\" is on for the whole organization, so almwiz cannot turn it off in the project: " +
	"the export pipeline checks out each maker's solution repository, and its first run against a new repository waits until someone permits " +
	"the access (microsoft/coe-starter-kit issue #926). A Project Collection Administrator can turn it off under Organization settings → " +
	"Pipelines → Settings and then under the project's Pipelines → Settings"

// jobScopeStep sees to the job access token the pipelines run with.
//
// "Limit job authorization scope to current project for non-release
// pipelines": when it is on and the templates live in another project, the
// pipelines cannot read them. It only reads that one — turning it off is
// the admin's security decision — and hands the admin the change as a
// manual step.
//
// "Protect access to repositories in YAML pipelines": the templates need it
// off. export-solution-to-git checks out the solution repository named at
// queue time (checkout: git://${{parameters.Project}}/${{parameters.Repo}}),
// a new one for each solution, and pushes to it; with protection on, each
// first access waits for someone to permit it (coe-starter-kit #926, which
// made the CoE CLI turn it off). The step turns it off in the project. When
// the organization forces it on, it says so and leaves it: the pipelines
// still run, after a person permits each new repository.
type jobScopeStep struct {
	projectScoped
	elsewhere bool // the templates live in another project of the organization
}

func (b *build) jobScopeStep(o profiles.Organization, pr profiles.Project) Step {
	elsewhere := templatesInOtherProject(o, pr)
	spec := map[string]bool{"templatesElsewhere": elsewhere, "protectReferencedRepositories": false}
	return &jobScopeStep{projectScoped: b.newProjectScoped(o, pr, []string{"job-authorization-scope"}, "Job authorization scope",
		roleCollectionAdmin, spec), elsewhere: elsewhere}
}

// Observe reads the effective settings; it matches unless the scope is
// limited while the templates live in another project, or the project's
// repositories are protected and almwiz has not yet found that the
// organization forces it.
func (s *jobScopeStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Observation{}, err
	}
	js, err := c.JobAuthorizationScope(ctx, s.projectName)
	if err != nil {
		return Observation{}, err
	}
	scopeOK := !js.Limited || !s.elsewhere
	reposOK := !js.ProtectedRepos || env.Output(outReposForced) == "true"
	obs := Observation{Exists: true, Matches: scopeOK && reposOK, Link: s.link(), Detail: js.Advice}
	switch {
	case !reposOK:
		obs.Detail = "\"Protect access to repositories in YAML pipelines\" is on for project " + s.projectName
	case obs.Matches:
		env.Progress(js.Advice)
		if js.ProtectedRepos {
			env.Progress(reposAdvice)
		}
	}
	return obs, nil
}

// Apply turns the repository protection off in the project, and leaves a
// limited scope to a Project Collection Administrator.
func (s *jobScopeStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	c, err := s.client(ctx)
	if err != nil {
		return Outcome{}, err
	}
	js, err := c.JobAuthorizationScope(ctx, s.projectName)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Result: ResultUnchanged, Link: s.link()}
	if js.ProtectedRepos {
		off, err := c.SetRepositoryProtection(ctx, s.projectName, false)
		if err != nil {
			return Outcome{}, err
		}
		if off {
			env.SetOutput(outReposUnprotected, "true")
			out.Result = ResultUpdated
		} else {
			env.SetOutput(outReposForced, "true")
			env.Progress(reposAdvice)
		}
	}
	if js.Limited && s.elsewhere {
		return Manual("turn off \"Limit job authorization scope to current project for non-release pipelines\" under Organization settings → "+
			"Pipelines → Settings (and under the project's Pipelines → Settings): the pipeline templates live in another project, which "+
			"the pipelines cannot read while it is on"+ThenResume, s.link()), nil
	}
	return out, nil
}

// Destroy turns the repository protection back on when almwiz turned it off.
func (s *jobScopeStep) Destroy(ctx context.Context, env *Env) error {
	if env.Output(outReposUnprotected) != "true" || s.removedWithProject(env) {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	_, err = c.SetRepositoryProtection(ctx, s.projectName, true)
	return err
}

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
