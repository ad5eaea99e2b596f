package devops

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"almwiz/providers/sandbox/emulator"

	"github.com/google/uuid"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/extensionmanagement"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	ims "github.com/microsoft/azure-devops-go-api/azuredevops/v7/identity"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/security"
)

const makersEntraGroup = "9f8e7d6c-0000-4000-8000-00000000abcd"

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (a *alm) makersGroup() {
	t := a.t
	g := must[graph.Client](t, "graph client")(graph.NewClient(ctx, a.conn))
	scope := must[*graph.GraphDescriptorResult](t, "get descriptor")(g.GetDescriptor(ctx, graph.GetDescriptorArgs{StorageKey: a.project.Id}))
	group := must[*graph.GraphGroup](t, "create group")(g.CreateGroupVsts(ctx, graph.CreateGroupVstsArgs{ScopeDescriptor: scope.Value,
		CreationContext: &graph.GraphGroupVstsCreationContext{DisplayName: ptr("ALM Accelerator for Makers"), Description: ptr("makers")}}))
	if *group.PrincipalName != `[ALM]\ALM Accelerator for Makers` {
		t.Errorf("principal name = %s", *group.PrincipalName)
	}
	entra := must[*graph.GraphGroup](t, "materialise Entra group")(g.CreateGroupOriginId(ctx, graph.CreateGroupOriginIdArgs{
		CreationContext: &graph.GraphGroupOriginIdCreationContext{OriginId: ptr(makersEntraGroup)}}))
	a.makers, a.entra = *group.Descriptor, *entra.Descriptor
	_ = must[*graph.GraphMembership](t, "add membership")(g.AddMembership(ctx, graph.AddMembershipArgs{SubjectDescriptor: entra.Descriptor, ContainerDescriptor: group.Descriptor}))
	if err := g.CheckMembershipExistence(ctx, graph.CheckMembershipExistenceArgs{SubjectDescriptor: entra.Descriptor, ContainerDescriptor: group.Descriptor}); err != nil {
		t.Errorf("check membership: %v", err)
	}
	if err := g.CheckMembershipExistence(ctx, graph.CheckMembershipExistenceArgs{SubjectDescriptor: group.Descriptor, ContainerDescriptor: entra.Descriptor}); err == nil {
		t.Error("check of a membership that does not exist succeeded")
	}
	groups := must[*graph.PagedGraphGroups](t, "list groups")(g.ListGroups(ctx, graph.ListGroupsArgs{ScopeDescriptor: scope.Value}))
	if !strings.Contains(dump(groups.GraphGroups), "ALM Accelerator for Makers") {
		t.Errorf("project groups do not list the makers group")
	}
}

func (a *alm) buildServicePermissions() {
	t := a.t
	ic := must[ims.Client](t, "identity client")(ims.NewClient(ctx, a.conn))
	sc := security.NewClient(ctx, a.conn)
	ns := uuid.MustParse(namespaceGitRepositories)
	token := "repoV2/" + a.project.Id.String() + "/" + a.repo.Id.String()
	for _, name := range []string{"ALM Build Service (contoso)", "Project Collection Build Service (contoso)"} {
		ids := must[*[]ims.Identity](t, "read identities")(ic.ReadIdentities(ctx, ims.ReadIdentitiesArgs{SearchFilter: ptr("General"), FilterValue: ptr(name)}))
		if len(*ids) != 1 {
			t.Fatalf("identities named %q = %d, want 1", name, len(*ids))
		}
		desc := *(*ids)[0].Descriptor
		for range 2 { // merging twice keeps the same bits
			_ = must[*[]security.AccessControlEntry](t, "set ACEs")(sc.SetAccessControlEntries(ctx, security.SetAccessControlEntriesArgs{SecurityNamespaceId: &ns,
				Container: map[string]any{"token": token, "merge": true, "accessControlEntries": []map[string]any{{"descriptor": desc, "allow": 18452, "deny": 0}}}}))
		}
		acls := must[*[]security.AccessControlList](t, "query ACLs")(sc.QueryAccessControlLists(ctx, security.QueryAccessControlListsArgs{SecurityNamespaceId: &ns, Token: &token}))
		if got := *(*(*acls)[0].AcesDictionary)[desc].Allow; got != 18452 {
			t.Errorf("%s allow = %d, want 18452", name, got)
		}
	}
	nss := must[*[]security.SecurityNamespaceDescription](t, "namespaces")(sc.QuerySecurityNamespaces(ctx, security.QuerySecurityNamespacesArgs{SecurityNamespaceId: &ns}))
	if len(*nss) != 1 || *(*nss)[0].Name != "Git Repositories" {
		t.Errorf("namespace = %s", dump(nss))
	}
}

