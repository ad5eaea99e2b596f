package devops_test

import (
	"testing"
	"time"

	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

func TestEntraGroupJustCreatedIsAddedOnceAzureDevOpsSeesIt(t *testing.T) {
	const lag = 1500 * time.Millisecond
	srv := startSandbox(t, sandbox.Options{ReplicationLag: lag})
	ctx := testContext(t)
	ep, err := cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	check(t, "endpoints", err)
	// Few, quick transport retries: the wait must come from the client.
	c, err := devops.New(ctx, ep.Organization("contoso"), ep.ExtensionManagement("contoso"), signIn(t, srv), srv.TLSConfig(),
		devops.WithPollInterval(pollInterval), devops.WithHTTPOptions(transport.Options{MaxRetries: 2, Sleep: hurried}))
	check(t, "client", err)
	in, r := newInstall(), &result{}
	check(t, "project", in.ensureProject(ctx, c, r))
	g, _, err := c.EnsureProjectGroup(ctx, r.project.ID, devops.MakersGroupName, "Makers")
	check(t, "project group", err)

	start := time.Now()
	o, err := c.EnsureEntraGroupMember(ctx, g.Descriptor, in.entraGroup)
	if err != nil || o != devops.Created {
		t.Fatalf("add the Entra group while it replicates: %v %v, want created", o, err)
	}
	if waited := time.Since(start); waited < lag {
		t.Errorf("added after %v, before the %v replication lag ended", waited, lag)
	}
	unavailable := 0
	for _, l := range requests(t, srv) {
		if l.Status == 503 && l.Fault == "" {
			unavailable++
		}
	}
	if unavailable == 0 {
		t.Error("the sandbox never answered 503 for the group that was still replicating")
	}
}
