package devops

import (
	"net/http"
	"slices"
	"time"
)

// pipelinePermissions says which pipelines may use a protected resource
// (variable group, service endpoint, agent queue, repository ...).
type pipelinePermissions struct {
	ProjectID    string               `json:"projectId"`
	ResourceType string               `json:"resourceType"`
	ResourceID   string               `json:"resourceId"`
	AllPipelines *permission          `json:"allPipelines,omitempty"`
	Pipelines    []pipelinePermission `json:"pipelines,omitempty"`
}

// permission is one authorization with who granted it and when.
type permission struct {
	Authorized   bool        `json:"authorized"`
	AuthorizedBy identityRef `json:"authorizedBy"`
	AuthorizedOn time.Time   `json:"authorizedOn"`
}

// pipelinePermission authorizes one pipeline (definition id).
type pipelinePermission struct {
	ID int `json:"id"`
	permission
}

var resourceTypes = []string{"endpoint", "variablegroup", "queue", "repository", "securefile", "environment"}

func pipelinePermissionRoutes() []route {
	const base = "{project}/_apis/pipelines/pipelinePermissions"
	return []route{
		{hostDevOps, http.MethodGet, base + "/{resourceType}/{resourceId}", getPipelinePermissions},
		{hostDevOps, http.MethodPatch, base + "/{resourceType}/{resourceId}", updatePipelinePermissions},
		{hostDevOps, http.MethodPatch, base, updatePipelinePermissionsBatch},
	}
}

func (o *organization) permissions(projectID, typ, id string) *pipelinePermissions {
	for _, p := range o.Permissions {
		if p.ProjectID == projectID && sameName(p.ResourceType, typ) && sameName(p.ResourceID, id) {
			return p
		}
	}
	return &pipelinePermissions{ProjectID: projectID, ResourceType: typ, ResourceID: id}
}

func (p *pipelinePermissions) json(q *request) map[string]any {
	by := func(x permission) map[string]any {
		return map[string]any{"authorized": x.Authorized, "authorizedOn": x.AuthorizedOn,
			"authorizedBy": x.AuthorizedBy}
	}
	out := map[string]any{"resource": map[string]any{"type": p.ResourceType, "id": p.ResourceID}, "pipelines": []any{}}
	if p.AllPipelines != nil {
		out["allPipelines"] = by(*p.AllPipelines)
	}
	var pipes []any
	for _, x := range p.Pipelines {
		m := by(x.permission)
		m["id"] = x.ID
		pipes = append(pipes, m)
	}
	if pipes != nil {
		out["pipelines"] = pipes
	}
	return out
}

func (q *request) validResourceType(typ string) bool {
	if slices.ContainsFunc(resourceTypes, func(t string) bool { return sameName(t, typ) }) {
		return true
	}
	q.badRequest("Resource type "+typ+" is not supported.", "ArgumentException")
	return false
}

func getPipelinePermissions(q *request) {
	p := q.projectParam()
	if p == nil || !q.validResourceType(q.param("resourceType")) {
		return
	}
	q.ok(q.org.permissions(p.ID, q.param("resourceType"), q.param("resourceId")).json(q))
}

// permissionsBody is ResourcePipelinePermissions as clients send it.
type permissionsBody struct {
	Resource struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"resource"`
	AllPipelines *struct {
		Authorized bool `json:"authorized"`
	} `json:"allPipelines"`
	Pipelines []struct {
		ID         int  `json:"id"`
		Authorized bool `json:"authorized"`
	} `json:"pipelines"`
}

func updatePipelinePermissions(q *request) {
	p := q.projectParam()
	if p == nil || !q.validResourceType(q.param("resourceType")) {
		return
	}
	var in permissionsBody
	if !q.decode(&in) {
		return
	}
	q.ok(q.applyPermissions(p, q.param("resourceType"), q.param("resourceId"), in).json(q))
}

func updatePipelinePermissionsBatch(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	var in []permissionsBody
	if !q.decode(&in) {
		return
	}
	var out []map[string]any
	for _, b := range in {
		if !q.validResourceType(b.Resource.Type) {
			return
		}
		out = append(out, q.applyPermissions(p, b.Resource.Type, b.Resource.ID, b).json(q))
	}
	listOf(q, out)
}

// applyPermissions merges in: allPipelines replaces, pipelines merge by id.
func (q *request) applyPermissions(p *project, typ, id string, in permissionsBody) *pipelinePermissions {
	perm := q.org.permissions(p.ID, typ, id)
	if !slices.Contains(q.org.Permissions, perm) {
		q.org.Permissions = append(q.org.Permissions, perm)
	}
	now := permission{AuthorizedBy: q.caller(), AuthorizedOn: q.s.env.Now().UTC()}
	if in.AllPipelines != nil {
		a := now
		a.Authorized = in.AllPipelines.Authorized
		perm.AllPipelines = &a
	}
	for _, x := range in.Pipelines {
		a := now
		a.Authorized = x.Authorized
		perm.Pipelines = slices.DeleteFunc(perm.Pipelines, func(y pipelinePermission) bool { return y.ID == x.ID })
		perm.Pipelines = append(perm.Pipelines, pipelinePermission{ID: x.ID, permission: a})
	}
	return perm
}
