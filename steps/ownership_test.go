package steps

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// Someone edits createdByUs in state.json for an environment that existed
// before the install: destroy must prove ownership from the cloud and
// refuse, naming the environment, instead of deleting it.
func TestDestroyRefusesAnEnvironmentThatDoesNotCarryTheMark(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{OperationDelay: 50 * time.Millisecond})
	p := newPPRunner(h)
	if res := p.run(nil); res.err != nil {
		t.Fatal(res.err)
	}
	store, err := checkpoint.Open(p.dir, checkpoint.Options{Command: "an editor"})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Update(func(st *checkpoint.State) { st.Step(IDEnvironment("test")).CreatedByUs = true }); err != nil {
		t.Fatal(err)
	}
	_ = store.Close()
	_, err = p.destroy()
	var failed *FailedError
	if !errors.As(err, &failed) || len(failed.Errors) != 1 || failed.Steps[0] != IDEnvironment("test") ||
		!strings.Contains(failed.Errors[0].Error(), "does not carry almwiz's mark") || !strings.Contains(failed.Errors[0].Error(), "contoso-test") {
		t.Errorf("destroy = %v (%v), want a refusal naming the test environment", err, failed)
	}
	if n := len(h.inventory("environments")); n != 5 {
		t.Errorf("%d environments left, want all 5 that existed before", n)
	}
}

func TestEnvironmentsAlmwizCreatesCarryTheMark(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "demo", sandbox.Options{})
	p := newPPRunner(h)
	if res := p.run(nil); res.err != nil {
		t.Fatal(res.err)
	}
	for _, e := range h.inventory("environments") {
		props, _ := e["properties"].(map[string]any)
		if d, _ := props["description"].(string); !strings.HasPrefix(d, EnvironmentMark) {
			t.Errorf("environment %v has description %q", props["displayName"], d)
		}
	}
}

// The same for an Azure DevOps project that existed before the install:
// deleting it would delete everything in it.
func TestDestroyRefusesAProjectThatDoesNotCarryTheMark(t *testing.T) {
	h := newHarness(t, "demo", sandbox.Options{})
	ctx := context.Background()
	tenant, org := h.profile.Tenants[0].Domain, orgName(h.profile.DevOps.Organizations[0])
	c, err := h.clients.DevOps(ctx, tenant, org)
	if err != nil {
		t.Fatal(err)
	}
	name := h.profile.DevOps.Organizations[0].Projects[0].Name
	op, err := c.QueueProject(ctx, name, "Contoso's own project")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitOperation(ctx, op, func(string) {}); err != nil {
		t.Fatal(err)
	}
	d := newDevOpsRun(h)
	if _, err := d.run(ctx, nil); err != nil {
		t.Fatal(err)
	}
	id := IDProjectStep(org, name, "project")
	if err := d.store.Update(func(st *checkpoint.State) { st.Step(id).CreatedByUs = true }); err != nil {
		t.Fatal(err)
	}
	_, err = (&Runner{Plan: d.plan, Store: d.store, Backoff: fastRetries}).Destroy(ctx)
	var failed *FailedError
	if !errors.As(err, &failed) || !slices.Contains(failed.Steps, id) {
		t.Fatalf("destroy = %v, want the project step refused", err)
	}
	for i, s := range failed.Steps {
		if s == id && !strings.Contains(failed.Errors[i].Error(), "does not carry almwiz's mark") {
			t.Errorf("refusal %q does not say why", failed.Errors[i].Error())
		}
	}
	if p, err := c.FindProject(ctx, name); err != nil || p == nil {
		t.Errorf("the project that existed before is gone (%v)", err)
	}
}

