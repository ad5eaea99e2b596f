//go:build linux || darwin

package main

import (
	"strings"
	"testing"
	"time"

	"almwiz/ui/wizard"

	"github.com/creack/pty"
)

// resize changes the terminal's size, as dragging the window does.
func (s *screen) resize(cols, rows int) {
	s.t.Helper()
	s.mu.Lock()
	s.term.Resize(cols, rows)
	s.mu.Unlock()
	if err := pty.Setsize(s.pty, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		s.t.Fatal(err)
	}
}

// waitForRule waits until the screen's rules span cols-2 columns: the view
// is laid out at that width.
func (s *screen) waitForRule(cols int, timeout time.Duration) {
	s.t.Helper()
	rule := strings.Repeat("─", cols-2)
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, l := range strings.Split(s.text(), "\n") {
			if strings.TrimSpace(l) == rule {
				return
			}
		}
		time.Sleep(40 * time.Millisecond)
	}
	s.t.Fatalf("the view is not laid out at %d columns:\n%s", cols, s.text())
}

// The progress view takes the terminal's size from its first frame: a
// terminal of 120×40 is not drawn at 80×24 until the next resize (issue 14
// bug 3), and a resize in the middle of the install lays it out again.
func TestWizardProgressStartsAtTheTerminalsSize(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the wizard")
	}
	sb := newE2ESandbox(t, "--operation-delay", "3s")
	dir := t.TempDir()
	target := []string{"--sandbox-url", sb.URL, "--sandbox-ca", sb.CA}
	s := startScreenSized(t, dir, 120, 40, append(target, "--preset", "demo")...)
	s.reachInstall()
	s.waitForRule(120, 2*time.Second)
	s.resize(100, 30)
	s.waitForRule(100, 5*time.Second)
	s.send("\x03")
	s.send("\x03")
	if code := s.exitCode(10 * time.Second); code != 130 {
		t.Fatalf("exit %d after two Ctrl+C, want 130:\n%s", code, s.text())
	}
}

// A link reaches the terminal as an OSC 8 hyperlink to the whole URL,
// which Bubble Tea's renderer passes on; with NO_COLOR it does not.
func TestWizardLinksAreTerminalHyperlinks(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		args := []string{"--sandbox"}
		if noColor {
			args = append(args, "--no-color")
		}
		s := startScreenSized(t, t.TempDir(), 120, 40, args...)
		s.waitFor("How do you want to start?", 10*time.Second)
		s.waitFor(wizard.DeprecationLink, 2*time.Second)
		out := s.transcript()
		if has := strings.Contains(out, "\x1b]8;") && strings.Contains(out, wizard.DeprecationLink); has == noColor {
			t.Errorf("--no-color %v: OSC 8 hyperlink written %v:\n%q", noColor, has, out)
		}
		s.send("\x03")
		s.exitCode(5 * time.Second)
	}
}
