package devops

import "net/http"

// securityNamespace is a permission namespace with its action bits.
type securityNamespace struct {
	ID, Name    string
	Read, Write int      // the bits that mean read and write
	Actions     []string // action names in bit order: 1, 2, 4, ...
}

// Namespace ids the installer grants permissions in.
const (
	namespaceGitRepositories  = "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87"
	namespaceBuild            = "33344d9c-fc72-4d6f-aba5-fa317101a7e9"
	namespaceDistributedTask  = "101eae8c-1709-47f9-b228-0e476c35b3ba"
	namespaceServiceEndpoints = "49b48001-ca20-4adc-8111-5b60c903a50c"
	namespaceLibrary          = "b7e84409-6553-448a-bbb2-af228e07cbeb"
	namespaceProject          = "52d39943-cb85-4d7f-8fa8-c6baac873819"
)

// securityNamespaces are the real namespaces' ids, names and action bits.
var securityNamespaces = []securityNamespace{
	{namespaceGitRepositories, "Git Repositories", 2, 8192, []string{"Administer", "GenericRead", "GenericContribute", "ForcePush", "CreateBranch", "CreateTag", "ManageNote", "PolicyExempt", "CreateRepository", "DeleteRepository", "RenameRepository", "EditPolicies", "RemoveOthersLocks", "ManagePermissions", "PullRequestContribute", "PullRequestBypassPolicy"}},
	{namespaceBuild, "Build", 1, 16384, []string{"ViewBuilds", "EditBuildQuality", "RetainIndefinitely", "DeleteBuilds", "ManageBuildQualities", "DestroyBuilds", "UpdateBuildInformation", "QueueBuilds", "ManageBuildQueue", "StopBuilds", "ViewBuildDefinition", "EditBuildDefinition", "DeleteBuildDefinition", "OverrideBuildCheckInValidation", "AdministerBuildPermissions"}},
	{namespaceDistributedTask, "DistributedTask", 1, 8, []string{"View", "Manage", "Listen", "AdministerPermissions", "Use", "Create"}},
	{namespaceServiceEndpoints, "ServiceEndpoints", 0, 2, []string{"Use", "Administer", "Create", "ViewAuthorization", "ViewEndpoint"}},
	{namespaceLibrary, "Library", 1, 2, []string{"View", "Administer", "Create", "ViewSecrets", "Use", "Owner"}},
	{namespaceProject, "Project", 1, 2, []string{"GENERIC_READ", "GENERIC_WRITE", "DELETE", "PUBLISH_TEST_RESULTS", "ADMINISTER_BUILD", "START_BUILD", "EDIT_BUILD_STATUS", "UPDATE_BUILD", "DELETE_TEST_RESULTS", "VIEW_TEST_RESULTS", "MANAGE_TEST_ENVIRONMENTS", "MANAGE_TEST_CONFIGURATIONS", "WORK_ITEM_DELETE", "WORK_ITEM_MOVE", "WORK_ITEM_PERMANENTLY_DELETE", "RENAME", "MANAGE_PROPERTIES", "MANAGE_SYSTEM_PROPERTIES", "BYPASS_PROPERTY_CACHE", "BYPASS_RULES", "SUPPRESS_NOTIFICATIONS", "UPDATE_VISIBILITY", "CHANGE_PROCESS", "AGILETOOLS_BACKLOG", "AGILETOOLS_PLANS"}},
}

func namespaceRoutes() []route {
	return []route{
		{hostDevOps, http.MethodGet, "_apis/securitynamespaces", listNamespaces},
		{hostDevOps, http.MethodGet, "_apis/securitynamespaces/{securityNamespaceId}", listNamespaces},
	}
}

func namespaceByID(id string) *securityNamespace {
	for i := range securityNamespaces {
		if sameName(securityNamespaces[i].ID, id) {
			return &securityNamespaces[i]
		}
	}
	return nil
}

func (n securityNamespace) json() map[string]any {
	var actions []map[string]any
	for i, a := range n.Actions {
		actions = append(actions, map[string]any{"bit": 1 << i, "name": a, "displayName": a, "namespaceId": n.ID})
	}
	return map[string]any{"namespaceId": n.ID, "name": n.Name, "displayName": n.Name, "separatorValue": "/",
		"elementLength": -1, "writePermission": n.Write, "readPermission": n.Read, "dataspaceCategory": "Default",
		"actions": actions, "structureValue": 1, "extensionType": nil, "isRemotable": false, "useTokenTranslator": false, "systemBitMask": 0}
}

// listNamespaces answers all namespaces, or the one named by the route
// (the all-zero id also means all, as in the real service).
func listNamespaces(q *request) {
	id := q.param("securityNamespaceId")
	var out []map[string]any
	for _, n := range securityNamespaces {
		if id == "" || id == "00000000-0000-0000-0000-000000000000" || sameName(n.ID, id) {
			out = append(out, n.json())
		}
	}
	listOf(q, out)
}
