//go:build linux || darwin

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/sandbox"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// screen is the binary running in a pseudo-terminal of 80×24, its output
// kept on an emulated VT100 screen that the test reads as a user would.
type screen struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	mu   sync.Mutex
	term vt10x.Terminal
	all  strings.Builder // everything written, for what scrolled off the screen
	done chan struct{}
}

func startScreen(t *testing.T, dir string, args ...string) *screen {
	t.Helper()
	return startScreenSized(t, dir, 80, 24, args...)
}

// startScreenSized is startScreen in a terminal of cols×rows.
func startScreenSized(t *testing.T, dir string, cols, rows int, args ...string) *screen {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TERM=xterm-256color", "XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, pty: f, cmd: cmd, term: vt10x.New(vt10x.WithSize(cols, rows), vt10x.WithWriter(f)), done: make(chan struct{})}
	go s.pump()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = f.Close() })
	return s
}

// pump feeds the program's output to the emulated screen.
func (s *screen) pump() {
	defer close(s.done)
	buf, rest := make([]byte, 8192), []byte(nil)
	for {
		n, err := s.pty.Read(buf)
		if n > 0 {
			data := append(rest, buf[:n]...)
			s.mu.Lock()
			w, _ := s.term.Write(data)
			s.all.Write(data[:w])
			s.mu.Unlock()
			rest = append([]byte(nil), data[w:]...) // a rune split across reads
		}
		if err != nil {
			return
		}
	}
}

// transcript is everything the program wrote, escape codes included.
func (s *screen) transcript() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.all.String()
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.term.String()
}

// waitFor waits until the screen shows marker, failing with the screen
// after timeout.
func (s *screen) waitFor(marker string, timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(s.text(), marker) {
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q; it shows:\n%s", marker, s.text())
}

func (s *screen) send(keys string) {
	s.t.Helper()
	if _, err := s.pty.Write([]byte(keys)); err != nil {
		s.t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
}

// pastPreflight waits for the install to begin, answering the sign-in
// screen's "Install anyway?" after preflight warnings (a new organization
// has no hosted parallel job) with Enter.
func (s *screen) pastPreflight(timeout time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		text := s.text()
		if strings.Contains(text, "Installing ") {
			return
		}
		if strings.Contains(text, "Install anyway?") {
			s.send(keyEnter)
			s.waitFor("Installing ", timeout)
			return
		}
		time.Sleep(40 * time.Millisecond)
	}
	s.t.Fatalf("the install never began; the screen shows:\n%s", s.text())
}

// toSummary waits for the install's summary; when the wizard waits for a
// person (the connections), s tells it to stop waiting and leave the step
// for almwiz resume.
func (s *screen) toSummary(timeout time.Duration) {
	s.t.Helper()
	stopped := false
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(40 * time.Millisecond) {
		text := s.text()
		if strings.Contains(text, "q/enter finish") {
			return
		}
		if !stopped && strings.Contains(text, "waiting for a person") {
			s.send("s")
			stopped = true
		}
	}
	s.t.Fatalf("the install never reached its summary; the screen shows:\n%s", s.text())
}

const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
)

