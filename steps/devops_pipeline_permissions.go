package steps

import (
	"context"
	"strconv"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// hostedQueue is the agent queue the core pipelines run on.
const hostedQueue = "Azure Pipelines"

// pipelinePermissionsStep authorizes the pipelines to use what they need:
// every pipeline may use the variable group and the service connections
// (the deployment pipelines makers generate later use them too), and the
// core pipelines may use the hosted queue and the templates repository.
type pipelinePermissionsStep struct {
	projectScoped
	varGroup    string   // the variable group step
	connections []string // the service connection steps
	pipelines   []string // the core pipeline steps
	repository  string   // the repository step
}

func (b *build) pipelinePermissionsStep(o profiles.Organization, pr profiles.Project) Step {
	org := orgName(o)
	s := &pipelinePermissionsStep{varGroup: IDProjectStep(org, pr.Name, "variable-group"), repository: IDProjectStep(org, pr.Name, "repository")}
	for _, e := range b.connected(pr) {
		s.connections = append(s.connections, IDProjectStep(org, pr.Name, "service-connection", e.Name))
	}
	for _, p := range devops.CorePipelines("", "") {
		s.pipelines = append(s.pipelines, IDProjectStep(org, pr.Name, "pipeline", p.Name))
	}
	needs := append(append([]string{s.varGroup, s.repository}, s.connections...), s.pipelines...)
	spec := map[string]any{"queue": hostedQueue, "allPipelines": []string{"variable group", "service connections"}}
	s.projectScoped = b.newProjectScoped(o, pr, []string{"pipeline-permissions"}, "Pipeline permissions", roleProjectAdmin, spec, needs...)
	return s
}

// grants are the authorizations, once the resources' ids are known.
func (s *pipelinePermissionsStep) grants(ctx context.Context, env *Env) ([]grant, error) {
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	pid := s.projectID(env)
	queue, err := c.QueueID(ctx, pid, hostedQueue)
	if err != nil {
		return nil, err
	}
	var pipelines []int
	for _, p := range s.pipelines {
		id, _ := strconv.Atoi(env.Input(p, OutPipelineID))
		pipelines = append(pipelines, id)
	}
	authorize := func(what, typ, id string, only []int) grant {
		return grant{what: what,
			has: func(ctx context.Context) (bool, error) { return c.PipelinesAuthorized(ctx, pid, typ, id, only) },
			ensure: func(ctx context.Context) (devops.Outcome, error) {
				if only == nil {
					return c.AuthorizeAllPipelines(ctx, pid, typ, id)
				}
				return c.AuthorizePipelines(ctx, pid, typ, id, only)
			}}
	}
	out := []grant{authorize("every pipeline may use the variable group", devops.ResourceVariableGroup, env.Input(s.varGroup, OutVarGroupID), nil)}
	for _, sc := range s.connections {
		out = append(out, authorize("every pipeline may use service connection "+env.Input(sc, OutEndpointID), devops.ResourceEndpoint, env.Input(sc, OutEndpointID), nil))
	}
	return append(out,
		authorize("the core pipelines may use queue "+hostedQueue, devops.ResourceQueue, strconv.Itoa(queue), pipelines),
		authorize("the core pipelines may use the templates repository", devops.ResourceRepository, pid+"."+env.Input(s.repository, OutRepositoryID), pipelines)), nil
}

// Observe checks every authorization.
func (s *pipelinePermissionsStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	grants, err := s.grants(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	obs, err := grantsObservation(ctx, grants, s.settingsLink("adminservices"))
	if err == nil && !obs.Matches {
		// The run waits with "This pipeline needs permission to access a
		// resource before this run can continue" until someone permits it
		// (learn.microsoft.com/azure/devops/pipelines/process/resources:
		// "Authorize a YAML pipeline").
		obs.Detail += ". The makers' pipeline runs wait for a person to permit the resource"
	}
	return obs, err
}

// Apply writes the missing authorizations.
func (s *pipelinePermissionsStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	grants, err := s.grants(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	return applyGrants(ctx, grants, s.settingsLink("adminservices"))
}

// Destroy removes nothing: the authorizations go with the resources they
// authorize, which their own steps remove.
func (s *pipelinePermissionsStep) Destroy(context.Context, *Env) error { return nil }
