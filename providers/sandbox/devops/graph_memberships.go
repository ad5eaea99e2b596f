package devops

import (
	"net/http"
	"slices"
	"strings"
)

// membership puts a member (group or identity) in a container group.
type membership struct {
	Member    string `json:"memberDescriptor"`
	Container string `json:"containerDescriptor"`
}

func membershipRoutes() []route {
	const one = "_apis/graph/memberships/{subjectDescriptor}/{containerDescriptor}"
	return []route{
		{hostVSSPS, http.MethodPut, one, addMembership},
		{hostVSSPS, http.MethodHead, one, checkMembership},
		{hostVSSPS, http.MethodGet, one, getMembership},
		{hostVSSPS, http.MethodDelete, one, removeMembership},
		{hostVSSPS, http.MethodGet, "_apis/graph/Memberships/{subjectDescriptor}", listMemberships},
	}
}

func (o *organization) membership(member, container string) *membership {
	for _, m := range o.Memberships {
		if m.Member == member && m.Container == container {
			return m
		}
	}
	return nil
}

func (o *organization) addMembership(member, container string) *membership {
	if m := o.membership(member, container); m != nil {
		return m
	}
	m := &membership{Member: member, Container: container}
	o.Memberships = append(o.Memberships, m)
	return m
}

// knownSubject reports whether descriptor is a group or identity of the
// organization, or a Microsoft Entra user or service principal (aad./aadsp.),
// which the sandbox takes on trust.
func (o *organization) knownSubject(descriptor string) bool {
	if o.group(descriptor) != nil || strings.HasPrefix(descriptor, "aad.") || strings.HasPrefix(descriptor, "aadsp.") {
		return true
	}
	return slices.ContainsFunc(o.Identities, func(id *identity) bool { return id.SubjectDescriptor == descriptor })
}

func (q *request) membershipJSON(m *membership) map[string]any {
	return map[string]any{"memberDescriptor": m.Member, "containerDescriptor": m.Container,
		"_links": map[string]any{"self": map[string]any{"href": q.hostBase(hostVSSPS) + "/_apis/Graph/Memberships/" + m.Member + "/" + m.Container}}}
}

func addMembership(q *request) {
	member, container := q.param("subjectDescriptor"), q.param("containerDescriptor")
	if !q.org.knownSubject(member) || q.org.group(container) == nil {
		q.notFound("VS860015: The subject "+member+" or container "+container+" could not be found.", "GraphSubjectNotFoundException")
		return
	}
	q.created(q.membershipJSON(q.org.addMembership(member, container)))
}

func checkMembership(q *request) {
	if q.org.membership(q.param("subjectDescriptor"), q.param("containerDescriptor")) == nil {
		q.w.WriteHeader(http.StatusNotFound)
		return
	}
	q.w.WriteHeader(http.StatusOK)
}

func getMembership(q *request) {
	m := q.org.membership(q.param("subjectDescriptor"), q.param("containerDescriptor"))
	if m == nil {
		q.notFound("VS860020: The membership could not be found.", "GraphMembershipNotFoundException")
		return
	}
	q.ok(q.membershipJSON(m))
}

func removeMembership(q *request) {
	m := q.org.membership(q.param("subjectDescriptor"), q.param("containerDescriptor"))
	if m == nil {
		q.notFound("VS860020: The membership could not be found.", "GraphMembershipNotFoundException")
		return
	}
	q.org.Memberships = slices.DeleteFunc(q.org.Memberships, func(x *membership) bool { return x == m })
	q.w.WriteHeader(http.StatusOK)
}

// listMemberships lists the groups subject is in (direction up, the default)
// or the members of the group subject (direction down).
func listMemberships(q *request) {
	subject, down := q.param("subjectDescriptor"), strings.EqualFold(q.query("direction"), "down")
	var out []map[string]any
	for _, m := range q.org.Memberships {
		if (!down && m.Member == subject) || (down && m.Container == subject) {
			out = append(out, q.membershipJSON(m))
		}
	}
	listOf(q, out)
}

func splitCSV(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
