package devops

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// buildDefinition is a pipeline definition. Body keeps what the client sent
// (process, repository, variables, triggers ...), echoed back on reads.
type buildDefinition struct {
	ID        int            `json:"id"`
	Revision  int            `json:"revision"`
	ProjectID string         `json:"projectId"`
	Name      string         `json:"name"`
	Path      string         `json:"path"`
	Created   time.Time      `json:"createdDate"`
	Body      map[string]any `json:"body"`
}

func definitionRoutes() []route {
	const base = "{project}/_apis/build/definitions"
	return []route{
		{hostDevOps, http.MethodGet, base, listDefinitions},
		{hostDevOps, http.MethodPost, base, createDefinition},
		{hostDevOps, http.MethodGet, base + "/{definitionId}", getDefinition},
		{hostDevOps, http.MethodPut, base + "/{definitionId}", updateDefinition},
		{hostDevOps, http.MethodDelete, base + "/{definitionId}", deleteDefinition},
	}
}

func (o *organization) definition(projectID, id string) *buildDefinition {
	for _, d := range o.Definitions {
		if d.ProjectID == projectID && strconv.Itoa(d.ID) == id {
			return d
		}
	}
	return nil
}

func (q *request) definitionRef(p *project, d *buildDefinition) map[string]any {
	return map[string]any{
		"id": d.ID, "name": d.Name, "path": d.Path, "revision": d.Revision, "type": "build",
		"queueStatus": "enabled", "quality": "definition", "createdDate": d.Created, "project": q.projectRef(p),
		"url": q.base + "/" + p.ID + "/_apis/build/Definitions/" + strconv.Itoa(d.ID) + "?revision=" + strconv.Itoa(d.Revision),
		"uri": "vstfs:///Build/Definition/" + strconv.Itoa(d.ID),
	}
}

func (q *request) definitionJSON(p *project, d *buildDefinition) map[string]any {
	out := map[string]any{}
	for k, v := range d.Body {
		out[k] = v
	}
	for k, v := range q.definitionRef(p, d) {
		out[k] = v
	}
	return out
}

func listDefinitions(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	name, path, ids := q.query("name"), q.query("path"), q.query("definitionIds")
	full := strings.EqualFold(q.query("includeAllProperties"), "true")
	var out []map[string]any
	for _, d := range q.org.Definitions {
		if d.ProjectID != p.ID || (name != "" && !wildcardMatch(name, d.Name)) ||
			(path != "" && !sameName(path, d.Path)) || (ids != "" && !inCSV(ids, strconv.Itoa(d.ID))) {
			continue
		}
		if full {
			out = append(out, q.definitionJSON(p, d))
		} else {
			out = append(out, q.definitionRef(p, d))
		}
	}
	page(q, out, 10000)
}

func getDefinition(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	if d := q.definitionParam(p); d != nil {
		q.ok(q.definitionJSON(p, d))
	}
}

func (q *request) definitionParam(p *project) *buildDefinition {
	d := q.org.definition(p.ID, q.param("definitionId"))
	if d == nil {
		q.notFound("The requested build definition "+q.param("definitionId")+" cannot be found.", "DefinitionNotFoundException")
	}
	return d
}

func createDefinition(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	body := map[string]any{}
	if !q.decode(&body) {
		return
	}
	name, path := str(body["name"]), normalPath(str(body["path"]))
	if name == "" {
		q.badRequest("Value cannot be null.\r\nParameter name: definition.Name", "ArgumentNullException")
		return
	}
	if q.org.definitionNamed(p.ID, name, path) != nil {
		q.conflict(fmt.Sprintf("The build pipeline %s\\%s already exists.", strings.TrimSuffix(path, `\`), name), "DefinitionExistsException")
		return
	}
	if !q.resolveQueue(p, body) {
		return
	}
	q.org.Counters.Definition++
	d := &buildDefinition{ID: q.org.Counters.Definition, Revision: 1, ProjectID: p.ID, Name: name, Path: path,
		Created: q.s.env.Now().UTC(), Body: body}
	q.org.Definitions = append(q.org.Definitions, d)
	q.ok(q.definitionJSON(p, d))
}

func (o *organization) definitionNamed(projectID, name, path string) *buildDefinition {
	for _, d := range o.Definitions {
		if d.ProjectID == projectID && sameName(d.Name, name) && sameName(d.Path, path) {
			return d
		}
	}
	return nil
}

// resolveQueue fills body's queue reference (by id or name) from the
// project's queues, answering 400 when it names none.
func (q *request) resolveQueue(p *project, body map[string]any) bool {
	ref, ok := body["queue"].(map[string]any)
	if !ok {
		return true
	}
	key := str(ref["name"])
	if id, ok := ref["id"].(float64); ok && id != 0 {
		key = strconv.Itoa(int(id))
	}
	a := q.org.queue(p.ID, key)
	if a == nil {
		q.badRequest("Could not find agent queue '"+key+"' in project "+p.Name+".", "BuildRequestValidationFailedException")
		return false
	}
	body["queue"] = queueJSON(a)
	return true
}

func updateDefinition(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	d := q.definitionParam(p)
	if d == nil {
		return
	}
	body := map[string]any{}
	if !q.decode(&body) {
		return
	}
	if rev, ok := body["revision"].(float64); !ok || int(rev) != d.Revision {
		q.conflict(fmt.Sprintf("The definition %d has been updated by another client (revision %d). Get the latest definition and try again.", d.ID, d.Revision), "DefinitionUpdateConflictException")
		return
	}
	if !q.resolveQueue(p, body) {
		return
	}
	if n := str(body["name"]); n != "" {
		d.Name = n
	}
	if _, ok := body["path"]; ok {
		d.Path = normalPath(str(body["path"]))
	}
	d.Body, d.Revision = body, d.Revision+1
	q.ok(q.definitionJSON(p, d))
}

func deleteDefinition(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	if d := q.definitionParam(p); d != nil {
		q.org.Definitions = slices.DeleteFunc(q.org.Definitions, func(x *buildDefinition) bool { return x == d })
		q.w.WriteHeader(http.StatusNoContent)
	}
}

// normalPath is a definition folder as the service stores it: backslashes, rooted.
func normalPath(p string) string {
	p = strings.ReplaceAll(p, "/", `\`)
	if !strings.HasPrefix(p, `\`) {
		p = `\` + p
	}
	return p
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
