package devops

import (
	"net/http"
	"net/url"
	"slices"
)

// repository is a Git repository. Files holds the content of its default
// branch by path; Refs its branches and tags.
type repository struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	ProjectID     string            `json:"projectId"`
	DefaultBranch string            `json:"defaultBranch,omitempty"`
	Refs          []gitRef          `json:"refs,omitempty"`
	Files         map[string]string `json:"files,omitempty"`
	CommitID      string            `json:"commitId,omitempty"` // main's head
	Commits       []string          `json:"commits,omitempty"`  // every commit it holds
	Tags          []annotatedTag    `json:"annotatedTags,omitempty"`
	Disabled      bool              `json:"isDisabled,omitempty"`
}

func repositoryRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "{project}/_apis/git/repositories", listRepositories},
		{hostDevOps, http.MethodPost, "{project}/_apis/git/repositories", createRepository},
		{hostDevOps, http.MethodGet, "{project}/_apis/git/repositories/{repositoryId}", getRepository},
		{hostDevOps, http.MethodPatch, "{project}/_apis/git/repositories/{repositoryId}", updateRepository},
		{hostDevOps, http.MethodDelete, "{project}/_apis/git/repositories/{repositoryId}", deleteRepository},
	}
}

// empty reports whether the repository has no refs, as after creation.
func (r *repository) empty() bool { return len(r.Refs) == 0 }

func (o *organization) repository(projectID, nameOrID string) *repository {
	for _, r := range o.Repositories {
		if r.ProjectID == projectID && (sameName(r.Name, nameOrID) || sameName(r.ID, nameOrID)) {
			return r
		}
	}
	return nil
}

// repositoryParam resolves {project} and {repositoryId}, answering 404 when absent.
func (q *request) repositoryParam() (*project, *repository) {
	p := q.projectParam()
	if p == nil {
		return nil, nil
	}
	r := q.org.repository(p.ID, q.param("repositoryId"))
	if r == nil {
		q.notFound("TF401019: The Git repository with name or identifier "+q.param("repositoryId")+" does not exist or you do not have permissions for the operation you are attempting.", "GitRepositoryNotFoundException")
		return p, nil
	}
	return p, r
}

func (q *request) repositoryJSON(p *project, r *repository) map[string]any {
	web := q.base + "/" + url.PathEscape(p.Name) + "/_git/" + url.PathEscape(r.Name)
	out := map[string]any{
		"id": r.ID, "name": r.Name, "url": q.base + "/" + p.ID + "/_apis/git/repositories/" + r.ID,
		"project": q.projectRef(p), "size": len(r.Files), "remoteUrl": web, "webUrl": web,
		"sshUrl":     "git@ssh.dev.azure.com:v3/" + q.org.Name + "/" + p.Name + "/" + r.Name,
		"isDisabled": r.Disabled, "isInMaintenance": false,
	}
	self := out["url"].(string)
	out["_links"] = map[string]any{
		"self": map[string]any{"href": self}, "web": map[string]any{"href": web},
		"project": map[string]any{"href": "vstfs:///Classification/TeamProject/" + p.ID},
		"refs":    map[string]any{"href": self + "/refs"}, "items": map[string]any{"href": self + "/items"},
	}
	if r.DefaultBranch != "" {
		out["defaultBranch"] = r.DefaultBranch
	}
	return out
}

func listRepositories(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	var out []map[string]any
	for _, r := range q.org.Repositories {
		if r.ProjectID == p.ID {
			out = append(out, q.repositoryJSON(p, r))
		}
	}
	listOf(q, out)
}

func getRepository(q *request) {
	if p, r := q.repositoryParam(); r != nil {
		q.ok(q.repositoryJSON(p, r))
	}
}

func createRepository(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	var in struct {
		Name    string            `json:"name"`
		Project map[string]string `json:"project"`
	}
	if !q.decode(&in) {
		return
	}
	if in.Name == "" {
		q.badRequest("TF401025: 'name' must be specified.", "ArgumentNullException")
		return
	}
	if q.org.repository(p.ID, in.Name) != nil {
		q.conflict("TF400948: A Git repository with the name "+in.Name+" already exists.", "GitRepositoryNameAlreadyExistsException")
		return
	}
	r := &repository{ID: newID(), Name: in.Name, ProjectID: p.ID}
	q.org.Repositories = append(q.org.Repositories, r)
	q.created(q.repositoryJSON(p, r))
}

func updateRepository(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	var in struct {
		Name          string `json:"name"`
		DefaultBranch string `json:"defaultBranch"`
		IsDisabled    *bool  `json:"isDisabled"`
	}
	if !q.decode(&in) {
		return
	}
	if in.Name != "" && !sameName(in.Name, r.Name) && q.org.repository(p.ID, in.Name) != nil {
		q.conflict("TF400948: A Git repository with the name "+in.Name+" already exists.", "GitRepositoryNameAlreadyExistsException")
		return
	}
	if in.Name != "" {
		r.Name = in.Name
	}
	if in.DefaultBranch != "" {
		r.DefaultBranch = in.DefaultBranch
	}
	if in.IsDisabled != nil {
		r.Disabled = *in.IsDisabled
	}
	q.ok(q.repositoryJSON(p, r))
}

func deleteRepository(q *request) {
	_, r := q.repositoryParam()
	if r == nil {
		return
	}
	q.org.Repositories = slices.DeleteFunc(q.org.Repositories, func(x *repository) bool { return x == r })
	q.w.WriteHeader(http.StatusNoContent)
}
