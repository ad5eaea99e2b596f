package steps

import (
	"context"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

func TestCustomConnectorIsSharedWithTheMakersGroup(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "demo", sandbox.Options{OperationDelay: 100 * time.Millisecond})
	p := newPPRunner(h)
	id := IDHostStep("host", "connector-sharing")
	first := p.run(nil)
	if k := first.last(id).Kind; k != EventUpdated && k != EventCreated {
		t.Fatalf("%s: %s %q, want the connector shared", id, k, first.last(id).Error)
	}
	b := newBuild(h.profile, h.clients)
	var hostURL string
	for _, e := range h.profile.Environments {
		if e.Name == "host" {
			hostURL = e.DataverseURL(b.cloud)
		}
	}
	c := h.clients.PowerPlatform(h.profile.Tenants[0].Domain)
	ctx := context.Background()
	dv, err := c.Dataverse(hostURL)
	if err != nil {
		t.Fatal(err)
	}
	cc, _, err := dv.CustomConnector(ctx, powerplatform.CustomConnectorName)
	if err != nil {
		t.Fatal(err)
	}
	env, _, err := c.FindEnvironment(ctx, hostURL)
	if err != nil {
		t.Fatal(err)
	}
	groupID := ""
	for _, g := range h.inventory("groups") {
		if ppStr(g["displayName"]) == h.profile.Identity.MakersGroup {
			groupID = ppStr(g["id"])
		}
	}
	if groupID == "" {
		t.Fatal("no makers group in the inventory")
	}
	role, err := c.ConnectorRoleOf(ctx, env.Name, cc.InternalID, groupID)
	if err != nil || role != powerplatform.CanView {
		t.Errorf("the makers group's role on the connector: %q, %v; want CanView", role, err)
	}
	if k := p.run(nil).last(id).Kind; k != EventUnchanged {
		t.Errorf("second run: %s is %s, want unchanged", id, k)
	}
}