// An admin registered an app of the accelerator's name by hand, asking Azure
// DevOps' permission as the accelerator's does (so almwiz recognises and adopts it): with createdByUs edited in,
// destroy must still leave it.
func TestDestroyRefusesAnAdoptedAppRegistration(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	createAppByHand(t, h, h.profile.Identity.AppRegistration)
	plan, _ := entraPlan(h)
	dir := t.TempDir()
	if _, err := entraRun(t, plan, dir); err != nil {
		t.Fatal(err)
	}
	apps := len(h.inventory("applications"))
	store, err := checkpoint.Open(dir, checkpoint.Options{Command: "an editor"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Update(func(st *checkpoint.State) { st.Step(IDAppRegistration).CreatedByUs = true }); err != nil {
		t.Fatal(err)
	}
	_, err = (&Runner{Plan: plan, Store: store, Backoff: fastRetries}).Destroy(context.Background())
	var failed *FailedError
	if !errors.As(err, &failed) || !slices.Contains(failed.Steps, IDAppRegistration) {
		t.Fatalf("destroy = %v, want the app registration refused", err)
	}
	if n := len(h.inventory("applications")); n != apps {
		t.Errorf("%d app registrations after destroy, want the %d there before", n, apps)
	}
}

// createAppByHand registers an app of this display name, without
// uniqueName, as an admin in the Entra admin center (or the CoE CLI) would.
func createAppByHand(t *testing.T, h *harness, name string) {
	t.Helper()
	postApp(t, h, `{"displayName":"`+name+`","requiredResourceAccess":[{"resourceAppId":"499b84ac-1321-427f-aa17-267ca6975798","resourceAccess":[{"id":"ee69721e-6c3a-468f-a9ec-302d16a4c599","type":"Scope"}]}]}`)
}

// postApp registers an app through Graph with this body.
func postApp(t *testing.T, h *harness, body string) {
	t.Helper()
	ctx := context.Background()
	tok, err := h.clients.Signer.Source(h.profile.Tenants[0].Domain, h.clients.Endpoints.GraphAudience()).Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, h.clients.Endpoints.Graph()+"/applications", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create app %s by hand: %s", body, resp.Status)
	}
}

// editCreatedByUs marks steps as created by this installation in state.json,
// as someone with access to the state directory could.
func editCreatedByUs(t *testing.T, store *checkpoint.Store, ids ...string) {
	t.Helper()
	if err := store.Update(func(st *checkpoint.State) {
		for _, id := range ids {
			st.Step(id).CreatedByUs = true
		}
	}); err != nil {
		t.Fatal(err)
	}
}

// destroyAll runs destroy to the end, failures or not, and returns the
// refusals by step and the events.
func destroyAll(t *testing.T, plan *Plan, store *checkpoint.Store) (map[string]string, []Event) {
	t.Helper()
	events := make(chan Event, 4096)
	_, err := (&Runner{Plan: plan, Store: store, Backoff: fastRetries, Events: events, ContinueOnError: true}).Destroy(context.Background())
	refused := map[string]string{}
	var failed *FailedError
	if errors.As(err, &failed) {
		for i, id := range failed.Steps {
			refused[id] = failed.Errors[i].Error()
		}
	} else if err != nil {
		t.Fatal(err)
	}
	var got []Event
	for e := range events {
		got = append(got, e)
	}
	return refused, got
}

// In a project that existed before the install, with a variable group, a
// project group and a pipeline of the accelerator's names made by hand:
// with createdByUs edited in, destroy refuses each, naming it, and it
// remains. The repository and the build service's permissions, which
// nothing can prove, are left in place and reported.
func TestDestroyRefusesDevOpsResourcesThatExistedBefore(t *testing.T) {
	for _, c := range []struct {
		step, names string
		left        bool // unprovable: left in place, reported skipped
	}{
		{"variable-group", `variable group "` + devops.VariableGroupName + `"`, false},
		{"makers-group", `project group "` + devops.MakersGroupName + `"`, false},
		{"pipeline/export-solution-to-git", "pipeline export-solution-to-git", false},
		{"repository", "cannot prove almwiz created repository pipelines", true},
		{"build-service-permissions", "cannot prove almwiz created the build service's permissions", true},
	} {
		t.Run(c.step, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, "demo", sandbox.Options{})
			inv := devopsMadeByHand(t, h)
			d := newDevOpsRun(h)
			if _, err := d.run(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			o := h.profile.DevOps.Organizations[0]
			id := IDProjectStep(orgName(o), o.Projects[0].Name, strings.Split(c.step, "/")...)
			editCreatedByUs(t, d.store, id)
			refused, events := destroyAll(t, d.plan, d.store)
			left := slices.ContainsFunc(events, func(e Event) bool {
				return e.StepID == id && e.Kind == EventSkipped && strings.Contains(e.Message, c.names)
			})
			switch msg := refused[id]; {
			case c.left && !left:
				t.Errorf("not reported left in place (refused: %q)", msg)
			case !c.left && (!strings.Contains(msg, "does not carry almwiz's mark") || !strings.Contains(msg, c.names)):
				t.Errorf("refusal %q, want one naming %s", msg, c.names)
			}
			for kind, n := range inv {
				if got := len(h.inventory(kind)); got != n {
					t.Errorf("%d %s after destroy, want the %d there before", got, kind, n)
				}
			}
		})
	}
}

