package devops_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func TestFindProjectPagesPastTheFirstHundredsOfProjects(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	var names []string
	for i := range 350 {
		names = append(names, fmt.Sprintf("team-%03d", i))
	}
	check(t, "seed", srv.Seed(emulator.Seed{Organizations: []emulator.SeedOrganization{{Name: "contoso", Projects: names}}}))
	c := newClient(t, srv, "contoso", signIn(t, srv))
	ctx := testContext(t)
	for _, tc := range []struct {
		name  string
		found bool
	}{{"team-000", true}, {"team-150", true}, {"TEAM-349", true}, {"team-350", false}} {
		p, err := c.FindProject(ctx, tc.name)
		check(t, "find "+tc.name, err)
		if (p != nil) != tc.found || (p != nil && !strings.EqualFold(p.Name, tc.name)) {
			t.Errorf("FindProject(%q) = %+v, want found %t", tc.name, p, tc.found)
		}
	}
	pages := 0
	for _, r := range requests(t, srv) {
		if strings.HasSuffix(r.Path, "/_apis/projects") && r.Method == "GET" {
			pages++
		}
	}
	if pages < 4 {
		t.Errorf("listed %d pages of projects; the last project needs 4 pages of 100", pages)
	}
}

func TestNewClientReattachesToASavedProjectCreation(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{OperationDelay: 300 * time.Millisecond})
	tokens := signIn(t, srv)
	ctx := testContext(t)
	op, err := newClient(t, srv, "contoso", tokens).QueueProject(ctx, "ALM", "ALM Accelerator for Power Platform")
	check(t, "queue project", err)
	if !strings.Contains(op, "/_apis/operations/") {
		t.Fatalf("operation URL = %q", op)
	}
	// The first client is gone (a crash after the checkpoint saved op).
	resumed := newClient(t, srv, "contoso", tokens)
	var seen []string
	check(t, "wait", resumed.WaitOperation(ctx, op, func(s string) { seen = append(seen, s) }))
	p, err := resumed.FindProject(ctx, "ALM")
	check(t, "find", err)
	if p == nil || p.State != "wellFormed" {
		t.Fatalf("project after the operation = %+v", p)
	}
	if len(seen) == 0 || !strings.HasSuffix(seen[len(seen)-1], "succeeded") {
		t.Errorf("progress = %v", seen)
	}
	again, err := resumed.QueueProject(ctx, "ALM", "")
	if err != nil || again != "" {
		t.Errorf("queue an existing project = %q, %v; want nothing queued", again, err)
	}
	exactlyOne(t, inventory(t, srv, false), "projects", map[string]any{"name": "ALM"})
}

func TestWaitOperationRefusesWhatIsNoOperation(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	c := newClient(t, srv, "contoso", signIn(t, srv))
	for _, op := range []string{"", "https://dev.azure.com/contoso/_apis/operations/not-a-guid"} {
		if err := c.WaitOperation(testContext(t), op, nil); err == nil {
			t.Errorf("WaitOperation(%q) succeeded", op)
		}
	}
}
