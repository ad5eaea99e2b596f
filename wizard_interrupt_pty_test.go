//go:build linux || darwin

package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// exitCode waits for the screen's process and returns its exit code.
func (s *screen) exitCode(timeout time.Duration) int {
	s.t.Helper()
	waited := make(chan error, 1)
	go func() { waited <- s.cmd.Wait() }()
	err := await(s.t, waited, timeout, "almwiz to exit")
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return 0
}

// waitForOutput waits until the program has written marker, even if it
// has scrolled off the screen since.
func (s *screen) waitForOutput(marker string, timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(s.transcript(), marker) {
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
	s.t.Fatalf("almwiz never wrote %q; the screen shows:\n%s", marker, s.text())
}

// reachInstall drives the wizard started with --preset demo to the
// progress view.
func (s *screen) reachInstall() {
	s.t.Helper()
	s.reachSignIn()
	s.pastPreflight(20 * time.Second)
	s.waitFor("Installing demo", 20*time.Second)
}

// Ctrl+C during the wizard's install stops the runner — the second press
// cancels the calls in flight — and almwiz exits 130 at once, with a
// checkpoint that almwiz resume completes.
func TestWizardCtrlCStopsTheInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard")
	}
	sb := newE2ESandbox(t, "--latency", "150ms", "--operation-delay", "3s")
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.URL, "--sandbox-ca", sb.CA}
	s := startScreen(t, dir, append(target, "--preset", "demo")...)
	s.reachInstall()
	s.waitFor("created", 30*time.Second)
	s.send("\x03")
	s.waitFor("stopping after the running steps finish", 5*time.Second)
	s.stopNowAndResume(target, dir)
}

// stopNowAndResume presses the second Ctrl+C of an install: almwiz must
// exit 130 within 2 s, with a checkpoint that almwiz resume completes.
func (s *screen) stopNowAndResume(target []string, dir string) {
	s.t.Helper()
	pressed := time.Now()
	s.send("\x03")
	if code := s.exitCode(5 * time.Second); code != 130 {
		s.t.Fatalf("exit %d after Ctrl+C, want 130; the screen:\n%s", code, s.text())
	}
	took := time.Since(pressed)
	s.t.Logf("exit 130 %v after the second Ctrl+C", took.Round(time.Millisecond))
	if took > 2*time.Second {
		s.t.Errorf("almwiz took %v to stop after the second Ctrl+C, want under 2 s", took)
	}
	state := filepath.Join(dir, ".almwiz", "demo")
	_, stderr, code := almwiz(s.t, nil, append(target, "resume", "--state-dir", state, "--no-input", "--yes")...)
	if code != 0 {
		s.t.Fatalf("resume after Ctrl+C: exit %d\n%s", code, stderr)
	}
}

// In accessible mode the terminal is in line mode: Ctrl+C at a prompt
// (SIGINT) and Ctrl+D (the end of input) quit with 130 instead of waiting
// for Enter or taking the default.
func TestAccessibleWizardQuitsOnCtrlCAndCtrlD(t *testing.T) {
	for name, key := range map[string]string{"Ctrl+C": "\x03", "Ctrl+D": "\x04"} {
		t.Run(name, func(t *testing.T) {
			s := startScreen(t, t.TempDir(), "--accessible", "--sandbox")
			s.waitFor("How do you want to start?", 10*time.Second)
			s.waitFor("Enter a number", 5*time.Second)
			s.send(key)
			pressed := time.Now()
			if code := s.exitCode(5 * time.Second); code != 130 {
				t.Fatalf("exit %d after %s, want 130; the screen:\n%s", code, name, s.text())
			}
			if took := time.Since(pressed); took > 2*time.Second {
				t.Errorf("almwiz took %v to quit after %s", took, name)
			}
			s.waitFor("nothing was changed", 2*time.Second)
		})
	}
}

// In accessible mode Ctrl+C during the install is SIGINT: the first stops
// after the running steps, the second at once, as in almwiz apply.
func TestAccessibleWizardCtrlCStopsTheInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard")
	}
	sb := newE2ESandbox(t, "--latency", "150ms", "--operation-delay", "3s")
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.URL, "--sandbox-ca", sb.CA}
	s := startScreen(t, dir, append(target, "--preset", "demo", "--accessible")...)
	for i := 0; i < 120 && !strings.Contains(s.transcript(), "started: "); i++ {
		s.send(keyEnter) // every default; the review's first choice installs
		time.Sleep(40 * time.Millisecond)
	}
	s.waitForOutput("created: ", 30*time.Second)
	s.send("\x03")
	s.waitForOutput("press Ctrl+C again to stop now", 5*time.Second)
	s.stopNowAndResume(target, dir)
}
