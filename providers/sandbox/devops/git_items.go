package devops

import (
	"net/http"
	"slices"
	"strings"
)

func itemRoutes() []route {
	return []route{{hostDevOps, http.MethodGet, "{project}/_apis/git/repositories/{repositoryId}/items", getItems}}
}

// getItems answers one file (path) as JSON metadata, with its content when
// includeContent is true, or raw when the client asks for a download or an
// octet-stream or text body; with scopePath alone it lists files under it.
func getItems(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	path := q.query("path")
	if path == "" {
		q.listItems(p, r, orDefault(q.query("scopePath"), "/"))
		return
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	content, ok := r.Files[path]
	if !ok {
		q.notFound("TF401174: The item '"+path+"' could not be found in the repository '"+r.Name+"' at the version specified by '<Branch: main>' (resolved to commit '"+r.CommitID+"').", "GitItemNotFoundException")
		return
	}
	accept := q.r.Header.Get("Accept")
	if strings.Contains(accept, "octet-stream") || strings.Contains(accept, "text/plain") || q.query("download") == "true" || strings.EqualFold(q.query("$format"), "octetStream") {
		q.w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = q.w.Write([]byte(content))
		return
	}
	item := q.itemJSON(p, r, path)
	if strings.EqualFold(q.query("includeContent"), "true") {
		item["content"] = content
	}
	q.ok(item)
}

func (q *request) itemJSON(p *project, r *repository, path string) map[string]any {
	return map[string]any{"objectId": r.CommitID, "gitObjectType": "blob", "commitId": r.CommitID, "path": path,
		"url": q.base + "/" + p.ID + "/_apis/git/repositories/" + r.ID + "/items?path=" + path}
}

func (q *request) listItems(p *project, r *repository, scope string) {
	var paths []string
	for f := range r.Files {
		if strings.HasPrefix(f, strings.TrimSuffix(scope, "/")+"/") {
			paths = append(paths, f)
		}
	}
	slices.Sort(paths)
	var out []map[string]any
	for _, f := range paths {
		out = append(out, q.itemJSON(p, r, f))
	}
	listOf(q, out)
}
