package entra

import (
	"net/http"
	"strings"
)

func init() {
	route("GET", "/applications/{application-id}/owners", (*Service).listOwners)
	route("POST", "/applications/{application-id}/owners/$ref", (*Service).addOwner)
	route("DELETE", "/applications/{application-id}/owners/{directoryObject-id}/$ref", (*Service).removeOwner)
}

func (s *Service) listOwners(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	var items []rendered
	for i, id := range a.Owners {
		if obj := directoryObject(g.t, id); obj != nil {
			items = append(items, rendered{int64(i), obj})
		}
	}
	return g.listReply("directoryObjects", items)
}

// addOwner makes a user or service principal an owner; like group members,
// adding one twice is a 400.
func (s *Service) addOwner(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	ref, _ := g.body["@odata.id"].(string)
	id := ref[strings.LastIndex(ref, "/")+1:]
	if directoryObject(g.t, id) == nil {
		return notFound(id)
	}
	if contains(a.Owners, id) {
		return badRequest("One or more added object references already exist for the following modified properties: 'owners'.")
	}
	a.Owners = append(a.Owners, id)
	return reply{status: http.StatusNoContent}
}

func (s *Service) removeOwner(g *graphReq) reply {
	a := appByKey(g)
	if a == nil {
		return notFound(g.param("application-id"))
	}
	id := g.param("directoryObject-id")
	for i, o := range a.Owners {
		if o == id {
			a.Owners = append(a.Owners[:i], a.Owners[i+1:]...)
			return reply{status: http.StatusNoContent}
		}
	}
	return notFound(id)
}
