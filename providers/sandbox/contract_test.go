package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
)

// fakeTB records what FailOnViolations reports.
type fakeTB struct {
	errors   []string
	cleanups []func()
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Errorf(format string, args ...any) { f.errors = append(f.errors, format) }
func (f *fakeTB) Cleanup(fn func())                 { f.cleanups = append(f.cleanups, fn) }

func TestARequestOutsideTheContractIsRefusedLoggedAndFailsTheTest(t *testing.T) {
	s := start(t, sandbox.Options{})
	defer s.TakeViolations() // this test breaks the contract on purpose
	a := newAutomation(t, s)
	tok := appToken(t, s, a, emulator.AudienceDevOps)["access_token"].(string)
	var e map[string]any
	resp := do(t, s, "POST", "/devops/contoso/_apis/distributedtask/variablegroups?api-version=7.1",
		tok, map[string]any{"name": "vg", "variabels": map[string]any{}}, &e)
	if resp.StatusCode != http.StatusBadRequest || e["$id"] != "1" || e["eventId"] != float64(3000) ||
		!strings.Contains(e["message"].(string), "'variabels'") {
		t.Fatalf("status %d body %v, want 400 in the Azure DevOps error shape naming 'variabels'", resp.StatusCode, e)
	}
	graph := graphToken(t, s)
	resp = do(t, s, "POST", "/graph/v1.0/groups", graph,
		map[string]any{"displayName": "g", "mailEnabled": false, "mailNickname": "g", "securityEnabled": true, "colour": "red"}, &e)
	msg, _ := e["error"].(map[string]any)["message"].(string)
	if resp.StatusCode != http.StatusBadRequest || msg != "Property 'colour' does not exist as a declared property or extension property." {
		t.Fatalf("status %d body %v, want Graph's 400", resp.StatusCode, e)
	}
	var logged []sandbox.LoggedRequest
	do(t, s, "GET", "/_sandbox/requests", "", nil, &logged)
	marked := 0
	for _, l := range logged {
		if l.Violation != "" {
			marked++
		}
	}
	var listed []map[string]any
	do(t, s, "GET", "/_sandbox/violations", "", nil, &listed)
	if marked != 2 || len(listed) != 2 {
		t.Fatalf("%d logged requests marked, %d violations listed, want 2 and 2", marked, len(listed))
	}
	f := &fakeTB{}
	sandbox.FailOnViolations(f, s)
	for _, fn := range f.cleanups {
		fn()
	}
	if len(f.errors) != 2 {
		t.Errorf("FailOnViolations reported %d errors, want 2", len(f.errors))
	}
}
