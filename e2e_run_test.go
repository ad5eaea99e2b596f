package main

// almwiz runs of the end-to-end suites: against an external sandbox, with
// NDJSON events read as they come (and a kill condition), resumed until done.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// e2eEvent is one NDJSON event of apply, resume or destroy.
type e2eEvent struct {
	Kind    string `json:"kind"`
	Step    string `json:"step"`
	Message string `json:"message"`
	Error   string `json:"error"`
	Attempt int    `json:"attempt"`
	Summary *struct {
		Created, Updated, Unchanged, Failed, Skipped, Manual, Deleted int
	} `json:"summary"`
}

// e2eRun is what one almwiz run did.
type e2eRun struct {
	Args           []string
	Stdout, Stderr string
	Code           int
	Events         []e2eEvent
	Killed         bool // the kill condition matched and the process got SIGKILL
	DiedOfKill     bool // ... and the process ended by that signal (it had not exited by itself first)
	Elapsed        time.Duration
}

// manual says whether a step ended waiting for a person.
func (r e2eRun) manual() bool {
	return slices.ContainsFunc(r.Events, func(e e2eEvent) bool { return e.Kind == "manual" })
}

// e2eClient runs almwiz against one sandbox with one state directory and one
// home (so one token cache), recording everything almwiz printed.
type e2eClient struct {
	sb       *e2eSandbox
	preset   e2ePreset
	StateDir string
	Home     string
	Extra    []string // more flags for every run

	mu         sync.Mutex
	running    map[*os.Process]bool // killed when the test ends
	transcript bytes.Buffer
	Runs       int
	Unlocks    int // times a resume was refused (exit 5) and --force-unlock broke the lock
}

func newE2EClient(t testing.TB, sb *e2eSandbox, preset string) *e2eClient {
	home := t.TempDir()
	c := &e2eClient{sb: sb, preset: e2ePresetNamed(preset), StateDir: filepath.Join(home, "state"), Home: home,
		running: map[*os.Process]bool{}}
	t.Cleanup(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for p := range c.running {
			_ = p.Kill()
		}
	})
	return c
}

// Run runs `almwiz <command> --preset P --sandbox-url … --output ndjson`;
// when kill matches an event the process is killed with SIGKILL at once.
func (c *e2eClient) Run(kill func(e2eEvent) bool, command string, extra ...string) (e2eRun, error) {
	args := []string{command, "--preset", c.preset.Name, "--sandbox-url", c.sb.URL, "--sandbox-ca", c.sb.CA,
		"--state-dir", c.StateDir, "--no-input", "--yes", "--output", "ndjson"}
	if command == "doctor" {
		args = slices.DeleteFunc(args, func(a string) bool { return a == "--yes" }) // doctor asks nothing
	}
	args = append(append(args, c.Extra...), extra...)
	return c.exec(kill, args...)
}

func (c *e2eClient) exec(kill func(e2eEvent) bool, args ...string) (e2eRun, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + c.Home, "XDG_CACHE_HOME=" + filepath.Join(c.Home, ".cache"), "NO_COLOR=1"}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return e2eRun{}, err
	}
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	run := e2eRun{Args: args}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run, err
	}
	c.mu.Lock()
	c.running[cmd.Process] = true
	c.mu.Unlock()
	var out bytes.Buffer
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Bytes()
		out.Write(line)
		out.WriteByte('\n')
		var e e2eEvent
		if json.Unmarshal(line, &e) != nil {
			continue
		}
		run.Events = append(run.Events, e)
		if kill != nil && !run.Killed && kill(e) {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			run.Killed = true
		}
	}
	_, _ = io.Copy(&out, stdout)
	err = cmd.Wait()
	run.Elapsed = time.Since(start)
	run.Stdout, run.Stderr = out.String(), errBuf.String()
	c.mu.Lock()
	delete(c.running, cmd.Process)
	c.Runs++
	fmt.Fprintf(&c.transcript, "$ almwiz %s\n%s%s", strings.Join(args, " "), run.Stdout, run.Stderr)
	c.mu.Unlock()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		run.Code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && run.Killed {
			run.DiedOfKill = ws.Signaled() && ws.Signal() == syscall.SIGKILL
		}
		if run.Killed || ctx.Err() != nil {
			run.Code = -1
		}
	case err != nil:
		return run, err
	}
	if ctx.Err() != nil {
		return run, fmt.Errorf("almwiz %v did not finish in time\n%s", args, run.Stderr)
	}
	return run, nil
}

// Transcript is everything almwiz printed on stdout and stderr so far.
func (c *e2eClient) Transcript() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.transcript.String()
}

var forceUnlockID = regexp.MustCompile(`--force-unlock ([0-9a-zA-Z]+)`)

// ResumeUntilDone resumes until a run exits 0. A run refused with exit 5
// (a stale lock it will not break by itself) is repeated with the
// --force-unlock ID it names; a failed run (exit 1) is resumed again, a
// bounded number of times.
func (c *e2eClient) ResumeUntilDone() (e2eRun, error) {
	var last e2eRun
	var extra []string
	for attempt := 0; attempt < 8; attempt++ {
		r, err := c.Run(nil, "resume", extra...)
		if err != nil {
			return r, err
		}
		last, extra = r, nil
		switch r.Code {
		case 0:
			return r, nil
		case 5:
			m := forceUnlockID.FindStringSubmatch(r.Stderr)
			if m == nil {
				return r, fmt.Errorf("resume exit 5 names no lock id:\n%s", r.Stderr)
			}
			c.mu.Lock()
			c.Unlocks++
			c.mu.Unlock()
			extra = []string{"--force-unlock", m[1]}
		case 1:
		default:
			return r, fmt.Errorf("resume: exit %d\n%s", r.Code, r.Stderr)
		}
	}
	return last, fmt.Errorf("resume did not converge after 8 runs; last exit %d\n%s", last.Code, tail(last.Stderr, 2000))
}

// FinishInstall takes an install that has run at least once to the end:
// resumes it until done, creates the host's connections if they are still
// missing, and resumes once more so the connection references are bound and
// the flows turned on.
func (c *e2eClient) FinishInstall(connectionsMade *bool) error {
	r, err := c.ResumeUntilDone()
	if err != nil {
		return err
	}
	if !*connectionsMade {
		if err := c.sb.CreateConnections(c.preset); err != nil {
			return err
		}
		*connectionsMade = true
		if r, err = c.ResumeUntilDone(); err != nil {
			return err
		}
	}
	if r.manual() {
		return fmt.Errorf("the last resume still waits for a person:\n%s", tail(r.Stdout, 2000))
	}
	return nil
}

// Install runs a whole install: apply, the connections, resume.
func (c *e2eClient) Install() error {
	r, err := c.Run(nil, "apply")
	if err != nil {
		return err
	}
	if r.Code != 0 && r.Code != 1 {
		return fmt.Errorf("apply: exit %d\n%s", r.Code, r.Stderr)
	}
	made := false
	return c.FinishInstall(&made)
}
