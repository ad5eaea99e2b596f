package steps

import (
	"context"

	"almwiz/profiles"
	"almwiz/providers/devops"
)

// buildPermissionsStep gives both build service identities — "<project>
// Build Service (<org>)" and "Project Collection Build Service (<org>)" —
// what the pipelines do as them: contribute to every repository of the
// project (18452 on repoV2/<projectId>: the makers' solution repositories
// come later), edit and run the project's pipelines, read the hosted agent
// pool; and makes the project build service Administrator of the service
// connections. Missing, it is the most common cause of failed installs.
type buildPermissionsStep struct {
	projectScoped
	connections []string // the service connection steps
}

func (b *build) buildPermissionsStep(o profiles.Organization, pr profiles.Project) Step {
	org := orgName(o)
	s := &buildPermissionsStep{}
	for _, e := range b.connected(pr) {
		s.connections = append(s.connections, IDProjectStep(org, pr.Name, "service-connection", e.Name))
	}
	spec := map[string]any{"git": devops.GitActions, "gitScope": "project", "build": devops.BuildActions, "queue": "Reader", "connections": "Administrator"}
	s.projectScoped = b.newProjectScoped(o, pr, []string{"build-service-permissions"}, "Build service permissions", roleCollectionAdmin,
		spec, s.connections...)
	return s
}

// Observe checks every permission of both identities.
func (s *buildPermissionsStep) Observe(ctx context.Context, env *Env) (Observation, error) {
	grants, err := s.grants(ctx, env)
	if err != nil {
		return Observation{}, err
	}
	obs, err := grantsObservation(ctx, grants, s.settingsLink("repositories"))
	if err == nil && !obs.Matches {
		// Without them the export pipeline's push fails with "TF401027: You
		// need the Git 'GenericContribute' permission to perform this action"
		// (learn.microsoft.com/power-platform/guidance/alm-accelerator/setup-azure-devops:
		// the build service needs Contribute on the repositories).
		obs.Detail += ". The makers' pipelines fail to commit their solutions or to run"
	}
	return obs, err
}

// Apply gives the missing permissions.
func (s *buildPermissionsStep) Apply(ctx context.Context, env *Env, _ Observation) (Outcome, error) {
	grants, err := s.grants(ctx, env)
	if err != nil {
		return Outcome{}, err
	}
	return applyGrants(ctx, grants, s.settingsLink("repositories"))
}

// grants are the permissions, once the identities, the action bits and the
// resources' ids are known.
func (s *buildPermissionsStep) grants(ctx context.Context, env *Env) ([]grant, error) {
	c, err := s.client(ctx)
	if err != nil {
		return nil, err
	}
	pid := s.projectID(env)
	ids, err := c.BuildServiceIdentities(ctx, s.projectName)
	if err != nil {
		return nil, err
	}
	gitBits, err := c.ActionBits(ctx, devops.NamespaceGitRepositories, devops.GitActions)
	if err != nil {
		return nil, err
	}
	buildBits, err := c.ActionBits(ctx, devops.NamespaceBuild, devops.BuildActions)
	if err != nil {
		return nil, err
	}
	queue, err := c.QueueID(ctx, pid, hostedQueue)
	if err != nil {
		return nil, err
	}
	repo := devops.GitProjectToken(pid)
	var out []grant
	for _, id := range ids {
		out = append(out, aceGrant(c, id.DisplayName, devops.NamespaceGitRepositories, repo, id.Descriptor, gitBits),
			aceGrant(c, id.DisplayName, devops.NamespaceBuild, pid, id.Descriptor, buildBits),
			roleGrant(c, id.DisplayName+": Reader on "+hostedQueue, devops.ScopeAgentQueue, devops.AgentQueueResource(pid, queue), id.ID, "Reader"))
	}
	for _, sc := range s.connections {
		e := env.Input(sc, OutEndpointID)
		out = append(out, roleGrant(c, ids[0].DisplayName+": Administrator on service connection "+e, devops.ScopeServiceEndpoint,
			devops.ServiceEndpointResource(pid, e), ids[0].ID, "Administrator"))
	}
	return out, nil
}

// ProveOwnership proves the permissions through the project they are in:
// in a project almwiz created, they cannot have existed before the
// install. In another project nothing tells the permissions almwiz gave
// from those the build service had, so they stay.
func (s *buildPermissionsStep) ProveOwnership(ctx context.Context, env *Env) error {
	if err := proveProject(ctx, &s.devopsStep, s.id, s.projectName, s.projectID(env)); err != nil {
		return &UnprovableError{What: "the build service's permissions in project " + s.projectName,
			Why: "access control entries keep no field almwiz could mark, and the project is not proven almwiz's; review them under Project settings → Repositories → Security and Pipelines → Security"}
	}
	return nil
}

// Destroy takes the permissions away. The runner calls it only when they
// were missing at the first observation, so these are the ones almwiz gave.
func (s *buildPermissionsStep) Destroy(ctx context.Context, env *Env) error {
	grants, err := s.grants(ctx, env)
	if err != nil {
		return err
	}
	return removeGrants(ctx, grants)
}
