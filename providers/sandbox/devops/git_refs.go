package devops

import (
	"net/http"
	"strings"
)

// gitRef is a branch or tag and the commit it points at.
type gitRef struct {
	Name     string      `json:"name"`
	ObjectID string      `json:"objectId"`
	Creator  identityRef `json:"creator"`
}

func refRoutes() []route {
	return []route{{hostDevOps, http.MethodGet, "{project}/_apis/git/repositories/{repositoryId}/refs", listRefs}}
}

// listRefs lists refs whose name, after "refs/", starts with filter.
func listRefs(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	filter := strings.TrimPrefix(q.query("filter"), "refs/")
	contains := q.query("filterContains")
	var out []map[string]any
	for _, ref := range r.Refs {
		short := strings.TrimPrefix(ref.Name, "refs/")
		if !strings.HasPrefix(short, filter) || !strings.Contains(strings.ToLower(short), strings.ToLower(contains)) {
			continue
		}
		out = append(out, map[string]any{"name": ref.Name, "objectId": ref.ObjectID, "creator": ref.Creator,
			"url": q.base + "/" + p.ID + "/_apis/git/repositories/" + r.ID + "/refs?filter=" + short})
	}
	page(q, out, 1000)
}
