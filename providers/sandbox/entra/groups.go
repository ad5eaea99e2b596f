package entra

import (
	"net/http"
	"regexp"
)

func init() {
	route("GET", "/groups", (*Service).listGroups)
	route("POST", "/groups", (*Service).createGroup)
	route("GET", "/groups/{group-id}", (*Service).getGroup)
	route("PATCH", "/groups/{group-id}", (*Service).updateGroup)
	route("DELETE", "/groups/{group-id}", (*Service).deleteGroup)
}

var readOnlyGroupProps = []string{"id", "createdDateTime", "deletedDateTime", "mail", "securityIdentifier"}

// mailNicknamePattern is what Entra accepts: printable ASCII without spaces
// or the characters @ ( ) \ [ ] " ; : < > ,.
var mailNicknamePattern = regexp.MustCompile(`^[!#-'*+\-./0-9=?A-Z^_a-z{|}~]{1,64}$`)

func (s *Service) listGroups(g *graphReq) reply {
	var items []rendered
	for _, gr := range g.t.Groups {
		items = append(items, rendered{gr.Seq, cloneProps(gr.Props)})
	}
	return g.listReply("groups", items)
}

// createGroup creates a group; Graph requires the four properties checked here.
func (s *Service) createGroup(g *graphReq) reply {
	if rep, ok := validateGroup(g.body); !ok {
		return rep
	}
	id := newID()
	props := map[string]any{
		"id": id, "description": nil, "createdDateTime": timestamp(s.now()), "deletedDateTime": nil,
		"groupTypes": []any{}, "mail": nil, "visibility": nil, "securityIdentifier": "S-1-12-1-" + id[:8],
	}
	mergeProps(props, g.body, readOnlyGroupProps)
	gr := &group{object: s.newObject(props, s.lag()), Members: []string{}}
	g.t.Groups[id] = gr
	return g.entityReply(http.StatusCreated, "groups", cloneProps(gr.Props))
}

func validateGroup(body map[string]any) (reply, bool) {
	if v, _ := body["displayName"].(string); v == "" {
		return badRequest("Invalid value specified for property 'displayName' of resource 'Group'."), false
	}
	if _, ok := body["mailEnabled"].(bool); !ok {
		return badRequest("Invalid value specified for property 'mailEnabled' of resource 'Group'."), false
	}
	if _, ok := body["securityEnabled"].(bool); !ok {
		return badRequest("Invalid value specified for property 'securityEnabled' of resource 'Group'."), false
	}
	if v, _ := body["mailNickname"].(string); !mailNicknamePattern.MatchString(v) {
		return badRequest("Invalid value specified for property 'mailNickname' of resource 'Group'."), false
	}
	return reply{}, true
}

func (s *Service) getGroup(g *graphReq) reply {
	gr := g.t.Groups[g.param("group-id")]
	if gr == nil || !gr.visible(s.now()) {
		return notFound(g.param("group-id"))
	}
	return g.entityReply(http.StatusOK, "groups", cloneProps(gr.Props))
}

func (s *Service) updateGroup(g *graphReq) reply {
	gr := g.t.Groups[g.param("group-id")]
	if gr == nil {
		return notFound(g.param("group-id"))
	}
	mergeProps(gr.Props, g.body, readOnlyGroupProps)
	return reply{status: http.StatusNoContent}
}

func (s *Service) deleteGroup(g *graphReq) reply {
	if g.t.Groups[g.param("group-id")] == nil {
		return notFound(g.param("group-id"))
	}
	delete(g.t.Groups, g.param("group-id"))
	return reply{status: http.StatusNoContent}
}
