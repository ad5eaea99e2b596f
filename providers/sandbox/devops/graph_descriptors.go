package devops

import "net/http"

func descriptorRoutes() []route {
	return []route{
		{hostVSSPS, http.MethodGet, "_apis/graph/descriptors/{storageKey}", getDescriptor},
		{hostVSSPS, http.MethodGet, "_apis/graph/storagekeys/{subjectDescriptor}", getStorageKey},
	}
}

// subject is anything with a storage key and a descriptor.
type subject struct{ key, descriptor string }

// subjects lists the organization, its projects (scope descriptors) and
// every group, identity and service principal.
func (o *organization) subjects() []subject {
	out := []subject{{o.ID, "scp." + encodeDescriptor(o.ID)}}
	for _, p := range o.Projects {
		out = append(out, subject{p.ID, "scp." + encodeDescriptor(p.ID)})
	}
	for _, g := range o.Groups {
		out = append(out, subject{g.ID, g.Descriptor})
	}
	for _, id := range o.Identities {
		out = append(out, subject{id.ID, id.SubjectDescriptor})
	}
	for _, sp := range o.ServicePrincipals {
		out = append(out, subject{sp.ID, sp.Descriptor})
	}
	return out
}

// getDescriptor maps a storage key to a descriptor: a project or the
// organization id to its scope descriptor, a group, identity or service
// principal id to its subject descriptor.
func getDescriptor(q *request) {
	key := q.param("storageKey")
	for _, s := range q.org.subjects() {
		if sameName(s.key, key) {
			vssps := q.hostBase(hostVSSPS) + "/_apis/Graph/"
			q.ok(map[string]any{"value": s.descriptor, "_links": map[string]any{
				"self":       map[string]any{"href": vssps + "Descriptors/" + s.key},
				"storageKey": map[string]any{"href": vssps + "StorageKeys/" + s.descriptor},
				"subject":    map[string]any{"href": vssps + "Subjects/" + s.descriptor},
			}})
			return
		}
	}
	q.notFound("VS860015: No descriptor found for storage key "+key+".", "StorageKeyNotFoundException")
}

func getStorageKey(q *request) {
	d := q.param("subjectDescriptor")
	for _, s := range q.org.subjects() {
		if s.descriptor == d {
			q.ok(map[string]any{"value": s.key, "_links": map[string]any{
				"descriptor": map[string]any{"href": q.hostBase(hostVSSPS) + "/_apis/Graph/Descriptors/" + s.key}}})
			return
		}
	}
	q.notFound("VS860015: No storage key found for descriptor "+d+".", "StorageKeyNotFoundException")
}
