package steps

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// pipelineStep ensures one of the core pipelines (export-solution-to-git
// ...), by its exact name: the accelerator app looks pipelines up by name.
type pipelineStep struct {
	projectScoped
	name       string
	repository string // the repository step
	repoName   string
}

func (b *build) pipelineStep(o profiles.Organization, pr profiles.Project, name string) Step {
	repo := IDProjectStep(orgName(o), pr.Name, "repository")
	spec := map[string]string{"name": name, "repository": pr.PipelineRepository}
	return &pipelineStep{
		projectScoped: b.newProjectScoped(o, pr, []string{"pipeline", name}, "Pipeline "+name, roleProjectAdmin, spec, repo),
		name:          name, repository: repo, repoName: pr.PipelineRepository,
	}
}

// spec is the pipeline's definition, once the repository is known.
func (s *pipelineStep) spec(env *Env) (devops.PipelineSpec, error) {
	for _, p := range devops.CorePipelines(env.Input(s.repository, OutRepositoryID), s.repoName) {
		if p.Name == s.name {
			p.Description = pipelineDescription
			return p, nil
		}
	}
	return devops.PipelineSpec{}, fmt.Errorf("%q is not a core pipeline", s.name)
}

// Observe finds the pipeline by name and checks its YAML file and repository.
func (s *pipelineStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	c, spec, err := s.prepare(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	id, matches, err := c.FindPipeline(ctx, s.projectID(env), spec)
	if err != nil || id == 0 {
		return Observation{Detail: "pipeline " + s.name + " does not exist"}, err
	}
	obs := Observation{Exists: true, Matches: matches, Link: s.link(id), Outputs: map[string]string{OutPipelineID: strconv.Itoa(id)}}
	if !matches {
		obs.Detail = "pipeline " + s.name + " does not run " + spec.YAMLPath + " from " + s.repoName
	}
	return obs, nil
}

// Apply creates the pipeline, or points it back at its YAML file.
func (s *pipelineStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	c, spec, err := s.prepare(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	id, o, err := c.EnsurePipeline(ctx, s.projectID(env), spec)
	if err != nil {
		return Outcome{}, err
	}
	env.SetOutput(OutPipelineID, strconv.Itoa(id))
	return devopsResult(o, s.link(id)), nil
}

func (s *pipelineStep) prepare(ctx context.Context, env *Env) (*devops.Client, devops.PipelineSpec, error) {
	spec, err := s.spec(env)
	if err != nil {
		return nil, spec, err
	}
	c, err := s.client(ctx)
	return c, spec, err
}

// pipelineDescription is the description of a pipeline almwiz creates
// (build 7.1 BuildDefinition.description).
var pipelineDescription = withMark("ALM Accelerator for Power Platform")

// ProveOwnership refuses to delete a pipeline of a project almwiz did not
// create whose description does not carry CreatedMark. In a project
// almwiz created the project's deletion takes it, and the project's own
// proof covers it.
func (s *pipelineStep) ProveOwnership(ctx context.Context, env *Env) error {
	id, err := strconv.Atoi(env.Output(OutPipelineID))
	if s.removedWithProject(env) || err != nil {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	desc, found, err := c.PipelineDescription(ctx, s.projectID(env), id)
	if err != nil || !found {
		return err
	}
	return proveMark(s.id, fmt.Sprintf("pipeline %s (%d) in project %s", s.name, id, s.projectName), "description", desc,
		"delete it in Azure DevOps (Pipelines → ⋯ → Delete) of project "+s.projectName)
}

// Destroy deletes the pipeline, unless the project's deletion takes it.
func (s *pipelineStep) Destroy(ctx context.Context, env *Env) error {
	id, err := strconv.Atoi(env.Output(OutPipelineID))
	if s.removedWithProject(env) || err != nil {
		return nil
	}
	c, err := s.client(ctx)
	if err != nil {
		return err
	}
	return c.DeletePipeline(ctx, s.projectID(env), id)
}

func (s *pipelineStep) link(id int) string {
	return s.orgURL + "/" + url.PathEscape(s.projectName) + "/_build?definitionId=" + strconv.Itoa(id)
}
