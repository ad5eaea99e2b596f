package steps

import (
	"fmt"
	"strings"
)

// FailedError says steps failed; the checkpoint is saved and the run can
// be resumed once the cause is fixed.
type FailedError struct {
	Steps  []string     // ids of the failed steps, in the order they failed
	Errors []*StepError // why each failed, with its suggestion
}

// Error names the failed steps.
func (e *FailedError) Error() string {
	noun := "step"
	if len(e.Steps) > 1 {
		noun = "steps"
	}
	return fmt.Sprintf("%d %s failed: %s; the checkpoint is saved — fix the cause and run almwiz resume",
		len(e.Steps), noun, strings.Join(e.Steps, ", "))
}

// ExitCode is 1, "provisioning failed (checkpoint saved, resumable)".
func (e *FailedError) ExitCode() int { return 1 }

// InterruptedError says the run was interrupted; the checkpoint is saved.
type InterruptedError struct {
	// Aborted says the run returned without waiting for the steps in
	// flight (a second interrupt, or the drain timeout ran out).
	Aborted bool
}

// Error says the checkpoint is saved.
func (e *InterruptedError) Error() string {
	if e.Aborted {
		return "interrupted without waiting for the running steps; the checkpoint is saved and almwiz resume re-attaches to their operations"
	}
	return "interrupted; the checkpoint is saved — almwiz resume carries on"
}

// ExitCode is 130, as for a process ended by Ctrl-C.
func (e *InterruptedError) ExitCode() int { return 130 }
