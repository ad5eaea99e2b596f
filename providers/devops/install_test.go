package devops_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"almwiz/profiles"
	"almwiz/providers/devops"
	"almwiz/providers/transport"
)

// install is an ALM-Accelerator-shaped run against one organization, as
// the steps package will drive it.
type install struct {
	project, description string
	entraGroup           string // object id of the makers' Entra group
	tenantID, appID      string
	secret               string
	rotate               bool // the secret is new: rewrite it everywhere
	environments         []string
}

// result is what a run observed or made.
type result struct {
	project   *devops.Project
	repo      *devops.Repository
	pipelines []int
	group     int
	endpoints []string
	makers    *devops.Group
	jobScope  devops.JobScope
}

func newInstall() install {
	return install{project: "ALM", description: "ALM Accelerator for Power Platform", entraGroup: "9f8e7d6c-0000-4000-8000-00000000abcd",
		tenantID: "3f2a1b0c-1111-4222-8333-444455556666", appID: "5e6f7a8b-aaaa-4bbb-8ccc-ddddeeeeffff", secret: "s3cr3t~Value-That-Must-Not-Leak-0001",
		environments: []string{"https://contoso-validation.crm.dynamics.com", "https://contoso-test.crm.dynamics.com/", "https://contoso-prod.crm.dynamics.com/"}}
}

