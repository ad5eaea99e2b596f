package devops

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"almwiz/providers/sandbox/emulator"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/operations"
)

func TestRequestsWithoutAValidDevOpsTokenAreRefused(t *testing.T) {
	sb := newSandbox(t)
	other := emulator.NewTokenIssuer(nil, nil).Sign(emulator.Claims{Audience: emulator.AudienceDevOps, ExpiresAt: 1 << 40})
	for _, tc := range []struct{ name, token string }{
		{"no token", ""},
		{"graph token", sb.token(emulator.AudienceGraph)},
		{"token signed by another issuer", other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/devops/contoso/_apis", "/extmgmt/contoso/_apis", "/vssps/contoso/_apis/graph/groups"} {
				method := http.MethodOptions
				if strings.HasPrefix(path, "/vssps") {
					method = http.MethodGet
				}
				resp := sb.do(t, method, path, tc.token, "")
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s %s = %d, want 401", method, path, resp.StatusCode)
				}
			}
			if tc.token == "" {
				return
			}
			_, err := core.NewClient(ctx, sb.connWith("contoso", tc.token))
			if err == nil || !strings.Contains(err.Error(), "TF400813") {
				t.Errorf("core.NewClient = %v, want TF400813", err)
			}
		})
	}
}

func TestProjectsListPagesWithContinuationTokens(t *testing.T) {
	sb := newSandbox(t)
	var names []string
	for i := range 250 {
		names = append(names, fmt.Sprintf("Project %03d", i))
	}
	if err := sb.svc.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "Fabrikam", Projects: names}}}); err != nil {
		t.Fatal(err)
	}
	c := must[core.Client](t, "core client")(core.NewClient(ctx, sb.conn("fabrikam")))
	seen, pages := map[string]bool{}, 0
	args := core.GetProjectsArgs{}
	for {
		res := must[*core.GetProjectsResponseValue](t, "get projects")(c.GetProjects(ctx, args))
		pages++
		for _, p := range res.Value {
			seen[*p.Name] = true
		}
		if res.ContinuationToken == "" {
			break
		}
		next, err := strconv.Atoi(res.ContinuationToken)
		if err != nil {
			t.Fatalf("continuation token %q is not a number", res.ContinuationToken)
		}
		args.ContinuationToken = &next
	}
	if len(seen) != 250 || pages != 3 {
		t.Errorf("saw %d projects in %d pages, want 250 in 3", len(seen), pages)
	}
	top := must[*core.GetProjectsResponseValue](t, "get projects $top")(c.GetProjects(ctx, core.GetProjectsArgs{Top: ptr(10)}))
	if len(top.Value) != 10 || top.ContinuationToken == "" {
		t.Errorf("$top=10 gave %d projects, token %q", len(top.Value), top.ContinuationToken)
	}
}

func TestOrganizationAndProjectNamesAreCaseInsensitive(t *testing.T) {
	sb := newSandbox(t)
	if err := sb.svc.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "MyOrg", Projects: []string{"Demo"}}}}); err != nil {
		t.Fatal(err)
	}
	for _, org := range []string{"MyOrg", "myorg", "MYORG"} {
		c := must[core.Client](t, "core client")(core.NewClient(ctx, sb.conn(org)))
		for _, name := range []string{"demo", "DEMO", "Demo"} {
			p := must[*core.TeamProject](t, "get project")(c.GetProject(ctx, core.GetProjectArgs{ProjectId: ptr(name)}))
			if *p.Name != "Demo" {
				t.Errorf("%s/%s: name %s", org, name, *p.Name)
			}
		}
	}
	if n := len(sb.svc.Inventory(false)["organizations"].([]map[string]any)); n != 1 {
		t.Errorf("organizations = %d, want 1", n)
	}
}

func TestCreatingAnExistingProjectConflicts(t *testing.T) {
	sb := newSandbox(t)
	_ = sb.svc.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "contoso", Projects: []string{"ALM"}}}})
	c := must[core.Client](t, "core client")(core.NewClient(ctx, sb.conn("contoso")))
	_, err := c.QueueCreateProject(ctx, core.QueueCreateProjectArgs{ProjectToCreate: &core.TeamProject{Name: ptr("alm"),
		Capabilities: &map[string]map[string]string{"processTemplate": {"templateTypeId": "b8a3a935-7e91-48b8-a94c-606d37c3e9f2"}}}})
	if status(err) != http.StatusConflict || !strings.Contains(err.Error(), "TF200019") {
		t.Errorf("err = %v, want 409 TF200019", err)
	}
}

func TestOperationSurvivesSnapshotAndRestore(t *testing.T) {
	sb := newSandbox(t)
	c := must[core.Client](t, "core client")(core.NewClient(ctx, sb.conn("contoso")))
	ref := must[*operations.OperationReference](t, "create")(c.QueueCreateProject(ctx, core.QueueCreateProjectArgs{ProjectToCreate: &core.TeamProject{Name: ptr("ALM"),
		Capabilities: &map[string]map[string]string{"processTemplate": {"templateTypeId": "adcc42ab-9882-485e-a3ed-7678f01f66bc"}}}}))
	snap := must[[]byte](t, "snapshot")(sb.svc.Snapshot())

	restarted := newSandbox(t)
	restarted.clock.now = sb.clock.Now()
	if err := restarted.svc.Restore(snap); err != nil {
		t.Fatal(err)
	}
	restarted.clock.Advance(opDelay)
	op := must[*operations.Operation](t, "get operation")(operations.NewClient(ctx, restarted.conn("contoso")).GetOperation(ctx, operations.GetOperationArgs{OperationId: ref.Id}))
	if *op.Status != operations.OperationStatusValues.Succeeded {
		t.Errorf("status after restore = %s, want succeeded", *op.Status)
	}
	rc := must[core.Client](t, "core client")(core.NewClient(ctx, restarted.conn("contoso")))
	if p := must[*core.TeamProject](t, "get project")(rc.GetProject(ctx, core.GetProjectArgs{ProjectId: ptr("alm")})); *p.State != "wellFormed" {
		t.Errorf("project state = %s", *p.State)
	}
}
