//go:build linux || darwin

package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// reachSignIn walks the wizard from --preset demo to the review and
// continues to sign in and install.
func (s *screen) reachSignIn() {
	s.t.Helper()
	for i := 0; i < 80 && !strings.Contains(s.text(), "Continue — sign in and install"); i++ {
		s.send(keyEnter)
		time.Sleep(40 * time.Millisecond)
	}
	s.waitFor("Continue — sign in and install", 5*time.Second)
	s.send(keyEnter)
}

// The wizard's install runs the preflight checks as apply does: a DLP
// policy blocking the accelerator's connectors is shown on the sign-in
// screen and nothing is written (exit 1, the blocker printed again once
// the screen is gone); a warning (no hosted parallelism) waits for the
// admin, and q quits with nothing changed (exit 130).
func TestWizardRunsThePreflightChecksBeforeAnyChange(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard twice")
	}
	t.Run("blocker", func(t *testing.T) {
		sb := newE2ESandbox(t)
		if err := sb.do(http.MethodPost, "/_sandbox/powerplatform/dlp-policies", blockingDLPPolicy(), nil); err != nil {
			t.Fatal(err)
		}
		s := startScreen(t, t.TempDir(), "--sandbox-url", sb.URL, "--sandbox-ca", sb.CA, "--preset", "demo")
		s.reachSignIn()
		s.waitFor("Fix the blocker above", 30*time.Second)
		s.send("q")
		if code := s.exitCode(10 * time.Second); code != 1 {
			t.Errorf("exit %d, want 1\n%s", code, s.text())
		}
		// Once the screen is gone the blocker and its way out are printed.
		if text := flat(s.text()); !strings.Contains(text, `"Block HTTP"`) || !strings.Contains(text, "--ignore-preflight dlp-connectors") {
			t.Errorf("after the screen, no blocker and fix printed:\n%s", text)
		}
		noWrites(t, sb)
	})
	t.Run("warning", func(t *testing.T) {
		sb := newE2ESandbox(t)
		if err := sb.do(http.MethodPost, "/_sandbox/devops/parallelism", map[string]any{"organization": "contosodemo", "hosted": 0}, nil); err != nil {
			t.Fatal(err)
		}
		s := startScreen(t, t.TempDir(), "--sandbox-url", sb.URL, "--sandbox-ca", sb.CA, "--preset", "demo")
		s.reachSignIn()
		s.waitFor("Install anyway?", 30*time.Second)
		if text := s.text(); !strings.Contains(text, "enter install") {
			t.Errorf("the warning does not offer to go on:\n%s", text)
		}
		s.send("q")
		if code := s.exitCode(10 * time.Second); code != 130 {
			t.Errorf("exit %d, want 130\n%s", code, s.text())
		}
		noWrites(t, sb)
	})
}

// flat joins the screen's lines, so that text the terminal wrapped reads
// as printed.
func flat(screen string) string {
	var b strings.Builder
	for _, l := range strings.Split(screen, "\n") {
		b.WriteString(strings.TrimRight(l, " "))
	}
	return b.String()
}
