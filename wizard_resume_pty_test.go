//go:build linux || darwin

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"almwiz/steps/checkpoint"
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
	again.waitFor("Resume demo — contosodemo.onmicrosoft.com", 10*time.Second) // its name, tenant and progress
	again.send(keyEnter)
	again.toSummary(90 * time.Second) // the summary, inside the wizard
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

// With several installations kept under .almwiz the welcome screen lists
// each with its tenant and progress, and resumes the one chosen inside the
// wizard, leaving the other as it was (issue 14 bug 5).
func TestWizardResumesTheInstallationChosen(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard")
	}
	sb := newE2ESandbox(t)
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.URL, "--sandbox-ca", sb.CA}
	demo, _, _ := almwiz(t, nil, "validate", "--preset", "demo", "--output", "yaml")
	fabrikam := filepath.Join(dir, "fabrikam.yaml")
	if err := os.WriteFile(fabrikam, []byte(strings.ReplaceAll(strings.ReplaceAll(demo, "contosodemo", "fabrikamdemo"), "name: demo", "name: fabrikam")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"apply", "-f", fabrikam, "--state-dir", filepath.Join(dir, ".almwiz", "fabrikam")},
		{"apply", "--preset", "demo", "--state-dir", filepath.Join(dir, ".almwiz", "demo")},
	} {
		if _, stderr, code := almwiz(t, nil, append(append(args, target...), "--scope", "entra", "--no-input", "--yes")...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		time.Sleep(20 * time.Millisecond) // the newer checkpoint is listed first
	}
	before, err := os.ReadFile(filepath.Join(dir, ".almwiz", "demo", "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := startScreen(t, dir, target...)
	s.waitFor("Resume an install (2 found)", 10*time.Second)
	s.send(keyEnter)
	s.waitFor("Which install to resume?", 5*time.Second)
	for _, want := range []string{"demo · contosodemo.onmicrosoft.com", "fabrikam · fabrikamdemo.onmicrosoft.com"} {
		if !strings.Contains(s.text(), want) {
			t.Errorf("the list lacks %q:\n%s", want, s.text())
		}
	}
	s.send(keyDown) // fabrikam, the older one
	s.send(keyEnter)
	s.toSummary(90 * time.Second)
	s.send("q")
	if code := s.exitCode(10 * time.Second); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.text())
	}
	if after, _ := os.ReadFile(filepath.Join(dir, ".almwiz", "demo", "state.json")); string(after) != string(before) {
		t.Error("resuming fabrikam changed demo's checkpoint")
	}
	st, err := checkpoint.Load(filepath.Join(dir, ".almwiz", "fabrikam"))
	if err != nil {
		t.Fatal(err)
	}
	devops := 0
	for id, rec := range st.Steps {
		if strings.HasPrefix(id, "devops/") && rec.Status == checkpoint.StatusDone {
			devops++
		}
	}
	if devops < 10 {
		t.Errorf("fabrikam after the resume: %d Azure DevOps steps done, want its whole plan", devops)
	}
}
