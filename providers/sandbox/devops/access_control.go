package devops

import (
	"net/http"
	"strings"
)

// accessControlList is the set of access control entries on one token.
type accessControlList struct {
	NamespaceID string                        `json:"namespaceId"`
	Token       string                        `json:"token"`
	Inherit     bool                          `json:"inheritPermissions"`
	Entries     map[string]accessControlEntry `json:"acesDictionary"` // by descriptor
}

// accessControlEntry allows and denies permission bits to one identity descriptor.
type accessControlEntry struct {
	Descriptor string `json:"descriptor"`
	Allow      int    `json:"allow"`
	Deny       int    `json:"deny"`
}

func accessControlRoutes() []route {
	return []route{
		{hostDevOps, http.MethodPost, "_apis/accesscontrolentries/{securityNamespaceId}", setAccessControlEntries},
		{hostDevOps, http.MethodDelete, "_apis/accesscontrolentries/{securityNamespaceId}", removeAccessControlEntries},
		{hostDevOps, http.MethodGet, "_apis/accesscontrollists/{securityNamespaceId}", queryAccessControlLists},
	}
}

func (o *organization) acl(ns, token string, create bool) *accessControlList {
	for _, a := range o.ACLs {
		if sameName(a.NamespaceID, ns) && sameName(a.Token, token) {
			return a
		}
	}
	if !create {
		return nil
	}
	a := &accessControlList{NamespaceID: lower(ns), Token: token, Inherit: true, Entries: map[string]accessControlEntry{}}
	o.ACLs = append(o.ACLs, a)
	return a
}

func (q *request) namespaceParam() *securityNamespace {
	n := namespaceByID(q.param("securityNamespaceId"))
	if n == nil {
		q.notFound("The security namespace "+q.param("securityNamespaceId")+" was not found.", "InvalidSecurityNamespaceException")
	}
	return n
}

// setAccessControlEntries sets entries on a token; with merge the new bits
// are OR-ed into the existing entry, otherwise they replace it.
func setAccessControlEntries(q *request) {
	n := q.namespaceParam()
	if n == nil {
		return
	}
	var in struct {
		Token   string               `json:"token"`
		Merge   bool                 `json:"merge"`
		Entries []accessControlEntry `json:"accessControlEntries"`
	}
	if !q.decode(&in) {
		return
	}
	if in.Token == "" {
		q.badRequest("The security token must not be empty.", "ArgumentNullException")
		return
	}
	a := q.org.acl(n.ID, in.Token, true)
	var out []map[string]any
	for _, e := range in.Entries {
		if old, ok := a.Entries[e.Descriptor]; ok && in.Merge {
			e.Allow, e.Deny = old.Allow|e.Allow, old.Deny|e.Deny
		}
		a.Entries[e.Descriptor] = e
		out = append(out, aceJSON(e))
	}
	listOf(q, out)
}

func aceJSON(e accessControlEntry) map[string]any {
	return map[string]any{"descriptor": e.Descriptor, "allow": e.Allow, "deny": e.Deny,
		"extendedInfo": map[string]any{"effectiveAllow": e.Allow, "effectiveDeny": e.Deny}}
}

func removeAccessControlEntries(q *request) {
	n := q.namespaceParam()
	if n == nil {
		return
	}
	a := q.org.acl(n.ID, q.query("token"), false)
	removed := false
	if a != nil {
		for _, d := range strings.Split(q.query("descriptors"), ",") {
			if _, ok := a.Entries[d]; ok {
				delete(a.Entries, d)
				removed = true
			}
		}
	}
	q.ok(removed)
}

// queryAccessControlLists answers the list on token (and its children with
// recurse), or every list of the namespace without a token.
func queryAccessControlLists(q *request) {
	n := q.namespaceParam()
	if n == nil {
		return
	}
	token, recurse := q.query("token"), strings.EqualFold(q.query("recurse"), "true")
	descriptors := q.query("descriptors")
	var out []map[string]any
	for _, a := range q.org.ACLs {
		if !sameName(a.NamespaceID, n.ID) || !tokenSelected(a.Token, token, recurse) {
			continue
		}
		aces := map[string]any{}
		for d, e := range a.Entries {
			if descriptors == "" || inCSV(descriptors, d) {
				aces[d] = aceJSON(e)
			}
		}
		out = append(out, map[string]any{"token": a.Token, "inheritPermissions": a.Inherit, "acesDictionary": aces})
	}
	listOf(q, out)
}

func tokenSelected(have, want string, recurse bool) bool {
	if want == "" || sameName(have, want) {
		return true
	}
	return recurse && strings.HasPrefix(lower(have), lower(strings.TrimSuffix(want, "/"))+"/")
}
