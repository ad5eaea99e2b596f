package devops

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
)

// graphGroup is an Azure DevOps group: a project or organization group
// (origin vsts) or a materialised Microsoft Entra group (origin aad).
type graphGroup struct {
	ID                 string `json:"id"` // storage key
	Descriptor         string `json:"descriptor"`
	IdentityDescriptor string `json:"identityDescriptor"`
	DisplayName        string `json:"displayName"`
	Description        string `json:"description,omitempty"`
	PrincipalName      string `json:"principalName"`
	Origin             string `json:"origin"`
	OriginID           string `json:"originId"`
	Domain             string `json:"domain"`
	ProjectID          string `json:"projectId,omitempty"`
}

// Groups every organization starts with.
var defaultCollectionGroups = []string{"Project Collection Administrators", "Project Collection Valid Users", "Project Collection Build Service Accounts"}

// Groups every project starts with.
var defaultProjectGroups = []string{"Project Administrators", "Contributors", "Readers", "Build Administrators", "Project Valid Users"}

func graphGroupRoutes() []route {
	return []route{
		{hostVSSPS, http.MethodGet, "_apis/graph/groups", listGraphGroups},
		{hostVSSPS, http.MethodPost, "_apis/graph/groups", createGraphGroup},
		{hostVSSPS, http.MethodGet, "_apis/graph/groups/{groupDescriptor}", getGraphGroup},
		{hostVSSPS, http.MethodDelete, "_apis/graph/groups/{groupDescriptor}", deleteGraphGroup},
	}
}

func newSID() string {
	return fmt.Sprintf("S-1-9-1551374245-%d-%d-%d-%d-0-0-0-0-%d", rand.Uint32(), rand.Uint32(), rand.Uint32(), rand.Uint32(), rand.IntN(4)+1)
}

// vstsGroup is a group the organization owns, in project p or org-wide (p nil).
func (o *organization) vstsGroup(p *project, name, description string) *graphGroup {
	sid := newSID()
	g := &graphGroup{ID: newID(), Descriptor: "vssgp." + encodeDescriptor(sid),
		IdentityDescriptor: "Microsoft.TeamFoundation.Identity;" + sid, DisplayName: name, Description: description,
		Origin: "vsts", PrincipalName: "[" + o.Name + "]\\" + name, Domain: "vstfs:///Framework/IdentityDomain/" + o.ID}
	if p != nil {
		g.ProjectID, g.PrincipalName, g.Domain = p.ID, "["+p.Name+"]\\"+name, "vstfs:///Classification/TeamProject/"+p.ID
	}
	g.OriginID = g.ID
	o.Groups = append(o.Groups, g)
	return g
}

// addCollectionGroups creates the organization's groups and its collection
// build service, a member of Project Collection Build Service Accounts.
func (o *organization) addCollectionGroups() {
	var accounts *graphGroup
	for _, n := range defaultCollectionGroups {
		accounts = o.vstsGroup(nil, n, "")
	}
	svc := collectionBuildService(o)
	o.Identities = append(o.Identities, svc)
	o.addMembership(svc.SubjectDescriptor, accounts.Descriptor)
}

func (o *organization) addProjectGroups(p *project) {
	for _, n := range defaultProjectGroups {
		o.vstsGroup(p, n, "")
	}
}

func (o *organization) group(descriptor string) *graphGroup {
	for _, g := range o.Groups {
		if g.Descriptor == descriptor {
			return g
		}
	}
	return nil
}

func (q *request) groupJSON(g *graphGroup) map[string]any {
	url := q.hostBase(hostVSSPS) + "/_apis/Graph/Groups/" + g.Descriptor
	return map[string]any{
		"subjectKind": "group", "descriptor": g.Descriptor, "displayName": g.DisplayName, "description": g.Description,
		"principalName": g.PrincipalName, "origin": g.Origin, "originId": g.OriginID, "domain": g.Domain,
		"mailAddress": "", "url": url, "isCrossProject": false,
		"_links": map[string]any{"self": map[string]any{"href": url}},
	}
}

