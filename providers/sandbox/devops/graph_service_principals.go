package devops

import "net/http"

// graphServicePrincipal is a Microsoft Entra service principal materialised
// in the organization by its object id.
type graphServicePrincipal struct {
	ID          string `json:"id"` // storage key
	Descriptor  string `json:"descriptor"`
	OriginID    string `json:"originId"`
	DisplayName string `json:"displayName"`
}

func servicePrincipalRoutes() []route {
	return []route{
		{hostVSSPS, http.MethodGet, "_apis/graph/serviceprincipals", listServicePrincipals},
		{hostVSSPS, http.MethodPost, "_apis/graph/serviceprincipals", createServicePrincipal},
		{hostVSSPS, http.MethodGet, "_apis/graph/serviceprincipals/{servicePrincipalDescriptor}", getServicePrincipal},
	}
}

func (q *request) servicePrincipalJSON(sp *graphServicePrincipal) map[string]any {
	url := q.hostBase(hostVSSPS) + "/_apis/Graph/ServicePrincipals/" + sp.Descriptor
	return map[string]any{
		"subjectKind": "servicePrincipal", "descriptor": sp.Descriptor, "displayName": sp.DisplayName,
		"principalName": sp.OriginID, "origin": "aad", "originId": sp.OriginID, "metaType": "application",
		"domain": q.claims.Tenant, "url": url, "_links": map[string]any{"self": map[string]any{"href": url}},
	}
}

func listServicePrincipals(q *request) {
	var out []map[string]any
	for _, sp := range q.org.ServicePrincipals {
		out = append(out, q.servicePrincipalJSON(sp))
	}
	page(q, out, 500)
}

func getServicePrincipal(q *request) {
	for _, sp := range q.org.ServicePrincipals {
		if sp.Descriptor == q.param("servicePrincipalDescriptor") {
			q.ok(q.servicePrincipalJSON(sp))
			return
		}
	}
	q.notFound("VS860015: The service principal "+q.param("servicePrincipalDescriptor")+" could not be found.", "GraphSubjectNotFoundException")
}

// createServicePrincipal materialises an Entra service principal by origin
// id, answering the existing one when it is already there.
func createServicePrincipal(q *request) {
	var in struct{ OriginID string }
	if !q.decode(&in) {
		return
	}
	if in.OriginID == "" {
		q.badRequest("VS860005: An origin id is required to materialise a service principal.", "InvalidGraphCreationContextException")
		return
	}
	sp := q.org.servicePrincipal(in.OriginID)
	if sp == nil {
		sp = &graphServicePrincipal{ID: newID(), Descriptor: "aadsp." + encodeDescriptor(in.OriginID), OriginID: in.OriginID, DisplayName: in.OriginID}
		q.org.ServicePrincipals = append(q.org.ServicePrincipals, sp)
	}
	for _, c := range splitCSV(q.query("groupDescriptors")) {
		if q.org.group(c) != nil {
			q.org.addMembership(sp.Descriptor, c)
		}
	}
	q.created(q.servicePrincipalJSON(sp))
}

func (o *organization) servicePrincipal(originID string) *graphServicePrincipal {
	for _, sp := range o.ServicePrincipals {
		if sameName(sp.OriginID, originID) {
			return sp
		}
	}
	return nil
}
