package devops

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"

	"almwiz/providers/transport"
)

// Repository is a Git repository of a project.
type Repository struct {
	ID, Name, ProjectID, DefaultBranch string
}

func repositoryOf(r *git.GitRepository, projectID string) *Repository {
	return &Repository{ID: r.Id.String(), Name: val(r.Name), ProjectID: projectID, DefaultBranch: val(r.DefaultBranch)}
}

// EnsureRepository creates the Git repository name in the project unless it
// exists.
func (c *Client) EnsureRepository(ctx context.Context, projectID, name string) (*Repository, Outcome, error) {
	r, err := c.git.GetRepository(ctx, git.GetRepositoryArgs{Project: &projectID, RepositoryId: &name})
	if err == nil {
		return repositoryOf(r, projectID), Found, nil
	}
	if !isNotFound(err) {
		return nil, Found, fmt.Errorf("look up repository %q: %w", name, c.apiError(err))
	}
	pid, err := uuid.Parse(projectID)
	if err != nil {
		return nil, Found, fmt.Errorf("create repository %q: project id %q is not a GUID", name, projectID)
	}
	// A repeated create answers 409 (TF400948), so retrying cannot make two.
	r, err = c.git.CreateRepository(transport.RetrySafe(ctx), git.CreateRepositoryArgs{Project: &projectID,
		GitRepositoryToCreate: &git.GitRepositoryCreateOptions{Name: &name, Project: &core.TeamProjectReference{Id: &pid}}})
	if isDuplicate(err) {
		r, err = c.git.GetRepository(ctx, git.GetRepositoryArgs{Project: &projectID, RepositoryId: &name})
		if err == nil {
			return repositoryOf(r, projectID), Found, nil
		}
	}
	if err != nil {
		return nil, Found, fmt.Errorf("create repository %q: %w", name, c.apiError(err))
	}
	return repositoryOf(r, projectID), Created, nil
}

// EnsureDefaultBranch makes branch (e.g. refs/heads/main) the repository's
// default branch; the generated ALM Accelerator pipelines hard-code main.
func (c *Client) EnsureDefaultBranch(ctx context.Context, projectID, repoID, branch string) (Outcome, error) {
	r, err := c.git.GetRepository(ctx, git.GetRepositoryArgs{Project: &projectID, RepositoryId: &repoID})
	if err != nil {
		return Found, fmt.Errorf("look up repository %s: %w", repoID, c.apiError(err))
	}
	if val(r.DefaultBranch) == branch {
		return Found, nil
	}
	// Setting the same default branch again changes nothing: safe to retry.
	_, err = c.git.UpdateRepository(retrySafe(ctx), git.UpdateRepositoryArgs{Project: &projectID, RepositoryId: r.Id,
		NewRepositoryInfo: &git.GitRepository{DefaultBranch: &branch}})
	if err != nil {
		return Found, fmt.Errorf("set default branch of repository %q to %s: %w", val(r.Name), branch, c.apiError(err))
	}
	return Updated, nil
}

// refs lists the repository's refs under filter (e.g. "heads/", "tags/"),
// paging through continuation tokens.
func (c *Client) refs(ctx context.Context, projectID, repoID, filter string) ([]git.GitRef, error) {
	return c.listRefs(ctx, git.GetRefsArgs{Project: &projectID, RepositoryId: &repoID, Filter: &filter})
}

// listRefs pages through GET .../refs with args.
func (c *Client) listRefs(ctx context.Context, args git.GetRefsArgs) ([]git.GitRef, error) {
	var all []git.GitRef
	for {
		page, err := c.git.GetRefs(ctx, args)
		if err != nil {
			return nil, fmt.Errorf("list refs of repository %s: %w", val(args.RepositoryId), c.apiError(err))
		}
		all = append(all, page.Value...)
		if page.ContinuationToken == "" || len(page.Value) == 0 {
			return all, nil
		}
		args.ContinuationToken = &page.ContinuationToken
	}
}
