package devops

import (
	"net/http"
	"slices"
	"strings"
)

// gitRef is a branch or tag and the object it points at: a commit, or for
// an annotated tag the tag object.
type gitRef struct {
	Name     string      `json:"name"`
	ObjectID string      `json:"objectId"`
	Creator  identityRef `json:"creator"`
}

// zeroObject is the object id that stands for "no ref" in a ref update.
const zeroObject = "0000000000000000000000000000000000000000"

func refRoutes() []route {
	const base = "{project}/_apis/git/repositories/{repositoryId}"
	return []route{
		{hostDevOps, http.MethodGet, base + "/refs", listRefs},
		{hostDevOps, http.MethodPost, base + "/refs", updateRefs},
		{hostDevOps, http.MethodGet, base + "/annotatedtags/{objectId}", getAnnotatedTag},
	}
}

// tag is the annotated tag object with this id, or nil.
func (r *repository) tag(objectID string) *annotatedTag {
	for i := range r.Tags {
		if sameName(r.Tags[i].ObjectID, objectID) {
			return &r.Tags[i]
		}
	}
	return nil
}

// refObject is the object the ref named name points at, or "".
func (r *repository) refObject(name string) string {
	for _, ref := range r.Refs {
		if ref.Name == name {
			return ref.ObjectID
		}
	}
	return ""
}

// tagCommit is the commit the tag (under refs/tags/) names, peeled.
func (r *repository) tagCommit(name string) string {
	commit, _ := r.peel(r.refObject("refs/tags/" + name))
	return commit
}

// peel resolves an object id through any annotated tags to a commit the
// repository holds; ok is false when it is none.
func (r *repository) peel(objectID string) (string, bool) {
	for t := r.tag(objectID); t != nil; t = r.tag(objectID) {
		objectID = t.Commit
	}
	return objectID, slices.ContainsFunc(r.Commits, func(c string) bool { return sameName(c, objectID) })
}

// listRefs lists refs whose name, after "refs/", starts with filter; with
// peelTags=true an annotated tag also carries peeledObjectId, its commit.
func listRefs(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	filter := strings.TrimPrefix(q.query("filter"), "refs/")
	contains := q.query("filterContains")
	peel := strings.EqualFold(q.query("peelTags"), "true")
	var out []map[string]any
	for _, ref := range r.Refs {
		short := strings.TrimPrefix(ref.Name, "refs/")
		if !strings.HasPrefix(short, filter) || !strings.Contains(strings.ToLower(short), strings.ToLower(contains)) {
			continue
		}
		m := map[string]any{"name": ref.Name, "objectId": ref.ObjectID, "creator": ref.Creator,
			"url": q.base + "/" + p.ID + "/_apis/git/repositories/" + r.ID + "/refs?filter=" + short}
		if t := r.tag(ref.ObjectID); peel && t != nil {
			m["peeledObjectId"] = t.Commit
		}
		out = append(out, m)
	}
	page(q, out, 1000)
}

// getAnnotatedTag answers a tag object. An id that is no annotated tag (a
// commit, say) is 404.
func getAnnotatedTag(q *request) {
	p, r := q.repositoryParam()
	if r == nil {
		return
	}
	t := r.tag(q.param("objectId"))
	if t == nil {
		q.notFound("TF401175: The annotated tag "+q.param("objectId")+" could not be found in repository "+r.Name+".", "GitObjectNotFoundException")
		return
	}
	url := q.base + "/" + p.ID + "/_apis/git/repositories/" + r.ID + "/annotatedTags/" + t.ObjectID
	q.ok(map[string]any{"name": t.Name, "objectId": t.ObjectID, "message": t.Message, "url": url,
		"taggedObject": map[string]any{"objectId": t.Commit, "objectType": "commit"},
		"taggedBy":     map[string]any{"name": "Microsoft", "email": "opensource@microsoft.com", "date": t.Date}})
}

// refUpdate is one GitRefUpdate of a POST .../refs.
type refUpdate struct {
	Name        string `json:"name"`
	OldObjectID string `json:"oldObjectId"`
	NewObjectID string `json:"newObjectId"`
}

// updateRefs creates, moves or deletes refs (GitRefUpdate[] → 200 with a
// GitRefUpdateResult per ref, the 7.1 git spec's Refs_Update Refs). A ref
// moves only from the object id the caller last saw (staleOldObjectId
// otherwise), and only to an object that resolves to a commit of the
// repository (unresolvableToCommit otherwise).
func updateRefs(q *request) {
	_, r := q.repositoryParam()
	if r == nil {
		return
	}
	var in []refUpdate
	if !q.decode(&in) {
		return
	}
	var out []map[string]any
	for _, u := range in {
		status := r.applyRefUpdate(u, q.caller())
		out = append(out, map[string]any{"name": u.Name, "oldObjectId": u.OldObjectID, "newObjectId": u.NewObjectID,
			"repositoryId": r.ID, "success": strings.HasPrefix(status, "succeeded"), "updateStatus": status, "isLocked": false})
	}
	listOf(q, out)
}

// applyRefUpdate makes one update and returns its GitRefUpdateStatus.
func (r *repository) applyRefUpdate(u refUpdate, creator identityRef) string {
	if !strings.HasPrefix(u.Name, "refs/") || strings.HasSuffix(u.Name, "/") {
		return "invalidRefName"
	}
	i := slices.IndexFunc(r.Refs, func(x gitRef) bool { return x.Name == u.Name })
	current := zeroObject
	if i >= 0 {
		current = r.Refs[i].ObjectID
	}
	if !sameName(current, orDefault(u.OldObjectID, zeroObject)) {
		return "staleOldObjectId"
	}
	if u.NewObjectID == zeroObject {
		if i < 0 {
			return "succeededNonExistentRef"
		}
		r.Refs = slices.Delete(r.Refs, i, i+1)
		return "succeeded"
	}
	commit, ok := r.peel(u.NewObjectID)
	if !ok {
		return "unresolvableToCommit"
	}
	target := u.NewObjectID
	if strings.HasPrefix(u.Name, "refs/heads/") {
		target = commit // a branch points at a commit, through any tags
	}
	if i < 0 {
		r.Refs = append(r.Refs, gitRef{Name: u.Name, ObjectID: target, Creator: creator})
	} else {
		r.Refs[i].ObjectID = target
	}
	if u.Name == r.DefaultBranch {
		r.CommitID = target
	}
	return "succeeded"
}
