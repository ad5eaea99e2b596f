package cli

import (
	"errors"
	"fmt"
	"strings"

	"almwiz/steps"
)

// nextFlags are the flags with which the commands that act on the
// installation in dir (resume, status, destroy, rotate-secret) reach it as
// this run did: the state directory, whose copy of the profile they read,
// and the target, so that a sandbox run is never resumed against the real
// cloud.
func nextFlags(o *Options, dir string) string {
	flags := []string{"--state-dir", shellQuote(dir)}
	switch {
	case o.Sandbox:
		flags = append(flags, "--sandbox")
	case o.SandboxURL != "":
		flags = append(flags, "--sandbox-url", shellQuote(o.SandboxURL), "--sandbox-ca", shellQuote(o.SandboxCA))
	}
	if o.Scope != "" {
		flags = append(flags, "--scope", o.Scope)
	}
	if o.ClientID != "" {
		flags = append(flags, "--client-id", shellQuote(o.ClientID))
	}
	return strings.Join(flags, " ")
}

// shellQuote quotes s for a POSIX shell when it holds anything but the
// characters of ordinary paths and URLs.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@,+%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// resumeHint adds the exact command that carries on to an error that
// leaves the installation resumable: a failed or interrupted run.
type resumeHint struct {
	err     error
	command string
}

func (e *resumeHint) Error() string { return e.err.Error() + "\n  Resume with: " + e.command }
func (e *resumeHint) Unwrap() error { return e.err }

// withResume wraps a failed or interrupted run's error with the command
// that resumes it; other errors are returned as they are.
func withResume(err error, o *Options, dir string) error {
	var failed *steps.FailedError
	if errors.As(err, &failed) || interrupted(err) {
		return &resumeHint{err: err, command: "almwiz resume " + nextFlags(o, dir)}
	}
	return err
}

// printLeft says, after a run that ended without failing, what it left
// and the exact command that carries on once a person has done their part.
func printLeft(o *Options, sum *steps.Summary, dir string) {
	if sum == nil || sum.Failed > 0 || sum.Interrupted || sum.Manual+sum.Skipped == 0 {
		return
	}
	var left []string
	if sum.Manual > 0 {
		left = append(left, plural(sum.Manual, "step needs", "steps need")+" a person")
	}
	if sum.Skipped > 0 {
		left = append(left, plural(sum.Skipped, "step", "steps")+" skipped")
	}
	fprintf(o.errOut(), "Left: %s (see the summary, or almwiz status %s).\nThen: almwiz resume %s\n",
		strings.Join(left, ", "), nextFlags(o, dir), nextFlags(o, dir))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
