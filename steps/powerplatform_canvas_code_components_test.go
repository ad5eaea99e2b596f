package steps

import (
	"context"
	"testing"
	"time"

	"almwiz/providers/sandbox"
)

func TestCanvasCodeComponentsAreTurnedOnWhereTheCreatorKitGoes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "demo", sandbox.Options{OperationDelay: 100 * time.Millisecond})
	p := newPPRunner(h)
	id := IDHostStep("host", "canvas-code-components")
	first := p.run(nil)
	if k := first.last(id).Kind; k != EventUpdated && k != EventCreated {
		t.Fatalf("%s: %s %q, want it changed (a new environment has code components off)", id, k, first.last(id).Error)
	}
	b := newBuild(h.profile, h.clients)
	var hostURL string
	for _, e := range h.profile.Environments {
		if e.Name == "host" {
			hostURL = e.DataverseURL(b.cloud)
		}
	}
	dv, err := h.clients.PowerPlatform(h.profile.Tenants[0].Domain).Dataverse(hostURL)
	if err != nil {
		t.Fatal(err)
	}
	if on, err := dv.CanvasCodeComponentsEnabled(context.Background()); err != nil || !on {
		t.Errorf("code components in canvas apps: %v, %v; want on", on, err)
	}
	if k := p.run(nil).last(id).Kind; k != EventUnchanged {
		t.Errorf("second run: %s is %s, want unchanged", id, k)
	}
}
