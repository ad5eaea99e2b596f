package devops

// location is one API resource location as OPTIONS {base}/_apis answers it.
// Every field is mandatory for the Go SDK, which routes by these values.
type location struct {
	ID              string `json:"id"`
	Area            string `json:"area"`
	ResourceName    string `json:"resourceName"`
	RouteTemplate   string `json:"routeTemplate"`
	ResourceVersion int    `json:"resourceVersion"`
	MinVersion      string `json:"minVersion"`
	MaxVersion      string `json:"maxVersion"`
	ReleasedVersion string `json:"releasedVersion"`
	host            host
}

// Released and preview markers for releasedVersion: the SDK appends -preview
// when the released version is below the one it asks for.
const (
	released = "7.1"
	preview  = "0.0"
)

func loc(h host, id, area, resource, template string, rv int, rel string) location {
	return location{ID: id, Area: area, ResourceName: resource, RouteTemplate: template,
		ResourceVersion: rv, MinVersion: "1.0", MaxVersion: "7.2", ReleasedVersion: rel, host: h}
}

// discoveryLocations are served by every host, as the real Location area is.
func discoveryLocations(h host) []location {
	return []location{
		loc(h, "e81700f7-3be2-46de-8624-2eb35882fcaa", "Location", "ResourceAreas", "_apis/{resource}/{areaId}", 1, released),
		loc(h, "00d9565f-ed9c-4a06-9a50-00e7896ccab4", "Location", "ConnectionData", "_apis/{resource}", 1, released),
	}
}

