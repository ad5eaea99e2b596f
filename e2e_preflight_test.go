package main

import (
	"net/http"
	"strings"
	"testing"
)

// blockingDLPPolicy is a tenant-wide policy, as the governance API answers
// it, that blocks HTTP with Microsoft Entra ID and keeps Dataverse
// business-only: the accelerator's app could not run in the host environment.
func blockingDLPPolicy() map[string]any {
	api := func(name string) map[string]any {
		return map[string]any{"id": "/providers/Microsoft.PowerApps/apis/" + name, "name": name, "type": "Microsoft.PowerApps/apis"}
	}
	return map[string]any{"policyDefinition": map[string]any{
		"displayName": "Block HTTP", "defaultConnectorsClassification": "General", "environmentType": "AllEnvironments",
		"connectorGroups": []any{
			map[string]any{"classification": "Confidential", "connectors": []any{api("shared_commondataserviceforapps")}},
			map[string]any{"classification": "General", "connectors": []any{}},
			map[string]any{"classification": "Blocked", "connectors": []any{api("shared_webcontents")}},
		},
	}}
}

// A DLP policy that blocks the accelerator's connectors stops apply before
// any change: exit 1, the policy named with what to change, and not one write
// reaches the sandbox. --ignore-preflight dlp-connectors goes on.
func TestE2EPreflightBlockingDLPPolicyStopsApplyBeforeAnyWrite(t *testing.T) {
	sb := newE2ESandbox(t)
	if err := sb.do(http.MethodPost, "/_sandbox/powerplatform/dlp-policies", blockingDLPPolicy(), nil); err != nil {
		t.Fatal(err)
	}
	c := newE2EClient(t, sb, "demo")
	r, err := c.Run(nil, "apply")
	if err != nil {
		t.Fatal(err)
	}
	if r.Code != 1 {
		t.Fatalf("apply with a blocking DLP policy: exit %d, want 1\n%s", r.Code, r.Stderr)
	}
	for _, want := range []string{"--ignore-preflight dlp-connectors", "nothing was changed"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.Stderr)
		}
	}
	var blocker *e2eEvent
	for i, e := range r.Events {
		if e.Kind == "preflight" && e.Step == "dlp-connectors" {
			blocker = &r.Events[i]
		}
		if e.Kind != "preflight" && e.Kind != "schema" {
			t.Errorf("a blocked apply emitted %s %s", e.Kind, e.Step)
		}
	}
	if blocker == nil || !strings.Contains(blocker.Message, `"Block HTTP"`) || !strings.Contains(blocker.Message, "blocks HTTP with Microsoft Entra ID") {
		t.Errorf("no preflight event names the policy and the blocked connector: %+v", r.Events)
	}
	noWrites(t, sb)

	r, err = c.Run(nil, "apply", "--ignore-preflight", "dlp-connectors")
	if err != nil {
		t.Fatal(err)
	}
	if r.Code != 0 && !r.manual() {
		t.Fatalf("apply --ignore-preflight dlp-connectors: exit %d\n%s", r.Code, tail(r.Stderr, 2000))
	}
	t.Logf("ignore run: exit %d, %d events, last %+v", r.Code, len(r.Events), r.Events[len(r.Events)-1])
	if !strings.Contains(r.Stdout, `"severity":"warning"`) || !strings.Contains(r.Stdout, "ignored: --ignore-preflight dlp-connectors") {
		t.Errorf("the ignored blocker is not reported as a warning:\n%s", head(r.Stdout, 2000))
	}
}

// An organization without Microsoft-hosted parallel jobs gets a warning
// with the link to request the grant, and the install goes on.
func TestE2EPreflightParallelismWarningDoesNotStopTheInstall(t *testing.T) {
	sb := newE2ESandbox(t)
	// The demo preset's organization is https://dev.azure.com/contosodemo.
	if err := sb.do(http.MethodPost, "/_sandbox/devops/parallelism", map[string]any{"organization": "contosodemo", "hosted": 0}, nil); err != nil {
		t.Fatal(err)
	}
	c := newE2EClient(t, sb, "demo")
	c.Extra = []string{"--output", "text"}
	r, err := c.Run(nil, "apply", "--scope", "devops")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Stderr, "preflight warning  hosted-parallelism") || !strings.Contains(r.Stderr, "https://aka.ms/azpipelines-parallelism-request") {
		t.Errorf("no parallelism warning with the request link:\n%s", head(r.Stderr, 3000))
	}
	if strings.Contains(r.Stderr, "dlp-connectors") || strings.Contains(r.Stderr, "preflight warning  licences") {
		t.Errorf("--scope devops ran the Power Platform checks:\n%s", head(r.Stderr, 3000))
	}
	t.Logf("devops run: exit %d\n%s", r.Code, tail(r.Stderr, 600))
	if !strings.Contains(r.Stderr, "devops/") || strings.Contains(r.Stderr, "nothing was changed") {
		t.Errorf("the install did not go on after the warning (exit %d):\n%s", r.Code, tail(r.Stderr, 3000))
	}
}
