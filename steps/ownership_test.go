package steps

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

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
	ctx := context.Background()
	tok, err := h.clients.Signer.Source(h.profile.Tenants[0].Domain, h.clients.Endpoints.GraphAudience()).Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, h.clients.Endpoints.Graph()+"/applications", strings.NewReader(`{"displayName":"`+name+`","requiredResourceAccess":[{"resourceAppId":"499b84ac-1321-427f-aa17-267ca6975798","resourceAccess":[{"id":"ee69721e-6c3a-468f-a9ec-302d16a4c599","type":"Scope"}]}]}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create app %q by hand: %s", name, resp.Status)
	}
}
