package devops

import (
	"context"
	"fmt"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"
)

// JobScope is what the pipelines' job access token may reach in a project:
// "Limit job authorization scope to current project for non-release
// pipelines" and "Protect access to repositories in YAML pipelines" (once
// called "Limit job authorization scope to referenced Azure DevOps
// repositories"), each as it applies to the project.
type JobScope struct {
	Limited        bool   // limited to the current project (set on the organization or the project)
	ProtectedRepos bool   // limited to the repositories a job references, with pipeline permission
	Advice         string // what to tell the admin about the job authorization scope
}

// JobAuthorizationScope reads the effective settings through the project's
// build general settings (the organization-level settings have no official
// REST route; an organization setting that is on forces the project's on).
func (c *Client) JobAuthorizationScope(ctx context.Context, project string) (JobScope, error) {
	s, err := c.build.GetBuildGeneralSettings(ctx, build.GetBuildGeneralSettingsArgs{Project: &project})
	if err != nil {
		return JobScope{}, fmt.Errorf("read pipeline settings of project %q: %w", project, c.apiError(err))
	}
	js := JobScope{Limited: val(s.EnforceJobAuthScope), ProtectedRepos: val(s.EnforceReferencedRepoScopedToken)}
	if !js.Limited {
		js.Advice = "\"Limit job authorization scope to current project for non-release pipelines\" is off: pipelines may use the templates from any project."
		return js, nil
	}
	js.Advice = "\"Limit job authorization scope to current project for non-release pipelines\" is on for project " + project +
		". That is fine while the pipeline templates live in this project. If they live in another project, a Project Collection Administrator " +
		"must turn it off under Organization settings → Pipelines → Settings (and Project settings → Pipelines → Settings), or the pipelines fail to read the templates."
	return js, nil
}

// SetRepositoryProtection turns "Protect access to repositories in YAML
// pipelines" (enforceReferencedRepoScopedToken) on or off for the project
// (PATCH {project}/_apis/build/generalsettings, 7.1 build spec) and reports
// whether the effective setting is now what was asked: an organization
// setting that is on keeps it on in every project, and has no REST route.
func (c *Client) SetRepositoryProtection(ctx context.Context, project string, on bool) (bool, error) {
	// Setting the same value again changes nothing: safe to retry.
	s, err := c.build.UpdateBuildGeneralSettings(retrySafe(ctx), build.UpdateBuildGeneralSettingsArgs{Project: &project,
		NewSettings: &build.PipelineGeneralSettings{EnforceReferencedRepoScopedToken: &on}})
	if err != nil {
		return false, fmt.Errorf("set \"Protect access to repositories in YAML pipelines\" of project %q: %w", project, c.apiError(err))
	}
	return val(s.EnforceReferencedRepoScopedToken) == on, nil
}
