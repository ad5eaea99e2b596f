package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// A clean install of each preset against a fresh external sandbox holds
// exactly what ../shared/reference/alm-accelerator.md §3–5 lists, and a
// second apply reads only: no write reaches the sandbox and no step reports a
// change.
func TestE2ECleanInstallMatchesTheReference(t *testing.T) {
	for _, p := range e2ePresets {
		t.Run(p.Name, func(t *testing.T) {
			sb := newE2ESandbox(t)
			c := newE2EClient(t, sb, p.Name)
			if err := c.Install(); err != nil {
				t.Fatal(err)
			}
			inv, err := sb.Inventory(false)
			if err != nil {
				t.Fatal(err)
			}
			problems, resources := referenceProblems(p, inv)
			for _, problem := range problems {
				t.Error(problem)
			}
			installed, err := sb.Requests()
			if err != nil {
				t.Fatal(err)
			}
			reads, writes := 0, 0
			for _, req := range installed {
				switch {
				case req.isWrite():
					writes++
				case !strings.HasPrefix(req.Path, "/login/") && !strings.HasPrefix(req.Path, "/_sandbox/"):
					reads++
				}
			}
			// The denominator is the reference's resources, not the sandbox's
			// inventory, which also holds what the services make as a side
			// effect of one write (a project's default groups and repository,
			// a solution's flows and app, a user's Dataverse mirror).
			per := func(n int) float64 { return float64(n) / float64(max(resources, 1)) }
			t.Logf("%s: the install (apply, resume, the connections, resume) made %d writes and %d reads for the %d resources of the reference: %.2f writes and %.2f reads per resource",
				p.Name, writes, reads, resources, per(writes), per(reads))
			setCleanInventory(p.Name, normalise(inv))
			if p.Name == "demo" {
				checkNormalisation(t, inv)
			}

			before, err := sb.Requests()
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.Run(nil, "apply")
			if err != nil || r.Code != 0 {
				t.Fatalf("second apply: exit %d %v\n%s", r.Code, err, r.Stderr)
			}
			after, err := sb.Requests()
			if err != nil {
				t.Fatal(err)
			}
			// The log keeps the last 10,000 requests, far more than an install makes.
			reads = 0
			for _, req := range after[len(before):] {
				if req.isWrite() {
					t.Errorf("second apply wrote: %s %s (%d)", req.Method, req.Path, req.Status)
				} else {
					reads++
				}
			}
			for _, e := range r.Events {
				if e.Kind == "created" || e.Kind == "updated" || e.Kind == "failed" || e.Kind == "manual" {
					t.Errorf("second apply: %s %s %s", e.Kind, e.Step, e.Message)
				}
			}
			t.Logf("%s: second apply made %d reads and no write in %v", p.Name, reads, r.Elapsed)
		})
	}
}

