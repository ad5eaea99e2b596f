package devops

import (
	"net/http"
	"strings"
)

func discoveryRoutes() []route {
	var rs []route
	for _, h := range []host{hostDevOps, hostExtMgmt, hostVSSPS, hostVSAEX} {
		rs = append(rs,
			route{h, http.MethodOptions, "_apis", listLocations},
			route{h, http.MethodGet, "_apis/ResourceAreas", listResourceAreas},
			route{h, http.MethodGet, "_apis/ResourceAreas/{areaId}", getResourceArea},
			route{h, http.MethodGet, "_apis/connectionData", getConnectionData},
		)
	}
	return rs
}

// hostBase is the organization's base URL on host h.
func (q *request) hostBase(h host) string {
	i := strings.Index(q.base, q.host.prefix()+"/")
	return q.base[:i] + h.prefix() + "/" + lower(q.org.Name)
}

func listLocations(q *request) {
	var out []location
	for _, l := range locations {
		if l.host == q.host {
			out = append(out, l)
		}
	}
	listOf(q, out)
}

type resourceAreaInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	LocationURL string `json:"locationUrl"`
}

func (q *request) areaInfo(a resourceArea) resourceAreaInfo {
	return resourceAreaInfo{ID: a.id, Name: a.name, LocationURL: q.hostBase(a.host) + "/"}
}

func listResourceAreas(q *request) {
	out := make([]resourceAreaInfo, 0, len(resourceAreas))
	for _, a := range resourceAreas {
		out = append(out, q.areaInfo(a))
	}
	listOf(q, out)
}

func getResourceArea(q *request) {
	for _, a := range resourceAreas {
		if sameName(a.id, q.param("areaId")) {
			q.ok(q.areaInfo(a))
			return
		}
	}
	q.notFound("Resource area "+q.param("areaId")+" was not found.", "ResourceAreaNotFoundException")
}

func getConnectionData(q *request) {
	user := map[string]any{
		"id": q.claims.ObjectID, "descriptor": "Microsoft.IdentityModel.Claims.ClaimsIdentity;" + q.claims.Tenant + "\\" + q.claims.UPN,
		"subjectDescriptor":   "aad." + encodeDescriptor(q.claims.ObjectID),
		"providerDisplayName": q.claims.Name, "isActive": true, "isContainer": false,
		"properties": map[string]any{"Account": map[string]any{"$type": "System.String", "$value": q.claims.UPN}},
	}
	q.ok(map[string]any{
		"authenticatedUser": user, "authorizedUser": user,
		"instanceId": q.org.ID, "deploymentId": q.org.ID, "deploymentType": "hosted",
		"locationServiceData": map[string]any{"serviceOwner": "00025394-6065-48ca-87d9-7f5672854ef7", "defaultAccessMappingMoniker": "PublicAccessMapping", "lastChangeId": 1, "lastChangeId64": 1},
	})
}
