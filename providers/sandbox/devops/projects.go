package devops

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// project is a team project. It is created in state createPending and becomes
// wellFormed when its creation operation succeeds.
type project struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Description   string    `json:"description,omitempty"`
	Visibility    string    `json:"visibility"`
	State         string    `json:"state"`
	Revision      int       `json:"revision"`
	ProcessID     string    `json:"processTemplateTypeId"`
	SourceControl string    `json:"sourceControlType"`
	DefaultTeamID string    `json:"defaultTeamId"`
	LastUpdate    time.Time `json:"lastUpdateTime"`
	OperationID   string    `json:"operationId,omitempty"`
}

func projectRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "_apis/projects", listProjects},
		{hostDevOps, http.MethodPost, "_apis/projects", createProject},
		{hostDevOps, http.MethodGet, "_apis/projects/{projectId}", getProject},
		{hostDevOps, http.MethodDelete, "_apis/projects/{projectId}", deleteProject},
	}
}

// project finds a project by name or id, case-insensitively.
func (o *organization) project(nameOrID string) *project {
	for _, p := range o.Projects {
		if sameName(p.Name, nameOrID) || sameName(p.ID, nameOrID) {
			return p
		}
	}
	return nil
}

func (o *organization) projectByID(id string) *project {
	for _, p := range o.Projects {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// projectParam resolves the {project} route value, answering 404 when absent.
func (q *request) projectParam() *project {
	return q.projectNamed(q.param("project"))
}

func (q *request) projectNamed(nameOrID string) *project {
	if p := q.org.project(nameOrID); p != nil {
		return p
	}
	q.notFound("TF200016: The following project does not exist: "+nameOrID+". Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.", "ProjectDoesNotExistWithNameException")
	return nil
}

func (q *request) projectRef(p *project) map[string]any {
	return map[string]any{
		"id": p.ID, "name": p.Name, "description": p.Description, "url": q.base + "/_apis/projects/" + p.ID,
		"state": p.State, "revision": p.Revision, "visibility": p.Visibility, "lastUpdateTime": p.LastUpdate,
	}
}

func listProjects(q *request) {
	filter := q.query("stateFilter")
	if filter == "" {
		filter = "wellFormed"
	}
	ps := slices.Clone(q.org.Projects)
	slices.SortFunc(ps, func(a, b *project) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	var out []map[string]any
	for _, p := range ps {
		if sameName(filter, "all") || sameName(filter, p.State) {
			out = append(out, q.projectRef(p))
		}
	}
	page(q, out, 100)
}

func getProject(q *request) {
	p := q.projectNamed(q.param("projectId"))
	if p == nil {
		return
	}
	out := q.projectRef(p)
	out["defaultTeam"] = map[string]any{"id": p.DefaultTeamID, "name": p.Name + " Team"}
	out["_links"] = map[string]any{"self": map[string]any{"href": out["url"]}}
	if strings.EqualFold(q.query("includeCapabilities"), "true") {
		out["capabilities"] = map[string]any{
			"versioncontrol":  map[string]any{"sourceControlType": p.SourceControl, "gitEnabled": "true", "tfvcEnabled": "false"},
			"processTemplate": map[string]any{"templateName": processName(p.ProcessID), "templateTypeId": p.ProcessID},
		}
	}
	q.ok(out)
}

// projectCreation is the body of QueueCreateProject.
type projectCreation struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Visibility   string `json:"visibility"`
	Capabilities struct {
		VersionControl  map[string]string `json:"versioncontrol"`
		ProcessTemplate map[string]string `json:"processTemplate"`
	} `json:"capabilities"`
}

func createProject(q *request) {
	var in projectCreation
	if !q.decode(&in) {
		return
	}
	if msg := validProjectName(in.Name); msg != "" {
		q.badRequest(msg, "InvalidProjectNameException")
		return
	}
	if q.org.project(in.Name) != nil {
		q.conflict("TF200019: The following project already exists on the Azure DevOps Server: "+in.Name+". You cannot create a new project with the same name as an existing project. Provide a different name.", "ProjectAlreadyExistsException")
		return
	}
	procID := in.Capabilities.ProcessTemplate["templateTypeId"]
	if processName(procID) == "" {
		q.badRequest("VS403293: The process template '"+procID+"' could not be found.", "ProcessTemplateNotFoundException")
		return
	}
	p := q.s.addProject(q.org, in, "new")
	op := q.s.startOperation(q.org, "createProject", p.ID)
	p.OperationID = op.ID
	q.accepted(q.operationRef(op))
}

// validProjectName applies the real service's project naming rules.
func validProjectName(name string) string {
	if strings.TrimSpace(name) == "" || len(name) > 64 || strings.ContainsAny(name, `\/:*?"<>;#$*{},+=[]|`) ||
		strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return "VS402914: The project name '" + name + "' is not valid. Project names must not be empty, exceed 64 characters, start with '_' or '.', end with '.', or contain special characters."
	}
	return ""
}

// addProject creates the project and what the real service creates with it:
// an empty default repository named after it, its agent queues, its default
// security groups and its build service identity.
func (s *Service) addProject(o *organization, in projectCreation, state string) *project {
	vis := in.Visibility
	if vis == "" {
		vis = "private"
	}
	p := &project{ID: newID(), Name: in.Name, Description: in.Description, Visibility: vis, State: state,
		Revision: 1, ProcessID: in.Capabilities.ProcessTemplate["templateTypeId"], SourceControl: "Git",
		DefaultTeamID: newID(), LastUpdate: s.env.Now().UTC()}
	if sc := in.Capabilities.VersionControl["sourceControlType"]; sc != "" {
		p.SourceControl = sc
	}
	o.Projects = append(o.Projects, p)
	o.Repositories = append(o.Repositories, &repository{ID: newID(), Name: p.Name, ProjectID: p.ID})
	o.addQueues(p)
	o.addProjectGroups(p)
	o.Identities = append(o.Identities, projectBuildService(o, p))
	o.ProjectConfig[p.ID] = newProjectConfig()
	return p
}

func deleteProject(q *request) {
	p := q.projectNamed(q.param("projectId"))
	if p == nil {
		return
	}
	q.accepted(q.operationRef(q.s.startOperation(q.org, "deleteProject", p.ID)))
}

// removeProject forgets the project and everything scoped to it.
func (o *organization) removeProject(id string) {
	o.Projects = slices.DeleteFunc(o.Projects, func(p *project) bool { return p.ID == id })
	o.Repositories = slices.DeleteFunc(o.Repositories, func(r *repository) bool { return r.ProjectID == id })
	o.Definitions = slices.DeleteFunc(o.Definitions, func(d *buildDefinition) bool { return d.ProjectID == id })
	o.Queues = slices.DeleteFunc(o.Queues, func(a *agentQueue) bool { return a.ProjectID == id })
	o.Permissions = slices.DeleteFunc(o.Permissions, func(p *pipelinePermissions) bool { return p.ProjectID == id })
	o.Groups = slices.DeleteFunc(o.Groups, func(g *graphGroup) bool { return g.ProjectID == id })
	delete(o.ProjectConfig, id)
}
