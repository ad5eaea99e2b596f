package devops

import (
	"context"
	"fmt"
	"strings"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/git"

	"almwiz/providers/transport"
)

// TemplatesRepository is where the ALM Accelerator pipeline templates come from.
const TemplatesRepository = "https://github.com/microsoft/coe-alm-accelerator-templates"

// TemplatesTag is the last template release, matching solution 1.0.20240305.1.
const TemplatesTag = "CenterofExcellenceALMAccelerator-March2024"

// ImportTemplates fills an empty repository from sourceURL with an import
// request and returns its id. A repository that has content, or an import
// already under way, is reported as Found (with the running import's id, or
// 0): a repository is never imported twice.
//
// About ref: an Azure DevOps import request has no parameter for a ref — the
// real service imports every ref of the source, with the source's default
// branch as default branch. Against a sandbox (WithSandboxImportRef) the ref
// is sent as a "#ref" fragment, which the sandbox records and creates.
// Against the real service it is not sent; call CheckTemplateRef after the
// import to confirm the tag arrived and whether main points at it.
func (c *Client) ImportTemplates(ctx context.Context, projectID, repoID, sourceURL, ref string) (int, Outcome, error) {
	if id, busy, err := c.existingImport(ctx, projectID, repoID); err != nil || busy {
		return id, Found, err
	}
	url := sourceURL
	if c.sandbox && ref != "" {
		url += "#" + ref
	}
	req := &git.GitImportRequest{Parameters: &git.GitImportRequestParameters{GitSource: &git.GitImportGitSource{Url: &url, Overwrite: ptr(false)}}}
	// A repeated request is refused (the repository is no longer empty), and
	// the lookup below then finds the first one, so retrying is safe.
	ir, err := c.git.CreateImportRequest(transport.RetrySafe(ctx), git.CreateImportRequestArgs{Project: &projectID, RepositoryId: &repoID, ImportRequest: req})
	if err != nil && isStatus(err, 400, 409) {
		if id, busy, lerr := c.existingImport(ctx, projectID, repoID); lerr == nil && busy {
			return id, Found, nil
		}
	}
	if err != nil {
		return 0, Found, fmt.Errorf("import %s into repository %s: %w", sourceURL, repoID, c.apiError(err))
	}
	return val(ir.ImportRequestId), Created, nil
}

// existingImport reports whether the repository has content or an import
// under way, with that import's id.
func (c *Client) existingImport(ctx context.Context, projectID, repoID string) (int, bool, error) {
	irs, err := c.git.QueryImportRequests(ctx, git.QueryImportRequestsArgs{Project: &projectID, RepositoryId: &repoID})
	if err != nil {
		return 0, false, fmt.Errorf("list import requests of repository %s: %w", repoID, c.apiError(err))
	}
	for _, ir := range *irs {
		switch val(ir.Status) {
		case git.GitAsyncOperationStatusValues.Queued, git.GitAsyncOperationStatusValues.InProgress, git.GitAsyncOperationStatusValues.Completed:
			return val(ir.ImportRequestId), true, nil
		}
	}
	refs, err := c.refs(ctx, projectID, repoID, "")
	return 0, len(refs) > 0, err
}

// WaitImport polls an import request until it completes, telling progress
// each step. A new Client can re-attach with a recorded id; an id of 0
// (ImportTemplates found content and imported nothing) returns at once.
func (c *Client) WaitImport(ctx context.Context, projectID, repoID string, importRequestID int, progress func(string)) error {
	if importRequestID == 0 {
		return nil
	}
	last := ""
	for {
		ir, err := c.git.GetImportRequest(ctx, git.GetImportRequestArgs{Project: &projectID, RepositoryId: &repoID, ImportRequestId: &importRequestID})
		if err != nil {
			return fmt.Errorf("check import request %d: %w", importRequestID, c.apiError(err))
		}
		if step := importStep(ir); step != last && progress != nil {
			progress(step)
			last = step
		}
		switch val(ir.Status) {
		case git.GitAsyncOperationStatusValues.Completed:
			return nil
		case git.GitAsyncOperationStatusValues.Failed, git.GitAsyncOperationStatusValues.Abandoned:
			msg := ""
			if ir.DetailedStatus != nil {
				msg = val(ir.DetailedStatus.ErrorMessage)
			}
			return fmt.Errorf("import request %d %s: %s", importRequestID, val(ir.Status), msg)
		}
		if err := sleep(ctx, c.poll); err != nil {
			return fmt.Errorf("wait for import request %d: %w", importRequestID, err)
		}
	}
}

// importStep is the import's status and current step in words.
func importStep(ir *git.GitImportRequest) string {
	s := "import " + string(val(ir.Status))
	if d := ir.DetailedStatus; d != nil && d.AllSteps != nil {
		if i := val(d.CurrentStep) - 1; i >= 0 && i < len(*d.AllSteps) {
			s += ": " + (*d.AllSteps)[i]
		}
	}
	return s
}

// CheckTemplateRef confirms that the imported repository has ref (a tag, or
// a full ref name) and reports whether refs/heads/main points at the same
// commit. The real import brings the source's default branch as main, which
// may be newer than the release tag; almwiz then tells the admin rather than
// rewriting main.
func (c *Client) CheckTemplateRef(ctx context.Context, projectID, repoID, ref string) (mainMatches bool, err error) {
	if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/tags/" + ref
	}
	refs, err := c.refs(ctx, projectID, repoID, "")
	if err != nil {
		return false, err
	}
	commits := map[string]string{}
	for _, r := range refs {
		commits[val(r.Name)] = val(r.ObjectId)
	}
	want, ok := commits[ref]
	if !ok {
		return false, fmt.Errorf("check the templates in repository %s: %s was not imported", repoID, ref)
	}
	return commits["refs/heads/main"] == want, nil
}
