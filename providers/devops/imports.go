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
// An import request has no parameter for a ref (GitImportGitSource in the
// 7.1 git spec has url and overwrite only): the service imports the source's
// default branch and all its tags. PinBranchToTag then moves main to the
// release tag.
func (c *Client) ImportTemplates(ctx context.Context, projectID, repoID, sourceURL string) (int, Outcome, error) {
	if id, busy, err := c.existingImport(ctx, projectID, repoID); err != nil || busy {
		return id, Found, err
	}
	url := sourceURL
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
// a full ref name) and reports whether branch (e.g. refs/heads/main) is at
// the commit it names. An annotated tag's ref holds the tag object, not the
// commit: it is peeled before comparing.
func (c *Client) CheckTemplateRef(ctx context.Context, projectID, repoID, branch, ref string) (matches bool, err error) {
	at, want, err := c.refCommits(ctx, projectID, repoID, branch, ref)
	return err == nil && at == want, err
}

// PinBranchToTag points branch at the commit ref (a tag, or a full ref
// name) names, with the refs API (POST .../refs, oldObjectId → newObjectId,
// 7.1 git spec Refs_Update Refs), unless it is there already. The update is
// conditional on the branch's current commit, so a concurrent push makes it
// fail instead of being lost.
func (c *Client) PinBranchToTag(ctx context.Context, projectID, repoID, branch, ref string) (Outcome, error) {
	at, want, err := c.refCommits(ctx, projectID, repoID, branch, ref)
	if err != nil || at == want {
		return Found, err
	}
	res, err := c.git.UpdateRefs(ctx, git.UpdateRefsArgs{Project: &projectID, RepositoryId: &repoID,
		RefUpdates: &[]git.GitRefUpdate{{Name: &branch, OldObjectId: &at, NewObjectId: &want}}})
	if err != nil {
		return Found, fmt.Errorf("point %s of repository %s at %s: %w", branch, repoID, ref, c.apiError(err))
	}
	for _, r := range val(res) {
		if !val(r.Success) {
			return Found, fmt.Errorf("point %s of repository %s at %s: the service answered %s %s", branch, repoID, ref, val(r.UpdateStatus), val(r.CustomMessage))
		}
	}
	return Updated, nil
}

// refCommits is the commit branch is at (all zeros when it is missing) and
// the commit ref names, peeled through an annotated tag.
func (c *Client) refCommits(ctx context.Context, projectID, repoID, branch, ref string) (at, want string, err error) {
	if !strings.HasPrefix(ref, "refs/") {
		ref = "refs/tags/" + ref
	}
	args := git.GetRefsArgs{Project: &projectID, RepositoryId: &repoID, PeelTags: ptr(true)}
	refs, err := c.listRefs(ctx, args)
	if err != nil {
		return "", "", err
	}
	at = zeroObjectID
	var tag *git.GitRef
	for i, r := range refs {
		switch val(r.Name) {
		case branch:
			at = val(r.ObjectId)
		case ref:
			tag = &refs[i]
		}
	}
	if tag == nil {
		return "", "", fmt.Errorf("check the templates in repository %s: %s was not imported", repoID, ref)
	}
	if want = val(tag.PeeledObjectId); want == "" {
		want, err = c.peel(ctx, projectID, repoID, val(tag.ObjectId))
	}
	return at, want, err
}

// zeroObjectID stands for a missing ref in a ref update.
const zeroObjectID = "0000000000000000000000000000000000000000"

// peel follows annotated tags (GET .../annotatedtags/{objectId}) down to
// the object they tag; an object that is no annotated tag (404) is the
// commit a lightweight tag points at.
func (c *Client) peel(ctx context.Context, projectID, repoID, objectID string) (string, error) {
	for range 10 {
		t, err := c.git.GetAnnotatedTag(ctx, git.GetAnnotatedTagArgs{Project: &projectID, RepositoryId: &repoID, ObjectId: &objectID})
		if isNotFound(err) {
			return objectID, nil
		}
		if err != nil {
			return "", fmt.Errorf("read annotated tag %s: %w", objectID, c.apiError(err))
		}
		if t.TaggedObject == nil || val(t.TaggedObject.ObjectId) == "" {
			return "", fmt.Errorf("annotated tag %s tags nothing", objectID)
		}
		objectID = val(t.TaggedObject.ObjectId)
	}
	return "", fmt.Errorf("annotated tag %s: more than 10 tags deep", objectID)
}
