package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

func checks(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Severity)+" "+f.Check)
	}
	return strings.Join(out, ", ")
}

// control posts body to a sandbox control route with the control token.
func (h *harness) control(path string, body any) {
	h.t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL()+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+h.srv.ControlToken())
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.clients.HTTP.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		h.t.Fatalf("POST %s: %s", path, resp.Status)
	}
}

func TestPreflightAgainstTheSandboxWorlds(t *testing.T) {
	ctx := context.Background()
	fresh := newHarness(t, "demo", sandbox.Options{})
	if got := checks(Preflight(ctx, fresh.profile, fresh.clients, "")); got != "warning hosted-parallelism" {
		t.Errorf("fresh world: %s, want only the parallelism warning (no DLP policy, a Power Apps trial)", got)
	}
	livedIn := newHarness(t, "demo", sandbox.Options{World: emulator.WorldLivedIn})
	if got := checks(Preflight(ctx, livedIn.profile, livedIn.clients, "")); got != "" {
		t.Errorf("lived-in world: %s, want nothing (its DLP policy keeps the connectors together)", got)
	}
	if w := fresh.writes(0); len(w) != 0 {
		t.Errorf("the preflight wrote: %v", w)
	}
}

func TestPreflightFindsABlockingPolicyAndRespectsTheScope(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "demo", sandbox.Options{})
	h.control("/_sandbox/powerplatform/dlp-policies", map[string]any{"policyDefinition": map[string]any{
		"displayName": "No HTTP", "defaultConnectorsClassification": "Confidential", "environmentType": "AllEnvironments",
		"connectorGroups": []any{map[string]any{"classification": "Blocked", "connectors": []any{
			map[string]any{"id": "/providers/Microsoft.PowerApps/apis/http", "name": "HTTP", "type": "Microsoft.PowerApps/apis"}}}},
	}})
	fs := Preflight(ctx, h.profile, h.clients, "powerplatform")
	if got := checks(fs); got != "blocker dlp-connectors" {
		t.Fatalf("powerplatform scope: %s, want the DLP blocker only", got)
	}
	f := fs[0]
	for _, want := range []string{`"No HTTP"`, "blocks HTTP", "host environment host"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}
	if !strings.Contains(f.Fix, "Power Platform Administrator") || f.Link == "" {
		t.Errorf("the finding does not say who fixes it and where: %+v", f)
	}
	if got := checks(Preflight(ctx, h.profile, h.clients, "devops")); got != "warning hosted-parallelism" {
		t.Errorf("devops scope: %s", got)
	}
	if got := checks(Preflight(ctx, h.profile, h.clients, "entra")); got != "" {
		t.Errorf("entra scope: %s, want no check", got)
	}
	h.control("/_sandbox/devops/parallelism", map[string]any{"organization": "contosodemo", "hosted": 1})
	if got := checks(Preflight(ctx, h.profile, h.clients, "devops")); got != "" {
		t.Errorf("devops scope after the grant: %s, want nothing", got)
	}
}

func TestPreflightThatMayNotReadWarnsWithTheRole(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, "demo", sandbox.Options{})
	for _, p := range []string{"/bap/providers/PowerPlatform.Governance/v2/policies", "/graph/v1.0/subscribedSkus", "/devops/*/_apis/distributedtask/resourcelimits"} {
		if err := h.srv.QueueFault(sandbox.QueuedFault{Method: "GET", Path: p, Status: 403}); err != nil {
			t.Fatal(err)
		}
	}
	fs := Preflight(ctx, h.profile, h.clients, "")
	if got := checks(fs); got != "warning dlp-connectors, warning licences, warning hosted-parallelism" {
		t.Fatalf("refused reads: %s", got)
	}
	for _, f := range fs {
		if !strings.Contains(f.Message, "could not check") || !strings.Contains(f.Fix, "Run again as") {
			t.Errorf("%s: %s / %s", f.Check, f.Message, f.Fix)
		}
	}
}
