package devops

import (
	"context"
	"fmt"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/build"
)

// JobScope is the "Limit job authorization scope to current project for
// non-release pipelines" setting as it applies to a project.
type JobScope struct {
	Limited bool   // on for the project (set on the organization or the project)
	Advice  string // what to tell the admin
}

// JobAuthorizationScope reads the effective setting through the project's
// build general settings (the organization-level setting has no official
// REST route; an organization setting that is on forces the project's on).
// It only reads: turning it off is the admin's security decision.
func (c *Client) JobAuthorizationScope(ctx context.Context, project string) (JobScope, error) {
	s, err := c.build.GetBuildGeneralSettings(ctx, build.GetBuildGeneralSettingsArgs{Project: &project})
	if err != nil {
		return JobScope{}, fmt.Errorf("read pipeline settings of project %q: %w", project, c.apiError(err))
	}
	if !val(s.EnforceJobAuthScope) {
		return JobScope{Advice: "\"Limit job authorization scope to current project for non-release pipelines\" is off: pipelines may use the templates from any project."}, nil
	}
	return JobScope{Limited: true, Advice: "\"Limit job authorization scope to current project for non-release pipelines\" is on for project " + project +
		". That is fine while the pipeline templates live in this project. If they live in another project, a Project Collection Administrator " +
		"must turn it off under Organization settings → Pipelines → Settings (and Project settings → Pipelines → Settings), or the pipelines fail to read the templates."}, nil
}