// locations lists the resource locations of the real service that the
// emulator serves: ids, areas, resource names and route templates as Azure
// DevOps Services publishes them.
var locations = append(append(append(append(discoveryLocations(hostDevOps), discoveryLocations(hostExtMgmt)...), discoveryLocations(hostVSSPS)...), discoveryLocations(hostVSAEX)...),
	loc(hostDevOps, "603fe2ac-9723-48b9-88ad-09305aa6c6e1", "core", "projects", "_apis/{resource}/{*projectId}", 4, released),
	loc(hostDevOps, "93878975-88c5-4e6a-8abb-7ddd77a8a7d8", "core", "processes", "_apis/process/{resource}/{processId}", 1, released),
	loc(hostDevOps, "9a1b74b4-2ca8-4a9f-8470-c2f2e6fdc949", "operations", "operations", "_apis/{resource}/{operationId}", 1, released),
	loc(hostDevOps, "225f7195-f9c7-4d14-ab28-a83f7ff77e1f", "git", "repositories", "{project}/_apis/{area}/{resource}/{repositoryId}", 1, released),
	loc(hostDevOps, "01828ddc-3600-4a41-8633-99b3a73a0eb3", "git", "importRequests", "{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{importRequestId}", 1, released),
	loc(hostDevOps, "2d874a60-a811-4f62-9c9f-963a6ea0a55b", "git", "refs", "{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{*filter}", 1, released),
	loc(hostDevOps, "5e8a8081-3851-4626-b677-9891cc04102e", "git", "annotatedTags", "{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{objectId}", 1, released),
	loc(hostDevOps, "fb93c0db-47ed-4a31-8c20-47552878fb44", "git", "items", "{project}/_apis/{area}/repositories/{repositoryId}/{resource}/{*path}", 1, released),
	loc(hostDevOps, "dbeaf647-6167-421a-bda9-c9327b25e2e6", "build", "definitions", "{project}/_apis/{area}/{resource}/{definitionId}", 7, released),
	loc(hostDevOps, "c4aefd19-30ff-405b-80ad-aca021e7242a", "build", "generalSettings", "{project}/_apis/{area}/{resource}", 1, released),
	loc(hostDevOps, "900fa995-c559-4923-aae7-f8424fe4fbea", "distributedtask", "queues", "{project}/_apis/{area}/{resource}/{queueId}", 1, released),
	loc(hostDevOps, "ef5b7057-ffc3-4c77-bbad-c10b4a4abcc7", "distributedtask", "variablegroups", "_apis/{area}/{resource}/{groupId}", 2, released),
	loc(hostDevOps, "f5b09dd5-9d54-45a1-8b5a-1c8287d634cc", "distributedtask", "variablegroups", "{project}/_apis/{area}/{resource}/{groupId}", 2, released),
	// Resource limits: actions/runner · src/Sdk/DTWebApi/WebApi/TaskResourceIds.cs
	// (ResourceLimits, "resourcelimits"); not in the published specs.
	loc(hostDevOps, "1f1f0557-c445-42a6-b4a0-0df605a3a0f8", "distributedtask", "resourcelimits", "_apis/{area}/{resource}", 1, preview),
	loc(hostDevOps, "14e48fdc-2c8b-41ce-a0c3-e26f6cc55bd0", "serviceendpoint", "endpoints", "_apis/{area}/{resource}/{endpointId}", 4, released),
	loc(hostDevOps, "e85f1c62-adfc-4b74-b618-11a150fb195e", "serviceendpoint", "endpoints", "{project}/_apis/{area}/{resource}/{endpointId}", 4, released),
	loc(hostDevOps, "b5b9a4a4-e6cd-4096-853c-ab7d8b0c4eb2", "pipelinePermissions", "pipelinePermissions", "{project}/_apis/pipelines/{resource}/{resourceType}/{resourceId}", 1, preview),
	loc(hostDevOps, "ce7b9f95-fde9-4be8-a86d-83b366f0b87a", "Security", "securityNamespaces", "_apis/{resource}/{securityNamespaceId}", 1, released),
	loc(hostDevOps, "ac08c8ff-4323-4b08-af90-bcd018d380ce", "Security", "accessControlEntries", "_apis/{resource}/{securityNamespaceId}", 1, released),
	loc(hostDevOps, "18a2ad18-7571-46ae-bec7-0c7da1495885", "Security", "accessControlLists", "_apis/{resource}/{securityNamespaceId}", 1, released),
	loc(hostDevOps, "9461c234-c84c-4ed2-b918-2f0f92ad0a35", "securityroles", "roleassignments", "_apis/{area}/scopes/{scopeId}/{resource}/resources/{resourceId}/{identityId}", 1, preview),
	loc(hostExtMgmt, "fb0da285-f23e-4b56-8b53-3ef5f9f6de66", "ExtensionManagement", "installedExtensionsByName", "_apis/{area}/{resource}/{publisherName}/{extensionName}/{version}", 1, preview),
	loc(hostExtMgmt, "275424d0-c844-4fe2-bda6-04933a1357d8", "ExtensionManagement", "installedExtensions", "_apis/{area}/{resource}", 1, preview),
	loc(hostVSSPS, "048aee0a-7072-4cde-ab73-7af77b1e0b4e", "Graph", "descriptors", "_apis/{area}/{resource}/{storageKey}", 1, released),
	loc(hostVSSPS, "ebbe6af8-0b91-4c13-8cf1-777c14858188", "Graph", "groups", "_apis/{area}/{resource}/{groupDescriptor}", 1, preview),
	loc(hostVSSPS, "e1dbb0ae-49cb-4532-95a1-86cd89cfcab4", "Graph", "servicePrincipals", "_apis/{area}/{resource}/{servicePrincipalDescriptor}", 1, preview),
	loc(hostVSSPS, "3fd2e6ca-fb30-443a-b579-95b19ed0934c", "Graph", "memberships", "_apis/{area}/{resource}/{subjectDescriptor}/{containerDescriptor}", 1, preview),
	loc(hostVSSPS, "e34b6394-6b30-4435-94a9-409a5eef3e31", "Graph", "membershipsBatch", "_apis/{area}/Memberships/{subjectDescriptor}", 1, preview),
	loc(hostVSSPS, "eb85f8cc-f0f6-4264-a5b1-ffe2e4d4801f", "Graph", "storageKeys", "_apis/{area}/{resource}/{subjectDescriptor}", 1, released),
	loc(hostVSSPS, "28010c54-d0c0-4c89-a5b0-1c9e188b9fb7", "IMS", "Identities", "_apis/{resource}/{identityId}", 1, released),
	// MemberEntitlementManagement (vsaex.dev.azure.com), 7.1-preview.1 only:
	// MicrosoftDocs/vsts-rest-api-specs · specification/memberEntitlementManagement/7.1/memberEntitlementManagement.json.
	loc(hostVSAEX, "2280bffa-58a2-49da-822e-0764a1bb44f7", "MemberEntitlementManagement", "GroupEntitlements", "_apis/{resource}/{groupId}", 1, preview),
	loc(hostVSAEX, "9bce1f43-2629-419f-8f6c-7503be58a4f3", "MemberEntitlementManagement", "GroupEntitlements", "_apis/{resource}", 1, preview),
	// app.vssps.visualstudio.com, above every organization (see accounts.go):
	// profile 7.1-preview.3 and accounts 7.1-preview.1, as
	// MicrosoftDocs/vsts-rest-api-specs · specification/profile/7.1/profile.json
	// and specification/account/7.1/accounts.json give them.
	loc(hostAccounts, "e81700f7-3be2-46de-8624-2eb35882fcaa", "Location", "ResourceAreas", "_apis/{resource}/{areaId}", 1, released),
	loc(hostAccounts, "f83735dc-483f-4238-a291-d45f6080a9af", "profile", "profiles", "_apis/{area}/{resource}/{id}", 3, preview),
	loc(hostAccounts, "229a6a53-b428-4ffb-a835-e8f36b5b4b1e", "Account", "accounts", "_apis/{resource}", 1, preview),
)

// resourceArea maps an area id to the host that serves it (ResourceAreas).
type resourceArea struct {
	id, name string
	host     host
}

var resourceAreas = []resourceArea{
	{"79134c72-4a58-4b42-976c-04e7115f32bf", "core", hostDevOps},
	{"4e080c62-fa21-4fbc-8fef-2a10a2b38049", "git", hostDevOps},
	{"965220d5-5bb9-42cf-8d67-9b146df2a5a4", "build", hostDevOps},
	{"1814ab31-2f4f-4a9f-8761-f4d77dc5a5d7", "serviceendpoint", hostDevOps},
	{"a85b8835-c1a1-4aac-ae97-1c3d0ba72dbd", "distributedtask", hostDevOps},
	{"a81a0441-de52-4000-aa15-ff0e07bfbbaa", "pipelinePermissions", hostDevOps},
	{"6c2b0933-3600-42ae-bf8b-93d4f7e83594", "ExtensionManagement", hostExtMgmt},
	{"bb1e7ec9-e901-4b68-999a-de7012b920f8", "Graph", hostVSSPS},
	{"8a3d49b8-91f0-46ef-b33d-dda338c25db3", "IMS", hostVSSPS},
	{"68ddce18-2501-45f1-a17b-7931a9922690", "MemberEntitlementManagement", hostVSAEX},
}
