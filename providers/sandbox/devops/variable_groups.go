package devops

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// variableGroup is a Library variable group. Secret values are kept for the
// inventory but answered as null, as the real service does.
type variableGroup struct {
	ID          int                 `json:"id"`
	Name        string              `json:"name"`
	Description string              `json:"description,omitempty"`
	Type        string              `json:"type"`
	Variables   map[string]variable `json:"variables"`
	Projects    []projectShare      `json:"projects"`
	CreatedBy   identityRef         `json:"createdBy"`
	Created     time.Time           `json:"createdOn"`
	Modified    time.Time           `json:"modifiedOn"`
}

// variable is one value of a variable group.
type variable struct {
	Value      string `json:"value"`
	IsSecret   bool   `json:"isSecret,omitempty"`
	IsReadOnly bool   `json:"isReadOnly,omitempty"`
}

func variableGroupRoutes() []route {
	return []route{
		{hostDevOps, http.MethodPost, "_apis/distributedtask/variablegroups", addVariableGroup},
		{hostDevOps, http.MethodPut, "_apis/distributedtask/variablegroups/{groupId}", updateVariableGroup},
		{hostDevOps, http.MethodDelete, "_apis/distributedtask/variablegroups/{groupId}", deleteVariableGroup},
		{hostDevOps, http.MethodGet, "{project}/_apis/distributedtask/variablegroups", listVariableGroups},
		{hostDevOps, http.MethodGet, "{project}/_apis/distributedtask/variablegroups/{groupId}", getVariableGroup},
	}
}

func (g *variableGroup) share(projectID string) *projectShare {
	for i := range g.Projects {
		if g.Projects[i].ProjectID == projectID {
			return &g.Projects[i]
		}
	}
	return nil
}

func (o *organization) variableGroup(id string) *variableGroup {
	for _, g := range o.VariableGroups {
		if strconv.Itoa(g.ID) == id {
			return g
		}
	}
	return nil
}

func (q *request) variableGroupJSON(g *variableGroup) map[string]any {
	vars := map[string]any{}
	for k, v := range g.Variables {
		if v.IsSecret {
			vars[k] = map[string]any{"value": nil, "isSecret": true, "isReadOnly": v.IsReadOnly}
		} else {
			vars[k] = map[string]any{"value": v.Value, "isReadOnly": v.IsReadOnly}
		}
	}
	var refs []map[string]any
	for _, s := range g.Projects {
		refs = append(refs, map[string]any{"name": s.Name, "description": s.Description,
			"projectReference": map[string]any{"id": s.ProjectID, "name": s.ProjectName}})
	}
	by := g.CreatedBy
	return map[string]any{"id": g.ID, "name": g.Name, "description": g.Description, "type": g.Type,
		"variables": vars, "createdBy": by, "modifiedBy": by, "createdOn": g.Created, "modifiedOn": g.Modified,
		"isShared": len(g.Projects) > 1, "variableGroupProjectReferences": refs}
}

func listVariableGroups(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	name, ids := q.query("groupName"), q.query("groupIds")
	var out []map[string]any
	for _, g := range q.org.VariableGroups {
		s := g.share(p.ID)
		if s == nil || (name != "" && !wildcardMatch(name, s.Name)) || (ids != "" && !inCSV(ids, strconv.Itoa(g.ID))) {
			continue
		}
		out = append(out, q.variableGroupJSON(g))
	}
	page(q, out, 10000)
}

func getVariableGroup(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	g := q.org.variableGroup(q.param("groupId"))
	if g == nil || g.share(p.ID) == nil {
		// The real service answers 200 with a null body for an unknown group.
		q.ok(nil)
		return
	}
	q.ok(q.variableGroupJSON(g))
}

// variableGroupBody is VariableGroupParameters as clients send it.
type variableGroupBody struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Type        string `json:"type"`
	Variables   map[string]struct {
		Value      *string `json:"value"`
		IsSecret   bool    `json:"isSecret"`
		IsReadOnly bool    `json:"isReadOnly"`
	} `json:"variables"`
	References []projectReference `json:"variableGroupProjectReferences"`
}

// duplicateVariableGroup answers 400 when another group has one of the names in a project.
func (q *request) duplicateVariableGroup(id int, shares []projectShare) bool {
	for _, g := range q.org.VariableGroups {
		for _, s := range shares {
			if x := g.share(s.ProjectID); g.ID != id && x != nil && sameName(x.Name, s.Name) {
				q.badRequest("Variable group with name "+s.Name+" already exists.", "VariableGroupExistsException")
				return true
			}
		}
	}
	return false
}

func addVariableGroup(q *request) {
	var in variableGroupBody
	if !q.decode(&in) {
		return
	}
	shares, ok := q.shares("Variable group", in.References, in.Name)
	if !ok || q.duplicateVariableGroup(0, shares) {
		return
	}
	q.org.Counters.VariableGroup++
	now := q.s.env.Now().UTC()
	g := &variableGroup{ID: q.org.Counters.VariableGroup, CreatedBy: q.caller(), Created: now}
	applyVariableGroup(g, in, shares, now)
	q.org.VariableGroups = append(q.org.VariableGroups, g)
	q.ok(q.variableGroupJSON(g))
}

// applyVariableGroup copies in onto g; a secret sent without a value keeps
// the value it had.
func applyVariableGroup(g *variableGroup, in variableGroupBody, shares []projectShare, now time.Time) {
	old := g.Variables
	g.Name, g.Description, g.Type, g.Projects, g.Modified = in.Name, in.Description, orDefault(in.Type, "Vsts"), shares, now
	g.Variables = map[string]variable{}
	for k, v := range in.Variables {
		nv := variable{IsSecret: v.IsSecret, IsReadOnly: v.IsReadOnly}
		if v.Value != nil {
			nv.Value = *v.Value
		} else if prev, ok := old[k]; ok && v.IsSecret {
			nv.Value = prev.Value
		}
		g.Variables[k] = nv
	}
}

func updateVariableGroup(q *request) {
	g := q.org.variableGroup(q.param("groupId"))
	if g == nil {
		q.notFound("Variable group with id "+q.param("groupId")+" does not exist.", "VariableGroupNotFoundException")
		return
	}
	var in variableGroupBody
	if !q.decode(&in) {
		return
	}
	shares, ok := q.shares("Variable group", in.References, in.Name)
	if !ok || q.duplicateVariableGroup(g.ID, shares) {
		return
	}
	applyVariableGroup(g, in, shares, q.s.env.Now().UTC())
	q.ok(q.variableGroupJSON(g))
}

func deleteVariableGroup(q *request) {
	g := q.org.variableGroup(q.param("groupId"))
	if g == nil {
		q.notFound("Variable group with id "+q.param("groupId")+" does not exist.", "VariableGroupNotFoundException")
		return
	}
	projects := q.query("projectIds")
	g.Projects = slices.DeleteFunc(g.Projects, func(s projectShare) bool { return projects == "" || inCSV(projects, s.ProjectID) })
	if len(g.Projects) == 0 {
		q.org.VariableGroups = slices.DeleteFunc(q.org.VariableGroups, func(x *variableGroup) bool { return x == g })
	}
	q.w.WriteHeader(http.StatusNoContent)
}
