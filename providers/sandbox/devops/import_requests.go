package devops

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// importRequest imports a remote Git repository into an empty one.
type importRequest struct {
	ID                int         `json:"importRequestId"`
	ProjectID         string      `json:"projectId"`
	RepositoryID      string      `json:"repositoryId"`
	SourceURL         string      `json:"sourceUrl"`
	Ref               string      `json:"ref,omitempty"` // a #fragment of the source URL, recorded but ignored
	Overwrite         bool        `json:"overwrite,omitempty"`
	ServiceEndpointID string      `json:"serviceEndpointId,omitempty"`
	RequestedBy       identityRef `json:"requestedBy"`
	Status            string      `json:"status"`
	ErrorMessage      string      `json:"errorMessage,omitempty"`
	DueAt             time.Time   `json:"dueAt"`
}

// Import statuses as the git area reports them.
const (
	importQueued     = "queued"
	importInProgress = "inProgress"
	importCompleted  = "completed"
	importFailed     = "failed"
)

var importSteps = []string{"Processing request", "Analyzing repository objects", "Storing objects", "Storing index file", "Updating references", "Import completed successfully"}

func importRoutes() []route {
	const base = "{project}/_apis/git/repositories/{repositoryId}/importRequests"
	return []route{
		{hostDevOps, http.MethodPost, base, createImport},
		{hostDevOps, http.MethodGet, base, listImports},
		{hostDevOps, http.MethodGet, base + "/{importRequestId}", getImport},
	}
}

func (ir *importRequest) done() bool {
	return ir.Status == importCompleted || ir.Status == importFailed
}

func (q *request) importJSON(p *project, r *repository, ir *importRequest) map[string]any {
	step := 1
	switch ir.Status {
	case importInProgress:
		step = 3
	case importCompleted:
		step = len(importSteps)
	}
	src := map[string]any{"url": ir.SourceURL, "overwrite": ir.Overwrite}
	params := map[string]any{"gitSource": src, "deleteServiceEndpointAfterImportIsDone": false}
	if ir.ServiceEndpointID != "" {
		params["serviceEndpointId"] = ir.ServiceEndpointID
	}
	url := q.base + "/" + p.ID + "/_apis/git/repositories/" + r.ID + "/importRequests/" + strconv.Itoa(ir.ID)
	return map[string]any{
		"importRequestId": ir.ID, "repository": q.repositoryJSON(p, r), "parameters": params,
		"status": ir.Status, "url": url, "_links": map[string]any{"self": map[string]any{"href": url}},
		"detailedStatus": map[string]any{"currentStep": step, "allSteps": importSteps, "errorMessage": ir.ErrorMessage},
	}
}

func createImport(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	var in struct {
		Parameters struct {
			GitSource struct {
				URL       string `json:"url"`
				Overwrite bool   `json:"overwrite"`
			} `json:"gitSource"`
			ServiceEndpointID string `json:"serviceEndpointId"`
		} `json:"parameters"`
	}
	if !q.decode(&in) {
		return
	}
	src := in.Parameters.GitSource
	if src.URL == "" {
		q.badRequest("TF401025: 'parameters.gitSource.url' must be specified.", "ArgumentNullException")
		return
	}
	if !r.empty() || q.org.activeImport(r.ID) != nil {
		q.badRequest("TF401443: The repository "+r.Name+" is not empty. Import requests can only be created for empty repositories.", "GitImportForbiddenOnNonEmptyRepositoryException")
		return
	}
	q.org.Counters.Import++
	url, ref, _ := strings.Cut(src.URL, "#")
	ir := &importRequest{ID: q.org.Counters.Import, ProjectID: p.ID, RepositoryID: r.ID, SourceURL: url, Ref: ref,
		Overwrite: src.Overwrite, ServiceEndpointID: in.Parameters.ServiceEndpointID, Status: importQueued, RequestedBy: q.caller(),
		DueAt: q.s.env.Now().Add(q.s.operationDelay())}
	q.org.Imports = append(q.org.Imports, ir)
	q.created(q.importJSON(p, r, ir))
}

func (o *organization) activeImport(repoID string) *importRequest {
	for _, ir := range o.Imports {
		if ir.RepositoryID == repoID && !ir.done() {
			return ir
		}
	}
	return nil
}

func listImports(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	var out []map[string]any
	for _, ir := range q.org.Imports {
		if ir.RepositoryID == r.ID {
			out = append(out, q.importJSON(p, r, ir))
		}
	}
	listOf(q, out)
}

func getImport(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	for _, ir := range q.org.Imports {
		if ir.RepositoryID == r.ID && strconv.Itoa(ir.ID) == q.param("importRequestId") {
			if ir.Status == importQueued {
				ir.Status = importInProgress
			}
			q.ok(q.importJSON(p, r, ir))
			return
		}
	}
	q.notFound("TF401455: The import request "+q.param("importRequestId")+" could not be found.", "GitImportRequestNotFoundException")
}

// finishImport completes an import: the ALM Accelerator templates repository
// fills the target with stand-ins; any other source fails, as the sandbox has
// no network to fetch it from.
func finishImport(o *organization, ir *importRequest) {
	var repo *repository
	for _, r := range o.Repositories {
		if r.ID == ir.RepositoryID {
			repo = r
		}
	}
	if repo == nil {
		ir.Status, ir.ErrorMessage = importFailed, "The target repository was deleted."
		return
	}
	if !isTemplatesRepository(ir.SourceURL) {
		ir.Status = importFailed
		ir.ErrorMessage = "Unable to access the source repository " + ir.SourceURL + " (the sandbox only serves the ALM Accelerator templates)."
		return
	}
	// The real import brings the source's default branch and all its tags;
	// a request has no ref parameter, and a #fragment on the URL is no way
	// to ask for one (GitImportGitSource in the 7.1 git spec: url, overwrite).
	fillWithTemplates(repo, ir.RequestedBy)
	ir.Status = importCompleted
}