// scopeProject resolves scopeDescriptor to a project; ok is false (and 404
// answered) when it names none. An empty scope means the organization.
func (q *request) scopeProject() (p *project, ok bool) {
	scope := q.query("scopeDescriptor")
	if scope == "" || scope == "scp."+encodeDescriptor(q.org.ID) {
		return nil, true
	}
	for _, p := range q.org.Projects {
		if scope == "scp."+encodeDescriptor(p.ID) {
			return p, true
		}
	}
	q.notFound("VS860018: The scope descriptor "+scope+" could not be resolved.", "InvalidSubjectTypeException")
	return nil, false
}

func listGraphGroups(q *request) {
	p, ok := q.scopeProject()
	if !ok {
		return
	}
	kinds := q.query("subjectTypes")
	var out []map[string]any
	for _, g := range q.org.Groups {
		kind, _, _ := strings.Cut(g.Descriptor, ".")
		if (p == nil || g.ProjectID == p.ID) && (kinds == "" || inCSV(kinds, kind)) {
			out = append(out, q.groupJSON(g))
		}
	}
	page(q, out, 500)
}

func getGraphGroup(q *request) {
	if g := q.groupParam(); g != nil {
		q.ok(q.groupJSON(g))
	}
}

func (q *request) groupParam() *graphGroup { return q.groupParamValue(q.param("groupDescriptor")) }

// groupParamValue is the group with this descriptor, answering 404 when absent.
func (q *request) groupParamValue(descriptor string) *graphGroup {
	g := q.org.group(descriptor)
	if g == nil {
		q.notFound("VS860015: The group "+descriptor+" could not be found.", "GraphSubjectNotFoundException")
	}
	return g
}

func createGraphGroup(q *request) {
	p, ok := q.scopeProject()
	if !ok {
		return
	}
	var in struct{ DisplayName, Description, OriginID, MailAddress string }
	if !q.decode(&in) {
		return
	}
	g := q.materialise(p, in.DisplayName, in.Description, in.OriginID)
	if g == nil {
		return
	}
	for _, c := range splitCSV(q.query("groupDescriptors")) {
		if q.org.group(c) != nil {
			q.org.addMembership(g.Descriptor, c)
		}
	}
	q.created(q.groupJSON(g))
}

// materialise creates a VSTS group by name or brings in an Entra group by
// origin id (returning the existing one when it is already there).
func (q *request) materialise(p *project, name, description, originID string) *graphGroup {
	if originID != "" {
		for _, g := range q.org.Groups {
			if sameName(g.OriginID, originID) && g.Origin == "aad" {
				return g
			}
		}
		if q.entraGroupNotYetVisible(originID) {
			return nil
		}
		g := &graphGroup{ID: newID(), Descriptor: "aadgp." + encodeDescriptor(originID),
			IdentityDescriptor: "Microsoft.TeamFoundation.Identity;" + newSID(), DisplayName: orDefault(name, originID),
			Origin: "aad", OriginID: originID, PrincipalName: "[TEAM FOUNDATION]\\" + orDefault(name, originID),
			Domain: "vstfs:///Framework/IdentityDomain/" + q.org.ID}
		q.org.Groups = append(q.org.Groups, g)
		return g
	}
	if name == "" {
		q.badRequest("VS860005: A display name or origin id is required to create a group.", "InvalidGraphCreationContextException")
		return nil
	}
	for _, g := range q.org.Groups {
		if sameName(g.DisplayName, name) && (p == nil && g.ProjectID == "" || p != nil && g.ProjectID == p.ID) {
			q.conflict("VS860019: A group named "+name+" already exists in this scope.", "GroupAlreadyExistsException")
			return nil
		}
	}
	return q.org.vstsGroup(p, name, description)
}

func deleteGraphGroup(q *request) {
	g := q.groupParam()
	if g == nil {
		return
	}
	q.org.Groups = slices.DeleteFunc(q.org.Groups, func(x *graphGroup) bool { return x == g })
	q.org.Memberships = slices.DeleteFunc(q.org.Memberships, func(m *membership) bool {
		return m.Member == g.Descriptor || m.Container == g.Descriptor
	})
	q.w.WriteHeader(http.StatusNoContent)
}
