package powerplatform_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

func TestEnvironmentCreationReattachesFromTheSavedOperationURL(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	spec := powerplatform.Spec{DisplayName: "Contoso Dev", DomainName: "contoso-dev", Location: "unitedstates", Type: "Sandbox"}

	first := w.client()
	if _, found := must2(t)(first.FindEnvironment(ctx, spec.DomainName)); found {
		t.Fatal("contoso-dev exists before it is created")
	}
	opURL := must[string](t)(first.CreateEnvironment(ctx, spec))
	if !strings.Contains(opURL, "/lifecycleOperations/") {
		t.Fatalf("CreateEnvironment returned %q, want a lifecycle operation URL", opURL)
	}

	// A resumed run: a new client with only the URL from the checkpoint.
	var progress progressLog
	env := must[powerplatform.Environment](t)(w.client().WaitEnvironment(ctx, opURL, progress.add))
	if env.URL != "https://contoso-dev.crm.dynamics.com/" || !env.Ready() {
		t.Fatalf("environment = %+v, want ready at https://contoso-dev.crm.dynamics.com/", env)
	}
	if !strings.Contains(progress.text(), "create environment: Running") || !strings.Contains(progress.text(), "is ready") {
		t.Errorf("progress did not tell the wait:\n%s", progress.text())
	}
	who := must[powerplatform.WhoAmI](t)(w.dataverse(first, env.URL).WhoAmI(ctx))
	if who.UserID == "" || who.OrganizationID == "" {
		t.Errorf("WhoAmI in the new environment = %+v", who)
	}
	for _, key := range []string{"contoso-dev", "https://CONTOSO-DEV.crm.dynamics.com/"} {
		if got, found := must2(t)(first.FindEnvironment(ctx, key)); !found || got.Name != env.Name {
			t.Errorf("FindEnvironment(%q) = %+v, %v", key, got, found)
		}
	}
	// A run that lost its checkpoint waits on the environment itself.
	if ready := must[powerplatform.Environment](t)(w.client().WaitEnvironmentReady(ctx, env.Name, nil)); ready.URL != env.URL {
		t.Errorf("WaitEnvironmentReady = %+v", ready)
	}
	// Waiting again on a finished operation answers at once, creating nothing.
	mark := w.requestCount()
	if again := must[powerplatform.Environment](t)(w.client().WaitEnvironment(ctx, opURL, nil)); again.Name != env.Name {
		t.Errorf("second wait = %+v", again)
	}
	if writes := w.writesSince(mark); len(writes) > 0 {
		t.Errorf("re-attaching wrote %v", writes)
	}
	if n := len(w.inventory(false)["environments"]); n != 2 {
		t.Errorf("inventory has %d environments, want the seeded one and contoso-dev", n)
	}
}

func TestDeletedEnvironmentIsGoneAndDeletingAgainIsANoOp(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	env, _ := must2(t)(c.FindEnvironment(ctx, hostURL))
	opURL := must[string](t)(c.DeleteEnvironment(ctx, env.Name))
	if opURL == "" {
		t.Fatal("DeleteEnvironment returned no operation to wait for")
	}
	var progress progressLog
	res := must[powerplatform.OperationResult](t)(w.client().WaitOperation(ctx, opURL, progress.add))
	if res.State != "Succeeded" || res.EnvironmentName != env.Name {
		t.Errorf("delete operation = %+v", res)
	}
	if _, found := must2(t)(c.Environment(ctx, env.Name)); found {
		t.Error("the environment is still there")
	}
	if again := must[string](t)(c.DeleteEnvironment(ctx, env.Name)); again != "" {
		t.Errorf("deleting a deleted environment returned operation %q", again)
	}
}

func TestWaitOperationRefusesURLsOutsideTheAdminAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	for _, u := range []string{
		"https://attacker.example/providers/Microsoft.BusinessAppPlatform/lifecycleOperations/1",
		"http" + strings.TrimPrefix(w.ep.PowerPlatformAdmin(), "https") + "/providers/Microsoft.BusinessAppPlatform/lifecycleOperations/1",
	} {
		if _, err := w.client().WaitOperation(context.Background(), u, nil); err == nil || !strings.Contains(err.Error(), "is not an operation") {
			t.Errorf("WaitOperation(%q) = %v, want a refusal", u, err)
		}
	}
}

// must2 unwraps a (value, found, error) lookup.
func must2(t *testing.T) func(powerplatform.Environment, bool, error) (powerplatform.Environment, bool) {
	return func(e powerplatform.Environment, found bool, err error) (powerplatform.Environment, bool) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return e, found
	}
}

func TestEnvironmentStillProvisioningIsFoundWithoutItsOperationURL(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	spec := powerplatform.Spec{DisplayName: "Contoso Validation", DomainName: "contoso-val", Location: "europe", Type: "Sandbox"}
	c := w.client()
	if _, err := c.CreateEnvironment(ctx, spec); err != nil {
		t.Fatal(err)
	}
	// The run crashed before recording the operation URL; the next one looks first.
	env, found, err := w.client().FindEnvironmentFor(ctx, spec)
	if err != nil || !found || env.Ready() {
		t.Fatalf("FindEnvironmentFor = %+v, %v, %v; want the environment still provisioning", env, found, err)
	}
	ready := must[powerplatform.Environment](t)(w.client().WaitEnvironmentReady(ctx, env.Name, nil))
	if ready.URL != "https://contoso-val.crm4.dynamics.com/" {
		t.Errorf("ready at %q", ready.URL)
	}
	if again, found, _ := c.FindEnvironmentFor(ctx, spec); !found || again.Name != env.Name {
		t.Errorf("after provisioning FindEnvironmentFor = %+v, %v", again, found)
	}
}

func TestEnvironmentCreationWaitsOutAnotherCreationInTheTenant(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{OperationDelay: 1500 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	first := must[string](t)(c.CreateEnvironment(ctx, powerplatform.Spec{DisplayName: "Contoso Dev",
		DomainName: "contoso-dev", Location: "unitedstates", Type: "Sandbox"}))
	mark := w.requestCount()
	// The admin API refuses a second creation with 409 OperationNotStartable
	// while the first runs; the client waits and sends it again.
	second, err := c.CreateEnvironment(ctx, powerplatform.Spec{DisplayName: "Contoso Prod",
		DomainName: "contoso-prod", Location: "unitedstates", Type: "Production"})
	if err != nil {
		t.Fatalf("second creation: %v", err)
	}
	if second == first || !strings.Contains(second, "/lifecycleOperations/") {
		t.Errorf("second creation returned %q", second)
	}
	var conflicts, accepted int
	for _, r := range w.requests()[mark:] {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/Microsoft.BusinessAppPlatform/environments") {
			switch r.Status {
			case 409:
				conflicts++
			case 202:
				accepted++
			}
		}
	}
	if conflicts == 0 || accepted != 1 {
		t.Errorf("the second creation was answered 409 %d times and 202 %d times, want at least one 409 and one 202", conflicts, accepted)
	}
	must[powerplatform.Environment](t)(c.WaitEnvironment(ctx, second, nil))
	if n := len(w.inventory(false)["environments"]); n != 3 {
		t.Errorf("inventory has %d environments, want 3", n)
	}
}