// referenceProblems checks a finished install against the reference, and
// counts the resources of the reference it found: the objects of the rows
// of §3–5 (app, service principals, grants, group, secret, extensions, …,
// role assignments, team roles), not their properties.
func referenceProblems(p e2ePreset, inv map[string]any) (problems []string, resources int) {
	var out []string
	defer func() { problems = out }()
	fail := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	names := func(kind, field string, keep func(map[string]any) bool) []string {
		var ns []string
		for _, o := range items(inv, kind) {
			if keep == nil || keep(o) {
				ns = append(ns, str(o, field))
			}
		}
		sort.Strings(ns)
		return ns
	}
	eq := func(what string, got, want []string) {
		sort.Strings(want)
		if !slices.Equal(got, want) {
			fail("%s: got %q, want %q", what, got, want)
		}
	}
	res := func(what string, got, want []string) { // a list of resources
		eq(what, got, want)
		resources += len(want)
	}

	// §3 Microsoft Entra ID.
	apps := items(inv, "applications")
	if len(apps) != 1 || str(apps[0], "displayName") != "ALMAcceleratorServicePrincipal" {
		fail("applications: want exactly ALMAcceleratorServicePrincipal, got %d", len(apps))
		return out, resources
	}
	app := apps[0]
	resources++ // the app registration
	appID := str(app, "appId")
	if got := str(app, "signInAudience"); got != p.Audience {
		fail("sign-in audience %s, want %s", got, p.Audience)
	}
	var access []string
	for _, rra := range app["requiredResourceAccess"].([]any) {
		m := rra.(map[string]any)
		for _, ra := range m["resourceAccess"].([]any) {
			access = append(access, str(m, "resourceAppId")+"/"+str(ra.(map[string]any), "id")+"/"+str(ra.(map[string]any), "type"))
		}
	}
	sort.Strings(access)
	eq("required resource access", access, []string{
		"499b84ac-1321-427f-aa17-267ca6975798/ee69721e-6c3a-468f-a9ec-302d16a4c599/Scope",
		"00000007-0000-0000-c000-000000000000/78ce3f0f-a1ce-49c2-8cde-64b5c0896db4/Scope",
		"c9299480-c13a-49db-a7ae-cdfe54fe0313/d533b86d-8f67-45f0-b8bb-c0cee8da0356/Scope",
	})
	var redirects []string
	if web, ok := app["web"].(map[string]any); ok {
		for _, u := range web["redirectUris"].([]any) {
			redirects = append(redirects, u.(string))
		}
	}
	if len(redirects) != 2 || !slices.Contains(redirects, "https://global.consent.azure-apim.net/redirect") ||
		!slices.ContainsFunc(redirects, func(u string) bool {
			return strings.HasPrefix(u, "https://global.consent.azure-apim.net/redirect/cat-5fcustomazuredevops-")
		}) {
		fail("redirect URIs %q: want the consent redirect and the connector's own", redirects)
	}
	if n := almwizSecretCount(inv); n != 1 || len(app["passwordCredentials"].([]any)) != 1 {
		fail("client secrets: %d named almwiz of %d, want exactly one", n, len(app["passwordCredentials"].([]any)))
	}
	resources++ // the client secret

	tenantOf := map[string]string{} // tenant id -> domain
	for _, tn := range items(inv, "tenants") {
		tenantOf[str(tn, "id")] = str(tn, "domain")
	}
	spTenants := names("servicePrincipals", "tenantId", func(o map[string]any) bool { return str(o, "appId") == appID })
	for i, id := range spTenants {
		spTenants[i] = tenantOf[id]
	}
	sort.Strings(spTenants)
	res("tenants with a service principal of the app", spTenants, slices.Clone(p.Tenants))
	spIDs := map[string]bool{}
	for _, sp := range items(inv, "servicePrincipals") {
		if str(sp, "appId") == appID {
			spIDs[str(sp, "id")] = true
		}
	}
	var grants []string
	for _, g := range items(inv, "oauth2PermissionGrants") {
		if spIDs[str(g, "clientId")] {
			grants = append(grants, tenantOf[str(g, "tenantId")]+" "+str(g, "consentType")+" "+str(g, "scope"))
		}
	}
	sort.Strings(grants)
	var wantGrants []string
	for _, tn := range p.Tenants {
		for _, s := range []string{"user_impersonation", "user_impersonation", "Analysis.All"} {
			wantGrants = append(wantGrants, tn+" AllPrincipals "+s)
		}
	}
	res("admin consent", grants, wantGrants)
	groups := items(inv, "groups")
	// The accelerator's description, followed by the mark destroy reads back.
	if len(groups) != 1 || str(groups[0], "displayName") != "ALMAcceleratorForMakers" || groups[0]["securityEnabled"] != true ||
		str(groups[0], "description") != "Application Lifecycle Management Accelerator for Makers (created by almwiz)" || str(groups[0], "mailNickname") == "null" {
		fail("makers group: %v", groups)
	}
	resources++ // the makers group

	res("Power Platform management app", names("adminApplications", "applicationId", nil), []string{appID})

	// §4 Azure DevOps.
	res("extensions", names("extensions", "extensionId", nil), slices.Clone(p.Extensions))
	res("projects", names("projects", "name", nil), []string{"alm"})
	repos := items(inv, "repositories")
	var pipelinesRepo map[string]any
	for _, r := range repos {
		if str(r, "name") == "pipelines" {
			pipelinesRepo = r
		}
	}
	if pipelinesRepo == nil || str(pipelinesRepo, "defaultBranch") != "refs/heads/main" {
		fail("repository pipelines on refs/heads/main: %v", pipelinesRepo)
	} else if files, _ := pipelinesRepo["files"].([]any); !slices.Contains(files, any("/Pipelines/export-solution-to-git.yml")) {
		fail("repository pipelines holds no imported templates: %v", files)
	}
	resources++ // the pipelines repository
	var pipelines []string
	for _, d := range items(inv, "buildDefinitions") {
		proc, _ := d["process"].(map[string]any)
		repo, _ := d["repository"].(map[string]any)
		queue, _ := d["queue"].(map[string]any)
		pipelines = append(pipelines, fmt.Sprintf("%s %s %s %s %s", str(d, "name"), str(proc, "yamlFilename"), str(repo, "name"), str(repo, "defaultBranch"), str(queue, "name")))
	}
	sort.Strings(pipelines)
	var wantPipelines []string
	for _, n := range []string{"export-solution-to-git", "import-unmanaged-to-dev-environment", "delete-unmanaged-solution-and-components", "sync-pipeline-repo"} {
		wantPipelines = append(wantPipelines, fmt.Sprintf("%s /Pipelines/%s.yml pipelines refs/heads/main Azure Pipelines", n, n))
	}
	res("pipelines", pipelines, wantPipelines)
	vgs := items(inv, "variableGroups")
	if len(vgs) != 1 || str(vgs[0], "name") != "alm-accelerator-variable-group" {
		fail("variable groups: %v", vgs)
	} else if vars, _ := vgs[0]["variables"].(map[string]any); len(vars) != 1 || str(vars, "AADHost.value") != "login.microsoftonline.com" {
		fail("variables %v: want AADHost = login.microsoftonline.com only", vars)
	}
	resources++ // the variable group
	var endpoints []string
	for _, e := range items(inv, "serviceEndpoints") {
		if str(e, "name") != str(e, "url") || str(e, "type") != "powerplatform-spn" || str(e, "scheme") != "None" || str(e, "parameters.applicationId") != appID {
			fail("service connection %s: %v", str(e, "name"), e)
		}
		endpoints = append(endpoints, str(e, "name"))
	}
	sort.Strings(endpoints)
	res("service connections", endpoints, slices.Clone(p.Deploy))
	authorized := 0
	for _, pp := range items(inv, "pipelinePermissions") {
		if all, _ := pp["allPipelines"].(map[string]any); all["authorized"] == true {
			authorized++
		}
	}
	if want := 1 + len(p.Deploy); authorized != want {
		fail("resources authorized for every pipeline: %d, want %d (variable group and service connections)", authorized, want)
	}
	resources += 1 + len(p.Deploy) // the authorizations
	var roles []string
	for _, ra := range items(inv, "roleAssignments") {
		roles = append(roles, str(ra, "identity")+" "+str(ra, "role")+" "+str(ra, "scope"))
	}
	sort.Strings(roles)
	var wantRoles []string
	wantRoles = append(wantRoles, "ALM Accelerator for Makers User distributedtask.variablegroup")
	for range p.Deploy {
		wantRoles = append(wantRoles, "ALM Accelerator for Makers User distributedtask.serviceendpointrole",
			"alm Build Service ("+orgOf(inv)+") Administrator distributedtask.serviceendpointrole")
	}
	wantRoles = append(wantRoles, "alm Build Service ("+orgOf(inv)+") Reader distributedtask.agentqueuerole",
		"Project Collection Build Service ("+orgOf(inv)+") Reader distributedtask.agentqueuerole")
	res("Azure DevOps role assignments", roles, wantRoles)
	var aces []string
	for _, a := range items(inv, "accessControlEntries") {
		aces = append(aces, fmt.Sprintf("%s %v", str(a, "namespaceId"), a["allow"]))
	}
	sort.Strings(aces)
	res("build service permissions", aces, []string{
		"2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87 18452", "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87 18452",
		"33344d9c-fc72-4d6f-aba5-fa317101a7e9 11587", "33344d9c-fc72-4d6f-aba5-fa317101a7e9 11587",
	})
	if !slices.Contains(names("devops.groups", "displayName", nil), "ALM Accelerator for Makers") {
		fail("no project group ALM Accelerator for Makers")
	}
	resources++ // the project group

	// §5 Power Platform and Dataverse.
	host := strings.TrimSuffix(strings.TrimPrefix(p.HostURL, "https://"), "/")
	envHosts := []string{host}
	for _, u := range p.Deploy {
		envHosts = append(envHosts, strings.TrimSuffix(strings.TrimPrefix(u, "https://"), "/"))
	}
	sort.Strings(envHosts)
	res("application users", names("applicationUsers", "environment", func(o map[string]any) bool { return str(o, "applicationid") == appID }), slices.Clone(envHosts))
	// Built-in roles are named in the environment's base language (German in
	// the lived-in world): they are matched by role template id.
	const sysAdminTemplate, basicUserTemplate = "627090ff-40a3-4053-8790-584edc5be201", "236750cd-45ae-4939-ab12-b24b920ced93"
	res("application users with System Administrator", names("powerplatform.roleAssignments", "environment", func(o map[string]any) bool {
		return str(o, "applicationId") == appID && str(o, "roleTemplateId") == sysAdminTemplate
	}), slices.Clone(envHosts))
	if p.CreatesEnv {
		res("environments created", names("environments", "properties.linkedEnvironmentMetadata.instanceUrl", nil), append([]string{p.HostURL}, p.Deploy...))
	}
	res("solutions in the host", names("solutions", "uniquename", func(o map[string]any) bool { return str(o, "environment") == host }),
		[]string{"CenterofExcellenceALMAccelerator", "CreatorKitCore"})
	connectors := items(inv, "connectors")
	if len(connectors) != 1 || !strings.Contains(str(connectors[0], "connectionparameters"), `"clientId":"`+appID+`"`) ||
		!strings.Contains(str(connectors[0], "connectionparameters"), `"identityProvider":"aad"`) {
		fail("custom connector not configured with the app: %v", connectors)
	}
	resources++ // the custom connector
	var refs []string
	for _, r := range items(inv, "connectionReferences") {
		if r["connectionid"] == nil || str(r, "connectionid") == "" {
			fail("connection reference %s is not bound", str(r, "connectionreferencelogicalname"))
		}
		refs = append(refs, str(r, "connectionreferencelogicalname"))
	}
	sort.Strings(refs)
	res("connection references", refs, []string{"cat_CDSDevOps", "cat_sharedcommondataserviceforapps_3bba0", "cat_sharedpowerappsforappmakers_c4094", "cat_sharedwebcontents_0df3a"})
	flows := items(inv, "flows")
	if len(flows) == 0 {
		fail("no flows")
	}
	for _, f := range flows {
		if f["statecode"] != float64(1) {
			fail("flow %s is off", str(f, "name"))
		}
	}
	resources += len(flows) // each turned on
	groupID := str(groups[0], "id")
	shares := items(inv, "appPermissions")
	if len(shares) != 1 || str(shares[0], "roleName") != "CanView" || str(shares[0], "principal.id") != groupID || str(shares[0], "principal.type") != "Group" {
		fail("app sharing: %v", shares)
	}
	resources++ // the app share
	teams := items(inv, "teams")
	if len(teams) != 1 || str(teams[0], "name") != "ALMAcceleratorForMakers" || str(teams[0], "azureactivedirectoryobjectid") != groupID {
		fail("makers team: %v", teams)
	}
	var teamRoles []string
	for _, o := range items(inv, "powerplatform.roleAssignments") {
		if str(o, "principalType") == "team" {
			teamRoles = append(teamRoles, cmp.Or(str(o, "roleTemplateId"), str(o, "role")))
		}
	}
	sort.Strings(teamRoles)
	resources++ // the makers team
	res("makers team roles", teamRoles, []string{"ALM Power App Access", basicUserTemplate})
	return out, resources
}