// devopsMadeByHand makes the demo's project, variable group, project group,
// pipelines repository and a core pipeline as an admin would, without
// almwiz's mark, and returns how many of each kind there are.
func devopsMadeByHand(t *testing.T, h *harness) map[string]int {
	t.Helper()
	ctx := context.Background()
	o := h.profile.DevOps.Organizations[0]
	c, err := h.clients.DevOps(ctx, h.profile.Tenants[0].Domain, orgName(o))
	if err != nil {
		t.Fatal(err)
	}
	op, err := c.QueueProject(ctx, o.Projects[0].Name, "Contoso's own project")
	if err == nil {
		err = c.WaitOperation(ctx, op, func(string) {})
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.FindProject(ctx, o.Projects[0].Name)
	if err != nil || p == nil {
		t.Fatal(p, err)
	}
	if _, _, err := c.EnsureVariableGroup(ctx, p.ID, devops.VariableGroupName, "Contoso's own", map[string]devops.Variable{"Team": {Value: "contoso"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.EnsureProjectGroup(ctx, p.ID, devops.MakersGroupName, "Contoso's own makers"); err != nil {
		t.Fatal(err)
	}
	repo, _, err := c.EnsureRepository(ctx, p.ID, o.Projects[0].PipelineRepository)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.EnsurePipeline(ctx, p.ID, devops.CorePipelines(repo.ID, repo.Name)[0]); err != nil {
		t.Fatal(err)
	}
	inv := map[string]int{}
	for _, kind := range []string{"projects", "variableGroups", "repositories", "buildDefinitions"} {
		inv[kind] = len(h.inventory(kind))
	}
	return inv
}

// Entra resources of the accelerator's names that existed before the
// install, with createdByUs edited in: destroy refuses each, naming it,
// and it remains.
func TestDestroyRefusesEntraResourcesThatExistedBefore(t *testing.T) {
	for _, c := range []struct {
		name, step, names string
		byHand            func(t *testing.T, h *harness, b *build)
		notOurs           []string // steps recorded as found, not created
		count             string   // the inventory kind that must not shrink
	}{
		{"makers group", IDMakersGroup, `security group "ALMAcceleratorForMakers"`, func(t *testing.T, h *harness, b *build) {
			if _, _, err := b.homeClient().EnsureGroup(context.Background(), h.profile.Identity.MakersGroup, makersDescription, ""); err != nil {
				t.Fatal(err)
			}
		}, nil, "groups"},
		{"service principal", IDServicePrincipal(homeTenant), "service principal", servicePrincipalByHand, []string{IDAdminConsent(homeTenant)}, "servicePrincipals"},
		{"admin consent", IDAdminConsent(homeTenant), "the admin consent granted in", servicePrincipalByHand, nil, "oauth2PermissionGrants"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, "enterprise", sandbox.Options{})
			plan, b := entraPlan(h)
			c.byHand(t, h, b)
			dir := t.TempDir()
			if _, err := entraRun(t, plan, dir); err != nil {
				t.Fatal(err)
			}
			before := len(h.inventory(c.count))
			store, err := checkpoint.Open(dir, checkpoint.Options{Command: "an editor"})
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			editCreatedByUs(t, store, c.step)
			if err := store.Update(func(st *checkpoint.State) {
				for _, id := range c.notOurs {
					st.Step(id).CreatedByUs = false
				}
			}); err != nil {
				t.Fatal(err)
			}
			refused, _ := destroyAll(t, plan, store)
			if msg := refused[c.step]; !strings.Contains(msg, "does not carry almwiz's mark") && !strings.Contains(msg, "cannot prove") || !strings.Contains(msg, c.names) {
				t.Errorf("refusal %q, want one naming %s", msg, c.names)
			}
			if n := len(h.inventory(c.count)); n < before {
				t.Errorf("%d %s after destroy, want the %d there before", n, c.count, before)
			}
		})
	}
}

// homeTenant is the enterprise preset's home tenant.
const homeTenant = "contoso"

// servicePrincipalByHand registers the app and its service principal in the
// home tenant as an admin would, without almwiz's mark.
func servicePrincipalByHand(t *testing.T, h *harness, b *build) {
	createAppByHand(t, h, h.profile.Identity.AppRegistration)
	ctx := context.Background()
	app, found, err := b.homeClient().FindApplication(ctx, b.appSpec())
	if err != nil || !found {
		t.Fatal(found, err)
	}
	if _, _, err := b.homeClient().EnsureServicePrincipal(ctx, app.AppID, ""); err != nil {
		t.Fatal(err)
	}
}

// A client secret of almwiz's display name added by hand, without the mark,
// is not removed by destroy: it refuses, naming the secret.
func TestDestroyLeavesAClientSecretAddedByHand(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	plan, b := entraPlan(h)
	dir := t.TempDir()
	if _, err := entraRun(t, plan, dir); err != nil {
		t.Fatal(err)
	}
	app, _, err := b.homeClient().FindApplication(context.Background(), b.appSpec())
	if err != nil {
		t.Fatal(err)
	}
	keyID, _, err := b.homeClient().AddSecret(context.Background(), app.ID, "almwiz", time.Now().AddDate(0, 0, 30))
	if err != nil {
		t.Fatal(err)
	}
	store, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz destroy"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	refused, _ := destroyAll(t, plan, store)
	if msg := refused[IDClientSecret]; !strings.Contains(msg, keyID) || !strings.Contains(msg, "does not carry almwiz's mark") {
		t.Errorf("refusal %q, want one naming secret %s", msg, keyID)
	}
	var keys []string
	for _, a := range h.inventory("applications") {
		creds, _ := a["passwordCredentials"].([]any)
		for _, c := range creds {
			keys = append(keys, c.(map[string]any)["keyId"].(string))
		}
	}
	if !slices.Contains(keys, keyID) {
		t.Errorf("the secret added by hand is gone: %v", keys)
	}
}

// An application user and a management-app registration of an app that
// existed before the install, made by hand: with createdByUs edited in,
// destroy refuses each, naming it, and leaves it as it was.
func TestDestroyRefusesPowerPlatformResourcesThatExistedBefore(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "enterprise", sandbox.Options{})
	ctx := context.Background()
	b := newBuild(h.profile, h.clients)
	name := h.profile.Identity.AppRegistration
	postApp(t, h, `{"displayName":"`+name+`","uniqueName":"`+name+`"}`)
	app, found, err := b.homeClient().FindApplication(ctx, b.appSpec())
	if err != nil || !found {
		t.Fatal(found, err)
	}
	e := h.profile.Environments[0]
	pp := h.clients.PowerPlatform(b.tenantDomain(e.Tenant))
	dv, err := pp.Dataverse(b.envURL(e))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := dv.EnsureApplicationUser(ctx, app.AppID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.clients.PowerPlatform(b.tenantDomain(b.home)).RegisterManagementApp(ctx, app.AppID); err != nil {
		t.Fatal(err)
	}
	p := newPPRunner(h)
	if res := p.run(nil); res.err != nil {
		t.Fatal(res.err)
	}
	store, err := checkpoint.Open(p.dir, checkpoint.Options{Command: "an editor"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	user := IDHostStep(e.Name, "application-user")
	editCreatedByUs(t, store, user, IDManagementApp)
	refused, _ := destroyAll(t, ppPlan(h), store)
	for id, names := range map[string]string{user: "the application user " + app.AppID, IDManagementApp: "the management-app registration of app " + app.AppID} {
		if msg := refused[id]; !strings.Contains(msg, names) || !strings.Contains(msg, "does not carry almwiz's mark") {
			t.Errorf("%s: refusal %q, want one naming %s", id, msg, names)
		}
	}
	if u, found, err := dv.ApplicationUser(ctx, app.AppID); err != nil || !found || u.Disabled {
		t.Errorf("the application user that existed before: found %t, disabled %t (%v)", found, u.Disabled, err)
	}
	if ok, err := h.clients.PowerPlatform(b.tenantDomain(b.home)).ManagementAppRegistered(ctx, app.AppID); err != nil || !ok {
		t.Errorf("the management app that existed before is no longer registered (%v)", err)
	}
}