// run applies every step in order; with resume it retries a step that
// failed on a transient error, as the runner and almwiz resume do.
func (in install) run(ctx context.Context, c *devops.Client, resume bool) (result, error) {
	var r result
	for _, step := range []struct {
		name string
		do   func(context.Context, *devops.Client, *result) error
	}{
		{"extensions", in.extensions}, {"project", in.ensureProject}, {"repository", in.repository},
		{"pipelines", in.pipelines}, {"variable group", in.variableGroup}, {"service connections", in.serviceConnections},
		{"pipeline permissions", in.permissions}, {"makers group", in.makersGroup}, {"build service", in.buildService},
		{"job scope", in.jobScope},
	} {
		err := step.do(ctx, c, &r)
		for attempt := 0; resume && err != nil && transient(err) && attempt < 8; attempt++ {
			err = step.do(ctx, c, &r)
		}
		if err != nil {
			return r, fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return r, nil
}

func transient(err error) bool {
	var api *transport.APIError
	return errors.As(err, &api) && api.Transient()
}

func (in install) extensions(ctx context.Context, c *devops.Client, _ *result) error {
	for _, e := range profiles.DefaultExtensions {
		publisher, name, _ := strings.Cut(e, ".")
		if _, err := c.EnsureExtension(ctx, publisher, name); err != nil {
			return err
		}
	}
	return nil
}

func (in install) ensureProject(ctx context.Context, c *devops.Client, r *result) error {
	op, err := c.QueueProject(ctx, in.project, in.description)
	if err != nil {
		return err
	}
	if op != "" {
		if err := c.WaitOperation(ctx, op, nil); err != nil {
			return err
		}
	}
	r.project, err = c.WaitProject(ctx, in.project, nil)
	return err
}

func (in install) repository(ctx context.Context, c *devops.Client, r *result) error {
	pid := r.project.ID
	repo, _, err := c.EnsureRepository(ctx, pid, "pipelines")
	if err != nil {
		return err
	}
	id, _, err := c.ImportTemplates(ctx, pid, repo.ID, devops.TemplatesRepository)
	if err != nil {
		return err
	}
	if err := c.WaitImport(ctx, pid, repo.ID, id, nil); err != nil {
		return err
	}
	if _, err := c.EnsureDefaultBranch(ctx, pid, repo.ID, "refs/heads/main"); err != nil {
		return err
	}
	if _, err := c.PinBranchToTag(ctx, pid, repo.ID, "refs/heads/main", devops.TemplatesTag); err != nil {
		return err
	}
	if ok, err := c.CheckTemplateRef(ctx, pid, repo.ID, "refs/heads/main", devops.TemplatesTag); err != nil || !ok {
		return fmt.Errorf("template ref: main matches %s = %t, %v", devops.TemplatesTag, ok, err)
	}
	r.repo = repo
	return nil
}

func (in install) pipelines(ctx context.Context, c *devops.Client, r *result) error {
	r.pipelines = nil
	for _, spec := range devops.CorePipelines(r.repo.ID, r.repo.Name) {
		id, _, err := c.EnsurePipeline(ctx, r.project.ID, spec)
		if err != nil {
			return err
		}
		r.pipelines = append(r.pipelines, id)
	}
	return nil
}

func (in install) variableGroup(ctx context.Context, c *devops.Client, r *result) (err error) {
	r.group, _, err = c.EnsureVariableGroup(ctx, r.project.ID, devops.VariableGroupName, "ALM Accelerator for Power Platform",
		map[string]devops.Variable{"AADHost": {Value: "login.microsoftonline.com"}})
	return err
}

func (in install) serviceConnections(ctx context.Context, c *devops.Client, r *result) error {
	r.endpoints = nil
	for _, env := range in.environments {
		id, _, err := c.EnsureServiceConnection(ctx, r.project.ID, devops.ServiceConnectionSpec{EnvironmentURL: env,
			TenantID: in.tenantID, ApplicationID: in.appID, ClientSecret: in.secret, UpdateSecret: in.rotate})
		if err != nil {
			return err
		}
		r.endpoints = append(r.endpoints, id)
	}
	return nil
}

func (in install) permissions(ctx context.Context, c *devops.Client, r *result) error {
	pid := r.project.ID
	if _, err := c.AuthorizeAllPipelines(ctx, pid, devops.ResourceVariableGroup, fmt.Sprint(r.group)); err != nil {
		return err
	}
	for _, e := range r.endpoints {
		if _, err := c.AuthorizeAllPipelines(ctx, pid, devops.ResourceEndpoint, e); err != nil {
			return err
		}
	}
	queue, err := c.QueueID(ctx, pid, "Azure Pipelines")
	if err != nil {
		return err
	}
	_, err = c.AuthorizePipelines(ctx, pid, devops.ResourceQueue, fmt.Sprint(queue), r.pipelines)
	return err
}

func (in install) makersGroup(ctx context.Context, c *devops.Client, r *result) error {
	pid := r.project.ID
	g, _, err := c.EnsureProjectGroup(ctx, pid, devops.MakersGroupName, "Makers using the ALM Accelerator for Power Platform")
	if err != nil {
		return err
	}
	r.makers = g
	if _, err := c.EnsureEntraGroupMember(ctx, g.Descriptor, in.entraGroup); err != nil {
		return err
	}
	id, err := c.IdentityID(ctx, g.Descriptor)
	if err != nil {
		return err
	}
	if _, err := c.EnsureRoleAssignment(ctx, devops.ScopeVariableGroup, devops.VariableGroupResource(pid, r.group), id, "User"); err != nil {
		return err
	}
	for _, e := range r.endpoints {
		if _, err := c.EnsureRoleAssignment(ctx, devops.ScopeServiceEndpoint, devops.ServiceEndpointResource(pid, e), id, "User"); err != nil {
			return err
		}
	}
	return nil
}

func (in install) buildService(ctx context.Context, c *devops.Client, r *result) error {
	pid := r.project.ID
	ids, err := c.BuildServiceIdentities(ctx, r.project.Name)
	if err != nil {
		return err
	}
	git, err := c.ActionBits(ctx, devops.NamespaceGitRepositories, devops.GitActions)
	if err != nil {
		return err
	}
	build, err := c.ActionBits(ctx, devops.NamespaceBuild, devops.BuildActions)
	if err != nil {
		return err
	}
	queue, err := c.QueueID(ctx, pid, "Azure Pipelines")
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := c.EnsureACE(ctx, devops.NamespaceGitRepositories, devops.GitProjectToken(pid), id.Descriptor, git); err != nil {
			return err
		}
		if _, err := c.EnsureACE(ctx, devops.NamespaceBuild, pid, id.Descriptor, build); err != nil {
			return err
		}
		if _, err := c.EnsureRoleAssignment(ctx, devops.ScopeAgentQueue, devops.AgentQueueResource(pid, queue), id.ID, "Reader"); err != nil {
			return err
		}
	}
	for _, e := range r.endpoints { // the project build service administers the connections
		if _, err := c.EnsureRoleAssignment(ctx, devops.ScopeServiceEndpoint, devops.ServiceEndpointResource(pid, e), ids[0].ID, "Administrator"); err != nil {
			return err
		}
	}
	return nil
}

func (in install) jobScope(ctx context.Context, c *devops.Client, r *result) (err error) {
	r.jobScope, err = c.JobAuthorizationScope(ctx, r.project.ID)
	return err
}
