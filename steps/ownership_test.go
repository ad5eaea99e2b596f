package steps

import (
	"errors"
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
