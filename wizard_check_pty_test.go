//go:build linux || darwin

package main

import (
	"strings"
	"testing"
	"time"
)

// The welcome screen's "Check an existing installation" (issue 12): on a
// sandbox where nothing is installed yet the check of the demo preset finds
// what is missing without writing anything, its fix leads through the
// review to the install, and a second wizard checks the installation kept
// in the state directory and exits 3 for what is left for a person.
func TestWizardChecksAnInstallationAndLeadsToTheFix(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard twice")
	}
	sb := newE2ESandbox(t)
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.URL, "--sandbox-ca", sb.CA}
	s := startScreen(t, dir, target...)
	s.waitFor("How do you want to start?", 10*time.Second)
	s.send(keyDown + keyDown + keyDown) // the fourth choice
	s.waitFor("> Check an existing installation", 5*time.Second)
	s.send(keyEnter)
	s.waitFor("Which installation? almwiz signs in and only reads.", 5*time.Second)
	s.send(keyEnter) // a preset
	s.waitFor("Which preset?", 5*time.Second)
	s.send(keyEnter) // demo
	s.waitFor("a apply the fixes", 30*time.Second)
	found := s.text()
	for _, want := range []string{"Check demo", "nothing was changed", "missing  App registration ALMAcceleratorServicePrincipal",
		"fix: almwiz apply (as Application Administrator)", "more not checked: they need what is missing above"} {
		if !strings.Contains(found, want) {
			t.Errorf("the check's findings lack %q:\n%s", want, found)
		}
	}
	noWrites(t, sb)
	s.send("a")
	s.waitFor("Continue — sign in and install", 5*time.Second)
	s.send(keyEnter)
	s.pastPreflight(30 * time.Second)
	s.toSummary(90 * time.Second)
	s.waitFor("1 step needs you", 5*time.Second)
	s.send("q")
	if code := s.exitCode(10 * time.Second); code != 0 {
		t.Fatalf("the fix's install: exit %d\n%s", code, s.text())
	}

	again := startScreen(t, dir, target...)
	again.waitFor("How do you want to start?", 10*time.Second)
	again.send(keyDown + keyDown + keyDown + keyDown) // the fifth choice, after Resume
	again.waitFor("> Check an existing installation", 5*time.Second)
	again.send(keyEnter)
	again.waitFor("The installation in the state directory", 5*time.Second)
	again.send(keyDown + keyDown) // the third source
	again.send(keyEnter)
	again.waitFor(" at risk, ", 30*time.Second) // the counts, once the check ended
	left := again.text()
	if !strings.Contains(left, "Check demo") || !strings.Contains(left, "connection") || strings.Contains(left, "missing  App registration") {
		t.Errorf("checking the installed demo:\n%s", left)
	}
	again.send("q")
	if code := again.exitCode(10 * time.Second); code != 3 {
		t.Fatalf("the check with findings: exit %d, want 3\n%s", code, again.text())
	}
}
