package cli

import "fmt"

// Exit codes of the command contract (DESIGN.md).
const (
	ExitFailed      = 1 // provisioning failed; the checkpoint is saved
	ExitUsage       = 2 // bad usage or invalid input
	ExitSignIn      = 4 // sign-in needed or failed
	ExitLocked      = 5 // state locked by another run
	ExitInterrupted = 130
)

// UsageError is a mistake in how almwiz was called: a flag, an argument, or
// an input that is missing where no one can be asked for it.
type UsageError struct {
	Msg  string
	Hint string // what to do instead
}

func (e *UsageError) Error() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + "\n  " + e.Hint
}

// ExitCode is 2 for usage errors.
func (e *UsageError) ExitCode() int { return ExitUsage }

func usagef(hint, format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// NotYetError says a command of the contract is not built yet, and which
// issue brings it.
type NotYetError struct {
	Command string
	Issue   string
}

func (e *NotYetError) Error() string {
	return fmt.Sprintf("almwiz %s is not built yet: it arrives with issue %s.\n  Today you can: almwiz recommend, almwiz validate, almwiz import-coe, almwiz schema and almwiz sandbox serve.", e.Command, e.Issue)
}

// ExitCode is 1: nothing was provisioned.
func (e *NotYetError) ExitCode() int { return ExitFailed }

// SilentError carries an exit code for a failure already reported to the user.
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode returns the carried code.
func (e *SilentError) ExitCode() int { return e.Code }