// roleAssignments uses net/http: the SDK has no securityroles client.
func (a *alm) roleAssignments() {
	pid := a.project.Id.String()
	a.assignRole("distributedtask.variablegroup", pid+"%24"+itoa(a.groupID), "User", makersEntraGroup)
	for _, id := range a.endIDs {
		a.assignRole("distributedtask.serviceendpointrole", pid+"_"+id, "User", makersEntraGroup)
	}
}

func (a *alm) assignRole(scope, resource, role, identity string) {
	t := a.t
	tok := a.sb.token(emulator.AudienceDevOps)
	path := emulator.PrefixDevOps + "/contoso/_apis/securityroles/scopes/" + scope + "/roleassignments/resources/" + resource
	resp := a.sb.do(t, http.MethodPut, path+"?api-version=7.1-preview.1", tok, `[{"roleName":"`+role+`","userId":"`+identity+`"}]`)
	if resp.StatusCode != 200 {
		t.Fatalf("PUT %s role assignment: %d", scope, resp.StatusCode)
	}
	resp = a.sb.do(t, http.MethodGet, path, tok, "")
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"name":"`+role+`"`) || !strings.Contains(string(body), identity) {
		t.Errorf("%s role assignments = %s", scope, body)
	}
}

// servicePrincipal materialises an Entra service principal with net/http:
// the SDK's CreateServicePrincipal takes a creation context without originId.
func (a *alm) servicePrincipal() {
	t := a.t
	tok := a.sb.token(emulator.AudienceDevOps)
	const objectID = "5e5e5e5e-0000-4000-8000-000000000001"
	var first string
	for range 2 {
		resp := a.sb.do(t, http.MethodPost, emulator.PrefixVSSPS+"/contoso/_apis/graph/serviceprincipals?api-version=7.1-preview.1", tok, `{"originId":"`+objectID+`"}`)
		var sp struct{ Descriptor string }
		if err := json.NewDecoder(resp.Body).Decode(&sp); err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("create service principal: %d %v", resp.StatusCode, err)
		}
		if first != "" && sp.Descriptor != first {
			t.Errorf("second materialisation gave %s, want %s", sp.Descriptor, first)
		}
		first = sp.Descriptor
	}
	g := must[graph.Client](t, "graph client")(graph.NewClient(ctx, a.conn))
	list := must[*graph.PagedGraphServicePrincipals](t, "list service principals")(g.ListServicePrincipals(ctx, graph.ListServicePrincipalsArgs{}))
	if len(*list.GraphServicePrincipals) != 1 || *(*list.GraphServicePrincipals)[0].Descriptor != first {
		t.Errorf("service principals = %s, want the one materialised", dump(list))
	}
}

func (a *alm) extensions() {
	t := a.t
	c := must[extensionmanagement.Client](t, "extmgmt client")(extensionmanagement.NewClient(ctx, a.conn))
	for _, x := range [][2]string{{"microsoft-IsvExpTools", "PowerPlatform-BuildTools"}, {"qetza", "replacetokens"}} {
		_, err := c.GetInstalledExtensionByName(ctx, extensionmanagement.GetInstalledExtensionByNameArgs{PublisherName: &x[0], ExtensionName: &x[1]})
		if status(err) != 404 {
			t.Fatalf("get %s before install: %v, want 404", x[1], err)
		}
		_ = must[*extensionmanagement.InstalledExtension](t, "install")(c.InstallExtensionByName(ctx, extensionmanagement.InstallExtensionByNameArgs{PublisherName: &x[0], ExtensionName: &x[1]}))
		got := must[*extensionmanagement.InstalledExtension](t, "get installed")(c.GetInstalledExtensionByName(ctx, extensionmanagement.GetInstalledExtensionByNameArgs{PublisherName: ptr(strings.ToLower(x[0])), ExtensionName: &x[1]}))
		if *got.ExtensionId != x[1] {
			t.Errorf("installed extension id = %s", *got.ExtensionId)
		}
	}
}
