package devops

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
)

// Project is a team project.
type Project struct {
	ID, Name, State string // State is wellFormed once creation has finished
	Description     string // as given at creation (core 7.1 TeamProjectReference.description)
}

// FindProject finds the project named name (case-insensitively) in any
// state, paging through every project of the organization (the CoE CLI
// looked at the first 100 or 300 only). It returns nil when there is none.
func (c *Client) FindProject(ctx context.Context, name string) (*Project, error) {
	var found *Project
	err := c.eachProject(ctx, core.ProjectStateValues.All, func(p Project) bool {
		if strings.EqualFold(p.Name, name) {
			found = &p
		}
		return found == nil
	})
	if err != nil {
		return nil, fmt.Errorf("list projects to find %q: %w", name, err)
	}
	return found, nil
}

// Projects lists the organization's finished (wellFormed) projects, every
// page of them, in the order the service gives (core 7.1 Projects_List).
func (c *Client) Projects(ctx context.Context) ([]Project, error) {
	var out []Project
	err := c.eachProject(ctx, core.ProjectStateValues.WellFormed, func(p Project) bool { out = append(out, p); return true })
	if err != nil {
		return nil, fmt.Errorf("list the projects of organization %s: %w", c.org, err)
	}
	return out, nil
}

// eachProject calls fn for every project in state, page by page, until fn
// returns false.
func (c *Client) eachProject(ctx context.Context, state core.ProjectState, fn func(Project) bool) error {
	args := core.GetProjectsArgs{StateFilter: &state, Top: ptr(100)}
	for {
		page, err := c.core.GetProjects(ctx, args)
		if err != nil {
			return c.apiError(err)
		}
		for _, p := range page.Value {
			if !fn(Project{ID: p.Id.String(), Name: val(p.Name), State: string(val(p.State)), Description: val(p.Description)}) {
				return nil
			}
		}
		next, err := strconv.Atoi(page.ContinuationToken)
		if page.ContinuationToken == "" || err != nil || len(page.Value) == 0 {
			return nil
		}
		args.ContinuationToken = &next
	}
}

// QueueProject queues the creation of a private Git project with the
// organization's default process and returns the operation's URL before
// waiting, so a checkpoint can record it (see WaitOperation). It returns ""
// when the project exists already (FindProject returns it). The POST is not
// retried on a 5xx: its operation URL would be lost; a resumed run finds the
// project and waits with WaitProject.
func (c *Client) QueueProject(ctx context.Context, name, description string) (string, error) {
	if p, err := c.FindProject(ctx, name); err != nil || p != nil {
		return "", err
	}
	process, err := c.defaultProcess(ctx)
	if err != nil {
		return "", err
	}
	op, err := c.core.QueueCreateProject(ctx, core.QueueCreateProjectArgs{ProjectToCreate: &core.TeamProject{
		Name: &name, Description: &description, Visibility: &core.ProjectVisibilityValues.Private,
		Capabilities: &map[string]map[string]string{
			"versioncontrol":  {"sourceControlType": "Git"},
			"processTemplate": {"templateTypeId": process},
		}}})
	if err != nil {
		return "", fmt.Errorf("create project %q: %w", name, c.apiError(err))
	}
	if op.Url != nil && *op.Url != "" {
		return *op.Url, nil
	}
	return op.Id.String(), nil
}

// defaultProcess is the id of the organization's default process.
func (c *Client) defaultProcess(ctx context.Context) (string, error) {
	ps, err := c.core.GetProcesses(ctx, core.GetProcessesArgs{})
	if err != nil {
		return "", fmt.Errorf("list processes: %w", c.apiError(err))
	}
	for _, p := range *ps {
		if val(p.IsDefault) {
			return p.Id.String(), nil
		}
	}
	if len(*ps) > 0 {
		return (*ps)[0].Id.String(), nil
	}
	return "", fmt.Errorf("list processes: organization %s has none", c.org)
}