func orgOf(inv map[string]any) string {
	orgs := items(inv, "organizations")
	if len(orgs) == 0 {
		return ""
	}
	return str(orgs[0], "name")
}

// checkNormalisation makes sure the comparison the crash and fault suites
// rely on ignores what differs between identical installs (ids, GUIDs,
// timestamps) and still sees a resource created twice or a secret left over.
func checkNormalisation(t *testing.T, inv map[string]any) {
	t.Helper()
	b, _ := json.Marshal(inv)
	var other map[string]any
	renamed := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`).ReplaceAllString(string(b), "0badc0de-0000-")
	renamed = regexp.MustCompile(`T\d\d:\d\d:\d\d`).ReplaceAllString(renamed, "T01:02:03")
	if err := json.Unmarshal([]byte(renamed), &other); err != nil {
		t.Fatal(err)
	}
	if d := normalise(inv).diff(normalise(other)); d != "" {
		t.Errorf("the same install with other ids and times compares different:\n%s", d)
	}
	defs := other["buildDefinitions"].([]any)
	other["buildDefinitions"] = append(defs, defs[0])
	app := items(other, "applications")[0]
	app["passwordCredentials"] = append(app["passwordCredentials"].([]any), map[string]any{"displayName": "almwiz", "keyId": "x"})
	d := normalise(inv).diff(normalise(other))
	if !strings.Contains(d, "buildDefinitions: extra") || !strings.Contains(d, "applications: extra") {
		t.Errorf("a duplicate pipeline and a second secret go unnoticed:\n%s", d)
	}
}
