package devops

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"almwiz/providers/sandbox/emulator"
)

// breakRequest is the body of POST /_sandbox/devops/break: the state to
// put the organization in and the keys that say where.
type breakRequest struct {
	State        string `json:"state"`
	Organization string `json:"organization"`
	Project      string `json:"project"`
	// pipeline-permission-revoked: the resource's type and its name or id.
	ResourceType string `json:"resourceType"`
	Resource     string `json:"resource"`
	// templates-behind and templates-customised: the repository; for
	// templates-behind the release tag main moves back to.
	Repository string `json:"repository"`
	Tag        string `json:"tag"`
}

// The states POST /_sandbox/devops/break puts an organization in, each
// standing in for what an admin does in the portal:
//
//   - pipeline-permission-revoked: {organization, project, resourceType
//     (variablegroup, endpoint, queue or repository), resource (name or id)}
//     forgets every pipeline authorization of the resource, as its
//     Security → Pipeline permissions page does when the admin removes them
//     (learn.microsoft.com/azure/devops/pipelines/policies/permissions: "Pipeline
//     permissions").
//   - build-service-acl-removed: {organization, project} removes the build
//     service identities' entries from the project's Git repositories
//     (token repoV2/<projectId>), as removing them under Project settings →
//     Repositories → Security does.
//   - templates-behind: {organization, project, repository, tag} points main
//     at the commit of a release tag, as an import made from an older
//     release, or a reset of main, leaves it (or, with a newer tag, as the
//     sync-pipeline-repo pipeline run ahead of the profile leaves it).
//   - templates-customised: {organization, project, repository} adds a commit
//     of the organization's own on main, as a push of customised templates
//     does.
//
// A missing key is a 400 naming it, in the service's error shape.
func (s *Service) registerBreakControl(mux *http.ServeMux) {
	mux.HandleFunc("POST "+emulator.PrefixControl+"/devops/break", func(w http.ResponseWriter, r *http.Request) {
		var req breakRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, "The body must be JSON with state and its keys.", "InvalidRequestContent")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		status, msg := s.breakState(req)
		if status != http.StatusNoContent {
			writeError(w, status, msg, "InvalidRequestContent")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// breakState puts the organization in req.State; it answers 204, or the
// status and message of what is wrong with req.
func (s *Service) breakState(req breakRequest) (int, string) {
	need := map[string][]string{
		"pipeline-permission-revoked": {"organization", "project", "resourceType", "resource"},
		"build-service-acl-removed":   {"organization", "project"},
		"templates-behind":            {"organization", "project", "repository", "tag"},
		"templates-customised":        {"organization", "project", "repository"},
	}
	keys, ok := need[req.State]
	if !ok {
		return http.StatusBadRequest, "state must be one of " + strings.Join(slices.Sorted(maps.Keys(need)), ", ") + "."
	}
	given := map[string]string{"organization": req.Organization, "project": req.Project, "resourceType": req.ResourceType,
		"resource": req.Resource, "repository": req.Repository, "tag": req.Tag}
	for _, k := range keys {
		if given[k] == "" {
			return http.StatusBadRequest, req.State + " needs " + k + "."
		}
	}
	o := s.st.Orgs[lower(req.Organization)]
	var p *project
	if o != nil {
		p = o.project(req.Project)
	}
	if p == nil {
		return http.StatusNotFound, "project " + req.Project + " of organization " + req.Organization + " does not exist."
	}
	switch req.State {
	case "pipeline-permission-revoked":
		return o.revokePipelinePermissions(p, req.ResourceType, req.Resource)
	case "build-service-acl-removed":
		o.removeBuildServiceGitEntries(p)
		return http.StatusNoContent, ""
	}
	repo := o.repository(p.ID, req.Repository)
	if repo == nil {
		return http.StatusNotFound, "repository " + req.Repository + " does not exist in project " + p.Name + "."
	}
	if req.State == "templates-behind" {
		commit := repo.tagCommit(req.Tag)
		if commit == "" {
			return http.StatusNotFound, "repository " + repo.Name + " has no tag " + req.Tag + "."
		}
		repo.moveMain(commit)
		return http.StatusNoContent, ""
	}
	commit := sourceObject("commit", "customised "+newID())
	repo.Commits = append(repo.Commits, commit)
	repo.moveMain(commit)
	return http.StatusNoContent, ""
}

// revokePipelinePermissions forgets the authorizations of one resource.
func (o *organization) revokePipelinePermissions(p *project, typ, nameOrID string) (int, string) {
	id := o.resourceID(p, typ, nameOrID)
	if id == "" {
		return http.StatusNotFound, "project " + p.Name + " has no " + typ + " " + nameOrID + " (resourceType is variablegroup, endpoint, queue or repository)."
	}
	o.Permissions = slices.DeleteFunc(o.Permissions, func(x *pipelinePermissions) bool {
		return x.ProjectID == p.ID && sameName(x.ResourceType, typ) && sameName(x.ResourceID, id)
	})
	return http.StatusNoContent, ""
}

// resourceID is the id pipeline permissions use for the project's resource
// of type typ named (or numbered) nameOrID, or "".
func (o *organization) resourceID(p *project, typ, nameOrID string) string {
	switch lower(typ) {
	case "variablegroup":
		for _, g := range o.VariableGroups {
			if (sameName(g.Name, nameOrID) || strconv.Itoa(g.ID) == nameOrID) && sharedWith(g.Projects, p.ID) {
				return strconv.Itoa(g.ID)
			}
		}
	case "endpoint":
		for _, e := range o.Endpoints {
			if (sameName(e.Name, nameOrID) || sameName(e.ID, nameOrID)) && sharedWith(e.Projects, p.ID) {
				return e.ID
			}
		}
	case "queue":
		if q := o.queue(p.ID, nameOrID); q != nil {
			return strconv.Itoa(q.ID)
		}
	case "repository":
		if r := o.repository(p.ID, nameOrID); r != nil {
			return p.ID + "." + r.ID
		}
	}
	return ""
}

func sharedWith(shares []projectShare, projectID string) bool {
	return slices.ContainsFunc(shares, func(s projectShare) bool { return s.ProjectID == projectID })
}

// removeBuildServiceGitEntries drops the build service identities' entries
// on the project's Git repositories token.
func (o *organization) removeBuildServiceGitEntries(p *project) {
	a := o.acl(namespaceGitRepositories, "repoV2/"+p.ID, false)
	if a == nil {
		return
	}
	for d := range a.Entries {
		if strings.HasPrefix(d, "Microsoft.TeamFoundation.ServiceIdentity;") {
			delete(a.Entries, d)
		}
	}
}

// moveMain points the default branch at commit, as a push or a ref update would.
func (r *repository) moveMain(commit string) {
	for i := range r.Refs {
		if r.Refs[i].Name == "refs/heads/main" {
			r.Refs[i].ObjectID = commit
		}
	}
	if r.DefaultBranch == "refs/heads/main" {
		r.CommitID = commit
	}
}
