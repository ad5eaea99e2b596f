package devops

import (
	"net/http"
	"slices"
)

// serviceEndpoint is a service connection. Parameters keeps secret
// authorization parameters (clientSecret ...) for the inventory, but no
// response ever carries them, as with the real service.
type serviceEndpoint struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	URL         string            `json:"url"`
	Description string            `json:"description,omitempty"`
	Scheme      string            `json:"scheme"`
	Parameters  map[string]string `json:"parameters,omitempty"`
	Data        map[string]any    `json:"data,omitempty"`
	IsShared    bool              `json:"isShared"`
	Projects    []projectShare    `json:"projects"`
	CreatedBy   identityRef       `json:"createdBy"`
}

// projectShare is how an org-scoped resource (service endpoint, variable
// group) is named and described in one project.
type projectShare struct {
	ProjectID   string `json:"projectId"`
	ProjectName string `json:"projectName"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// secretParameters are authorization parameters the service treats as
// confidential (compared case-insensitively).
var secretParameters = []string{"clientsecret", "serviceprincipalkey", "password", "apitoken", "accesstoken", "certificate", "servicePrincipalCertificate"}

func isSecretParameter(name string) bool {
	return slices.ContainsFunc(secretParameters, func(s string) bool { return sameName(s, name) })
}

func endpointRoutes() []route {
	return []route{
		{hostDevOps, http.MethodPost, "_apis/serviceendpoint/endpoints", createEndpoint},
		{hostDevOps, http.MethodPut, "_apis/serviceendpoint/endpoints/{endpointId}", updateEndpoint},
		{hostDevOps, http.MethodDelete, "_apis/serviceendpoint/endpoints/{endpointId}", deleteEndpoint},
		{hostDevOps, http.MethodGet, "{project}/_apis/serviceendpoint/endpoints", listEndpoints},
		{hostDevOps, http.MethodGet, "{project}/_apis/serviceendpoint/endpoints/{endpointId}", getEndpoint},
	}
}

func (e *serviceEndpoint) share(projectID string) *projectShare {
	for i := range e.Projects {
		if e.Projects[i].ProjectID == projectID {
			return &e.Projects[i]
		}
	}
	return nil
}

func (o *organization) endpoint(id string) *serviceEndpoint {
	for _, e := range o.Endpoints {
		if sameName(e.ID, id) {
			return e
		}
	}
	return nil
}

// endpointJSON is e as the service answers it: secret parameters null.
func (q *request) endpointJSON(e *serviceEndpoint) map[string]any {
	params := map[string]any{}
	for k, v := range e.Parameters {
		if isSecretParameter(k) {
			params[k] = nil
		} else {
			params[k] = v
		}
	}
	var refs []map[string]any
	for _, s := range e.Projects {
		refs = append(refs, map[string]any{"name": s.Name, "description": s.Description,
			"projectReference": map[string]any{"id": s.ProjectID, "name": s.ProjectName}})
	}
	return map[string]any{
		"id": e.ID, "name": e.Name, "type": e.Type, "url": e.URL, "description": e.Description,
		"authorization": map[string]any{"scheme": e.Scheme, "parameters": params}, "data": orEmpty(e.Data),
		"isShared": e.IsShared, "isReady": true, "isOutdated": false, "owner": "Library",
		"operationStatus": map[string]any{"state": "Ready", "statusMessage": ""},
		"createdBy":       e.CreatedBy, "serviceEndpointProjectReferences": refs,
	}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func listEndpoints(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	names, typ, ids := q.query("endpointNames"), q.query("type"), q.query("endpointIds")
	var out []map[string]any
	for _, e := range q.org.Endpoints {
		s := e.share(p.ID)
		if s == nil || (names != "" && !inCSV(names, s.Name)) || (typ != "" && !sameName(typ, e.Type)) ||
			(ids != "" && !inCSV(ids, e.ID)) {
			continue
		}
		out = append(out, q.endpointJSON(e))
	}
	listOf(q, out)
}

func getEndpoint(q *request) {
	p := q.projectParam()
	if p == nil {
		return
	}
	e := q.org.endpoint(q.param("endpointId"))
	if e == nil || e.share(p.ID) == nil {
		// The real service answers 200 with a null body for an unknown id.
		q.ok(nil)
		return
	}
	q.ok(q.endpointJSON(e))
}

func deleteEndpoint(q *request) {
	e := q.org.endpoint(q.param("endpointId"))
	if e == nil {
		q.notFound("Service connection "+q.param("endpointId")+" not found.", "ServiceEndpointNotFoundException")
		return
	}
	projects := q.query("projectIds")
	e.Projects = slices.DeleteFunc(e.Projects, func(s projectShare) bool { return projects == "" || inCSV(projects, s.ProjectID) })
	if len(e.Projects) == 0 {
		q.org.Endpoints = slices.DeleteFunc(q.org.Endpoints, func(x *serviceEndpoint) bool { return x == e })
	}
	q.w.WriteHeader(http.StatusNoContent)
}

// endpointBody is a ServiceEndpoint as clients send it.
type endpointBody struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Type          string         `json:"type"`
	URL           string         `json:"url"`
	Description   string         `json:"description"`
	IsShared      bool           `json:"isShared"`
	Data          map[string]any `json:"data"`
	Authorization struct {
		Scheme     string             `json:"scheme"`
		Parameters map[string]*string `json:"parameters"`
	} `json:"authorization"`
	References []projectReference `json:"serviceEndpointProjectReferences"`
}

func createEndpoint(q *request) {
	var in endpointBody
	if !q.decode(&in) {
		return
	}
	if in.Name == "" || in.Type == "" {
		q.badRequest("Service connection name and type are required.", "ArgumentException")
		return
	}
	if q.endpointTypeMissing(in.Type, in.Authorization.Scheme) {
		return
	}
	shares, ok := q.shares("Service endpoint", in.References, in.Name)
	if !ok || q.duplicateEndpoint("", shares) {
		return
	}
	e := &serviceEndpoint{ID: newID(), CreatedBy: q.caller()}
	applyEndpoint(e, in, shares)
	q.org.Endpoints = append(q.org.Endpoints, e)
	q.ok(q.endpointJSON(e))
}

// duplicateEndpoint answers 400 when another endpoint already has one of the
// names in one of the projects.
func (q *request) duplicateEndpoint(id string, shares []projectShare) bool {
	for _, e := range q.org.Endpoints {
		for _, s := range shares {
			if x := e.share(s.ProjectID); e.ID != id && x != nil && sameName(x.Name, s.Name) {
				q.badRequest("A service connection with name "+s.Name+" already exists. Please use a different service connection name.", "DuplicateServiceConnectionException")
				return true
			}
		}
	}
	return false
}

// applyEndpoint copies in onto e. A secret parameter sent as null or left
// out keeps its stored value, so an update need not resend it.
func applyEndpoint(e *serviceEndpoint, in endpointBody, shares []projectShare) {
	old, oldScheme := e.Parameters, e.Scheme
	e.Name, e.Type, e.URL, e.Description, e.IsShared, e.Data = in.Name, in.Type, in.URL, in.Description, in.IsShared, in.Data
	e.Scheme, e.Projects, e.Parameters = in.Authorization.Scheme, shares, map[string]string{}
	for k, v := range in.Authorization.Parameters {
		if v != nil {
			e.Parameters[k] = *v
		}
	}
	for k, v := range old {
		if _, sent := e.Parameters[k]; !sent && isSecretParameter(k) && sameName(oldScheme, e.Scheme) {
			e.Parameters[k] = v
		}
	}
}

func updateEndpoint(q *request) {
	e := q.org.endpoint(q.param("endpointId"))
	if e == nil {
		q.notFound("Service connection "+q.param("endpointId")+" not found.", "ServiceEndpointNotFoundException")
		return
	}
	var in endpointBody
	if !q.decode(&in) {
		return
	}
	// Every update in microsoft/terraform-provider-azuredevops sends the
	// endpoint's id in the body (azuredevops/internal/service/serviceendpoint/
	// commons.go: doBaseExpansion sets Id, updateServiceEndpoint passes it as
	// EndpointId too); the service reads the endpoint to update from the body.
	if !sameName(in.ID, e.ID) {
		q.serviceEndpointError("The service connection id in the request body (" + orDefault(in.ID, "none") + ") does not match " + e.ID + ".")
		return
	}
	if q.endpointTypeMissing(in.Type, in.Authorization.Scheme) {
		return
	}
	shares, ok := q.shares("Service endpoint", in.References, in.Name)
	if !ok || q.duplicateEndpoint(e.ID, shares) {
		return
	}
	applyEndpoint(e, in, shares)
	q.ok(q.endpointJSON(e))
}
