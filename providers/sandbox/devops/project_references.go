package devops

// projectReference is one project a service endpoint or variable group is
// shared with, as the request body gives it.
type projectReference struct {
	Name             string            `json:"name"`
	Description      string            `json:"description"`
	ProjectReference map[string]string `json:"projectReference"`
}

// shares resolves a body's project references (what is "Service endpoint"
// or "Variable group"; name is the resource's own name, the default of each
// share's), answering 400 when none is given or one is unknown.
func (q *request) shares(what string, refs []projectReference, name string) ([]projectShare, bool) {
	if len(refs) == 0 {
		q.badRequest(what+" must be associated with at least one project.", "ArgumentException")
		return nil, false
	}
	var out []projectShare
	for _, r := range refs {
		p := q.projectNamed(orDefault(r.ProjectReference["id"], r.ProjectReference["name"]))
		if p == nil {
			return nil, false
		}
		out = append(out, projectShare{ProjectID: p.ID, ProjectName: p.Name, Name: orDefault(r.Name, name), Description: r.Description})
	}
	return out, true
}
