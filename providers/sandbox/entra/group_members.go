package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/groups/{group-id}/members", (*Service).listMembers)
	route("POST", "/groups/{group-id}/members/$ref", (*Service).addMember)
	route("DELETE", "/groups/{group-id}/members/{directoryObject-id}/$ref", (*Service).removeMember)
}

func (s *Service) listMembers(g *graphReq) reply {
	gr := g.t.Groups[g.param("group-id")]
	if gr == nil {
		return notFound(g.param("group-id"))
	}
	var items []rendered
	for i, id := range gr.Members {
		if obj := directoryObject(g.t, id); obj != nil {
			items = append(items, rendered{int64(i), obj})
		}
	}
	return g.listReply("directoryObjects", items)
}

// addMember adds a user, service principal or group; Graph answers 400 when
// the object is a member already.
func (s *Service) addMember(g *graphReq) reply {
	gr := g.t.Groups[g.param("group-id")]
	if gr == nil {
		return notFound(g.param("group-id"))
	}
	ref, _ := g.body["@odata.id"].(string)
	id := ref[strings.LastIndex(ref, "/")+1:]
	if directoryObject(g.t, id) == nil {
		return notFound(id)
	}
	if contains(gr.Members, id) {
		return badRequest("One or more added object references already exist for the following modified properties: 'members'.")
	}
	gr.Members = append(gr.Members, id)
	return reply{status: http.StatusNoContent}
}

func (s *Service) removeMember(g *graphReq) reply {
	gr := g.t.Groups[g.param("group-id")]
	if gr == nil {
		return notFound(g.param("group-id"))
	}
	id := g.param("directoryObject-id")
	for i, m := range gr.Members {
		if m == id {
			gr.Members = append(gr.Members[:i], gr.Members[i+1:]...)
			return reply{status: http.StatusNoContent}
		}
	}
	return notFound(id)
}

// directoryObject renders a user, service principal or group by id, typed.
func directoryObject(t *tenant, id string) map[string]any {
	var props map[string]any
	var typ string
	switch {
	case t.Users[id] != nil:
		props, typ = cloneProps(t.Users[id].Props), "#microsoft.graph.user"
	case t.ServicePrincipals[id] != nil:
		props, typ = cloneProps(t.ServicePrincipals[id].Props), "#microsoft.graph.servicePrincipal"
	case t.Groups[id] != nil:
		props, typ = cloneProps(t.Groups[id].Props), "#microsoft.graph.group"
	default:
		return nil
	}
	props["@odata.type"] = typ
	return props
}