// A new user goes from `almwiz --sandbox` to a completed demo install in a
// terminal of 80×24: preset (which answers the questions), details,
// review with export, sign-in, progress and summary.
func TestWizardInstallsTheDemoInAPseudoTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the whole wizard")
	}
	dir := t.TempDir()
	s := startScreen(t, dir, "--sandbox")
	s.waitFor("How do you want to start?", 10*time.Second)
	s.send(keyDown)
	s.send(keyEnter)
	s.waitFor("Which preset?", 5*time.Second)
	s.send(keyEnter)
	s.waitFor("Skip — type the details", 5*time.Second) // the preset answered the questions; no early sign-in
	s.send(keyEnter)
	s.waitFor("Filled in from the demo preset", 5*time.Second)
	for i := 0; i < 80 && !strings.Contains(s.text(), "Continue — sign in and install"); i++ {
		s.send(keyEnter)
	}
	s.waitFor("Continue — sign in and install", 5*time.Second)
	s.send("e")
	s.waitFor("Save as: ./demo.yaml", 5*time.Second)
	for i := 0; i < 20 && !strings.Contains(s.text(), "exported to"); i++ {
		s.send(keyEnter) // the field takes focus asynchronously; Enter until it saves
		time.Sleep(100 * time.Millisecond)
	}
	s.waitFor("exported to", 5*time.Second)
	s.send(keyUp) // the cursor stays on "Export"; Continue is above it
	s.send(keyEnter)
	s.pastPreflight(30 * time.Second)
	s.waitFor("waiting for a person", 60*time.Second)
	s.send("s") // stop waiting: the connections are left for almwiz resume
	s.waitFor("1 step needs you", 60*time.Second)
	summary := s.text()
	s.send("q")
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("almwiz did not exit after the summary:\n%s", s.text())
	}
	// The demo leaves the connections for a person and skips the flows that
	// need them: the headline says so, and the command it prints resumes the
	// install on the same sandbox, as printed.
	if !strings.Contains(summary, "Almost done in") || strings.Contains(summary, "failed") {
		t.Errorf("the summary's headline:\n%s", summary)
	}
	resume := printedCommand(t, summary, "almwiz resume --state-dir")
	if resume != "almwiz resume --state-dir .almwiz/demo --sandbox" {
		t.Errorf("the summary prints %q:\n%s", resume, summary)
	}
	again := startScreen(t, dir, strings.Fields(resume)[1:]...)
	again.waitFor("Continue? [y/N]", 15*time.Second)
	again.send("y" + keyEnter)
	again.waitFor("1 step needs you", 60*time.Second)
	again.send("q")
	if code := again.exitCode(10 * time.Second); code != 0 {
		t.Fatalf("%s: exit %d\n%s", resume, code, again.text())
	}
	assertDemoInstalled(t, dir)
}

// printedCommand returns the command starting with prefix on the screen,
// its wrapped continuation lines joined.
func printedCommand(t *testing.T, screenText, prefix string) string {
	t.Helper()
	lines := strings.Split(screenText, "\n")
	for i, l := range lines {
		at := strings.Index(l, prefix)
		if at < 0 {
			continue
		}
		cmd := strings.TrimSpace(l[at:])
		for _, next := range lines[i+1:] {
			if len(next) <= at || strings.TrimSpace(next[:at]) != "" {
				break
			}
			cmd += " " + strings.TrimSpace(next)
		}
		return cmd
	}
	t.Fatalf("the screen shows no %q:\n%s", prefix, screenText)
	return ""
}

func assertDemoInstalled(t *testing.T, dir string) {
	t.Helper()
	exported, err := profiles.LoadFile(filepath.Join(dir, "demo.yaml"))
	if err != nil {
		t.Fatalf("exported profile: %v", err)
	}
	if exported.Models.Tenant != profiles.TenantDemo || exported.Models.DevOps != profiles.DevOpsOneToOne {
		t.Errorf("exported models %s/%s", exported.Models.Tenant, exported.Models.DevOps)
	}
	// The in-process sandbox kept its state in the state directory: open it again.
	srv, err := sandbox.Start(context.Background(), sandbox.Options{DataDir: filepath.Join(dir, ".almwiz", "demo", "sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	inv := srv.Inventory(false)
	for kind, want := range map[string]int{"applications": 1, "environments": 5, "projects": 1, "buildDefinitions": 4, "variableGroups": 1} {
		if got := count(inv[kind]); got != want {
			t.Errorf("%s: %d in the sandbox, want %d", kind, got, want)
		}
	}
}

// count is the length of a kind's list, whatever its element type.
func count(v any) int {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return -1
	}
	return rv.Len()
}
