package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"

	"almwiz/providers/transport"
)

// PipelineSpec is a YAML pipeline (build definition) to ensure.
type PipelineSpec struct {
	Name           string // unique in the project; the accelerator app looks pipelines up by name
	YAMLPath       string // e.g. /Pipelines/export-solution-to-git.yml
	RepositoryID   string // the Azure Repos Git repository holding the YAML
	RepositoryName string
	Branch         string // e.g. refs/heads/main
	Queue          string // agent queue name, e.g. Azure Pipelines
	Description    string // of a pipeline this call creates (build 7.1 BuildDefinition.description); an existing one keeps its own
}

// corePipelines are the ALM Accelerator's core pipelines: name and YAML path.
var corePipelines = [][2]string{
	{"export-solution-to-git", "/Pipelines/export-solution-to-git.yml"},
	{"import-unmanaged-to-dev-environment", "/Pipelines/import-unmanaged-to-dev-environment.yml"},
	{"delete-unmanaged-solution-and-components", "/Pipelines/delete-unmanaged-solution-and-components.yml"},
	{"sync-pipeline-repo", "/Pipelines/sync-pipeline-repo.yml"},
}

// CorePipelines are the four pipelines an install creates, all from the
// templates repository repo on main with the hosted queue.
func CorePipelines(repoID, repoName string) []PipelineSpec {
	out := make([]PipelineSpec, 0, len(corePipelines))
	for _, p := range corePipelines {
		out = append(out, PipelineSpec{Name: p[0], YAMLPath: p[1], RepositoryID: repoID, RepositoryName: repoName,
			Branch: "refs/heads/main", Queue: "Azure Pipelines"})
	}
	return out
}

// yamlProcess is the process of a YAML pipeline (type 2).
func yamlProcess(path string) map[string]any {
	return map[string]any{"type": 2, "yamlFilename": path}
}

// EnsurePipeline creates the pipeline spec.Name in the project unless one
// by that name exists; an existing one pointing at another YAML file or
// repository is updated. It returns the definition id.
func (c *Client) EnsurePipeline(ctx context.Context, project string, spec PipelineSpec) (int, Outcome, error) {
	id, err := c.findPipeline(ctx, project, spec.Name)
	if err != nil {
		return 0, Found, err
	}
	if id != 0 {
		return c.alignPipeline(ctx, project, id, spec)
	}
	queue, err := c.QueueID(ctx, project, spec.Queue)
	if err != nil {
		return 0, Found, err
	}
	def := &build.BuildDefinition{Name: &spec.Name, Path: ptr(`\`), Type: &build.DefinitionTypeValues.Build, Description: &spec.Description,
		Queue: &build.AgentPoolQueue{Id: &queue}, Process: yamlProcess(spec.YAMLPath), Repository: repositoryRef(spec),
		// One CI trigger that defers to the YAML's own triggers, as the accelerator's installer sets it.
		Triggers: &[]any{map[string]any{"triggerType": "continuousIntegration", "settingsSourceType": 2,
			"branchFilters": []string{}, "pathFilters": []string{}, "batchChanges": false, "maxConcurrentBuildsPerBranch": 1}}}
	// A repeated create answers 409 (the name exists in the folder).
	d, err := c.build.CreateDefinition(transport.RetrySafe(ctx), build.CreateDefinitionArgs{Project: &project, Definition: def})
	if isDuplicate(err) {
		if id, ferr := c.findPipeline(ctx, project, spec.Name); ferr == nil && id != 0 {
			return id, Found, nil
		}
	}
	if err != nil {
		return 0, Found, fmt.Errorf("create pipeline %q: %w", spec.Name, c.apiError(err))
	}
	return val(d.Id), Created, nil
}

func repositoryRef(spec PipelineSpec) *build.BuildRepository {
	return &build.BuildRepository{Id: &spec.RepositoryID, Name: &spec.RepositoryName, Type: ptr("TfsGit"), DefaultBranch: &spec.Branch}
}

// findPipeline is the id of the pipeline named name, or 0.
func (c *Client) findPipeline(ctx context.Context, project, name string) (int, error) {
	args := build.GetDefinitionsArgs{Project: &project, Name: &name}
	for {
		page, err := c.build.GetDefinitions(ctx, args)
		if err != nil {
			return 0, fmt.Errorf("look up pipeline %q: %w", name, c.apiError(err))
		}
		for _, d := range page.Value {
			if strings.EqualFold(val(d.Name), name) {
				return val(d.Id), nil
			}
		}
		if page.ContinuationToken == "" || len(page.Value) == 0 {
			return 0, nil
		}
		args.ContinuationToken = &page.ContinuationToken
	}
}

// alignPipeline updates an existing pipeline whose YAML path or repository
// differ from spec, keeping everything else an admin may have set.
func (c *Client) alignPipeline(ctx context.Context, project string, id int, spec PipelineSpec) (int, Outcome, error) {
	aligned, d, err := c.alignedPipeline(ctx, project, id, spec)
	if err != nil || aligned {
		return id, Found, err
	}
	d.Process, d.Repository = yamlProcess(spec.YAMLPath), repositoryRef(spec)
	if _, err := c.build.UpdateDefinition(ctx, build.UpdateDefinitionArgs{Project: &project, DefinitionId: &id, Definition: d}); err != nil {
		return id, Found, fmt.Errorf("update pipeline %q: %w", spec.Name, c.apiError(err))
	}
	return id, Updated, nil
}

// alignedPipeline reads pipeline id and reports whether it runs spec's YAML
// file from spec's repository.
func (c *Client) alignedPipeline(ctx context.Context, project string, id int, spec PipelineSpec) (bool, *build.BuildDefinition, error) {
	d, err := c.build.GetDefinition(ctx, build.GetDefinitionArgs{Project: &project, DefinitionId: &id})
	if err != nil {
		return false, nil, fmt.Errorf("read pipeline %q: %w", spec.Name, c.apiError(err))
	}
	process, _ := d.Process.(map[string]any)
	yaml, _ := process["yamlFilename"].(string)
	return yaml == spec.YAMLPath && d.Repository != nil && strings.EqualFold(val(d.Repository.Id), spec.RepositoryID), d, nil
}

// PipelineDescription is the description of pipeline id; found is false
// when there is none.
func (c *Client) PipelineDescription(ctx context.Context, project string, id int) (description string, found bool, err error) {
	d, err := c.build.GetDefinition(ctx, build.GetDefinitionArgs{Project: &project, DefinitionId: &id})
	if isNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read pipeline %d: %w", id, c.apiError(err))
	}
	return val(d.Description), true, nil
}
