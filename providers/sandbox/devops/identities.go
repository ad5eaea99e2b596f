package devops

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// identity is a non-group identity the organization knows: the build
// service accounts the installer grants permissions to.
type identity struct {
	ID                string `json:"id"` // storage key
	Descriptor        string `json:"descriptor"`
	SubjectDescriptor string `json:"subjectDescriptor"`
	DisplayName       string `json:"displayName"`
	Account           string `json:"account"`
	ProjectID         string `json:"projectId,omitempty"`
}

func identityRoutes() []route {
	return []route{{hostVSSPS, http.MethodGet, "_apis/identities", readIdentities}}
}

// encodeDescriptor encodes the identifying part of a subject descriptor.
func encodeDescriptor(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func buildServiceIdentity(o *organization, scopeID, displayName string) *identity {
	key := o.ID + ":Build:" + scopeID
	return &identity{ID: newID(), Descriptor: "Microsoft.TeamFoundation.ServiceIdentity;" + key,
		SubjectDescriptor: "svc." + encodeDescriptor(key), DisplayName: displayName, Account: scopeID}
}

// collectionBuildService is "Project Collection Build Service (<org>)".
func collectionBuildService(o *organization) *identity {
	return buildServiceIdentity(o, o.ID, "Project Collection Build Service ("+o.Name+")")
}

// projectBuildService is "<project> Build Service (<org>)".
func projectBuildService(o *organization, p *project) *identity {
	id := buildServiceIdentity(o, p.ID, p.Name+" Build Service ("+o.Name+")")
	id.ProjectID = p.ID
	return id
}

func identityJSON(id *identity) map[string]any {
	return map[string]any{
		"id": id.ID, "descriptor": id.Descriptor, "subjectDescriptor": id.SubjectDescriptor,
		"providerDisplayName": id.DisplayName, "isActive": true, "isContainer": false,
		"members": []string{}, "memberOf": []string{}, "memberIds": []string{}, "resourceVersion": 2, "metaTypeId": 1,
		"properties": map[string]any{
			"SchemaClassName": map[string]any{"$type": "System.String", "$value": "User"},
			"Account":         map[string]any{"$type": "System.String", "$value": id.Account},
		},
	}
}

func groupIdentityJSON(g *graphGroup) map[string]any {
	return map[string]any{
		"id": g.ID, "descriptor": g.IdentityDescriptor, "subjectDescriptor": g.Descriptor,
		"providerDisplayName": g.PrincipalName, "isActive": true, "isContainer": true,
		"members": []string{}, "memberOf": []string{}, "memberIds": []string{}, "resourceVersion": 2, "metaTypeId": 255,
		"properties": map[string]any{
			"SchemaClassName": map[string]any{"$type": "System.String", "$value": "Group"},
			"Account":         map[string]any{"$type": "System.String", "$value": g.PrincipalName},
			"Domain":          map[string]any{"$type": "System.String", "$value": g.Domain},
		},
	}
}

// readIdentities answers identities by search (searchFilter General,
// AccountName, DisplayName: exact or prefix, ignoring case), by descriptors,
// by subject descriptors or by ids.
func readIdentities(q *request) {
	value := q.query("filterValue")
	descriptors, subjects, ids := q.query("descriptors"), q.query("subjectDescriptors"), q.query("identityIds")
	keep := func(id, desc, subj string, names ...string) bool {
		switch {
		case descriptors != "":
			return inCSV(descriptors, desc)
		case subjects != "":
			return inCSV(subjects, subj)
		case ids != "":
			return inCSV(ids, id)
		}
		for _, n := range names {
			if n != "" && strings.HasPrefix(lower(n), lower(value)) {
				return true
			}
		}
		return false
	}
	var out []map[string]any
	for _, id := range q.org.Identities {
		if keep(id.ID, id.Descriptor, id.SubjectDescriptor, id.DisplayName, id.Account) {
			out = append(out, identityJSON(id))
		}
	}
	for _, g := range q.org.Groups {
		if keep(g.ID, g.IdentityDescriptor, g.Descriptor, g.DisplayName, g.PrincipalName) {
			out = append(out, groupIdentityJSON(g))
		}
	}
	listOf(q, out)
}

// identityRef names who created or changed something, as IdentityRef does.
type identityRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName,omitempty"`
	UniqueName  string `json:"uniqueName,omitempty"`
}

// caller is the signed-in user or application making the request.
func (q *request) caller() identityRef {
	return identityRef{ID: q.claims.ObjectID, DisplayName: orDefault(q.claims.Name, q.claims.AppID), UniqueName: orDefault(q.claims.UPN, q.claims.AppID)}
}
