package steps

import (
	"context"
	"testing"
	"time"

	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// Separate admin teams apply their own part of one enterprise profile, one
// after another, each in its own process: the Entra admins, then Azure
// DevOps, then Power Platform, then the Entra admins once more to add the
// custom connector's redirect URI (known only once Power Platform ran). Each
// consuming team's run makes the client secret its own steps receive (Graph
// shows a value only once) and keeps the other team's; a second round of
// the runs changes nothing.
func TestAdminTeamsApplyTheirScopesOneAfterAnother(t *testing.T) {
	h := newHarness(t, "enterprise", sandbox.Options{})
	dir := t.TempDir()
	runScope := func(scope string) result {
		t.Helper()
		store, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz apply --scope " + scope})
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		r := &Runner{Plan: h.plan().Filter(scope), Store: store, Vault: NewVault(), Backoff: fastRetries}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		return runPlan(t, ctx, r)
	}
	for _, scope := range []string{ScopeEntra, ScopeDevOps, ScopePowerPlatform, ScopeEntra} {
		if res := runScope(scope); res.err != nil || res.sum.Failed > 0 {
			t.Fatalf("--scope %s: %v (%d failed)", scope, res.err, res.sum.Failed)
		}
	}
	secrets := 0
	for _, app := range h.inventory("applications") {
		creds, _ := app["passwordCredentials"].([]any)
		secrets += len(creds)
	}
	if secrets != 2 {
		t.Errorf("%d client secrets, want one per consuming team (2)", secrets)
	}
	mark := len(h.requests())
	for _, scope := range []string{ScopeEntra, ScopeDevOps, ScopePowerPlatform} {
		res := runScope(scope)
		if res.err != nil || res.sum.Created+res.sum.Updated+res.sum.Failed > 0 {
			t.Errorf("second --scope %s: %v, %+v", scope, res.err, res.sum)
		}
	}
	if w := h.writes(mark); len(w) > 0 {
		t.Errorf("the second round wrote: %v", w)
	}
}
