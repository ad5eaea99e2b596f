//go:build linux || darwin

package main

import (
	"strings"
	"testing"
	"time"
)

// kindCounts returns how many resources of each kind the sandbox holds, and
// how many client secrets the app registrations have.
func kindCounts(t *testing.T, sb *e2eSandbox) map[string]int {
	t.Helper()
	inv, err := sb.Inventory(false)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for kind := range inv {
		out[kind] = len(items(inv, kind))
	}
	for _, app := range items(inv, "applications") {
		creds, _ := app["passwordCredentials"].([]any)
		out["clientSecrets"] += len(creds)
	}
	return out
}

// Killing almwiz in the middle of an install started from the wizard, and
// running almwiz again, offers to resume; the resumed install ends with the
// same resources as an uninterrupted one.
func TestWizardOffersToResumeAnInterruptedInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard twice")
	}
	sb := newE2ESandbox(t, "--latency", "20ms", "--operation-delay", "300ms")
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.URL, "--sandbox-ca", sb.CA}
	s := startScreen(t, dir, append(target, "--preset", "demo")...)
	for i := 0; i < 80 && !strings.Contains(s.text(), "Continue — sign in and install"); i++ {
		s.send(keyEnter)
		time.Sleep(40 * time.Millisecond)
	}
	s.waitFor("Continue — sign in and install", 5*time.Second)
	s.send(keyEnter)
	s.pastPreflight(20 * time.Second)
	s.waitFor("Installing demo", 20*time.Second)
	s.waitFor("created", 20*time.Second)
	_ = s.cmd.Process.Kill() // the terminal is gone mid-install
	await(t, s.done, 10*time.Second, "the killed wizard to exit")

	again := startScreen(t, dir, target...)
	again.waitFor("Resume the install found in the state directory", 10*time.Second)
	again.send(keyEnter)
	again.waitFor("Continue? [y/N]", 15*time.Second)
	again.send("y" + keyEnter)
	again.waitFor("q/enter finish", 90*time.Second) // the summary
	again.send("q")

	clean := newE2ESandbox(t)
	_, stderr, code := almwiz(t, nil, "apply", "--preset", "demo", "--sandbox-url", clean.URL, "--sandbox-ca", clean.CA,
		"--state-dir", t.TempDir(), "--no-input", "--yes")
	if code != 0 {
		t.Fatalf("clean install: exit %d\n%s", code, stderr)
	}
	got, want := kindCounts(t, sb), kindCounts(t, clean)
	for _, kind := range []string{"applications", "clientSecrets", "servicePrincipals", "oauth2PermissionGrants", "groups", "projects",
		"repositories", "buildDefinitions", "variableGroups", "serviceEndpoints", "extensions", "environments", "applicationUsers",
		"solutions", "connectors", "adminApplications", "teams", "pipelinePermissions", "accessControlEntries", "roleAssignments"} {
		if got[kind] != want[kind] {
			t.Errorf("%s: %d after the resumed install, %d after a clean one", kind, got[kind], want[kind])
		}
	}
}
