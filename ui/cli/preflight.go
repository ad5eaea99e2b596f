package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"almwiz/steps"
	"almwiz/ui/output"
)

// PreflightError stops a run whose preflight found blockers, before any
// change. It exits 1, as a failed run does; nothing was written.
type PreflightError struct {
	Blockers []steps.Finding
}

func (e *PreflightError) Error() string {
	ids := make([]string, 0, len(e.Blockers))
	for _, f := range e.Blockers {
		if !slices.Contains(ids, f.Check) {
			ids = append(ids, f.Check)
		}
	}
	return fmt.Sprintf("the preflight checks found %d blocker(s); nothing was changed.\n  Fix them as said above and run again, or, to go on anyway, add --ignore-preflight %s.",
		len(e.Blockers), strings.Join(ids, " --ignore-preflight "))
}

// ExitCode is 1: the run failed before it changed anything.
func (e *PreflightError) ExitCode() int { return ExitFailed }

// checkIgnored says which --ignore-preflight value is not a check's id.
func checkIgnored(ids []string) error {
	for _, id := range ids {
		if !slices.Contains(steps.PreflightChecks, id) {
			return usagef("Use one of: "+strings.Join(steps.PreflightChecks, ", ")+".", "--ignore-preflight %q is not a preflight check", id)
		}
	}
	return nil
}

// preflightFindings runs the preflight checks of the session's scope; a
// blocker that --ignore-preflight names becomes a warning saying so, the
// others are returned as blockers too.
func preflightFindings(ctx context.Context, s *session) (findings, blockers []steps.Finding) {
	for _, f := range steps.Preflight(ctx, s.profile, s.clients, s.o.Scope) {
		if f.Severity == steps.SeverityBlocker {
			if slices.Contains(s.o.IgnorePreflight, f.Check) {
				f.Severity = steps.SeverityWarning
				f.Message += " (ignored: --ignore-preflight " + f.Check + ")"
			} else {
				blockers = append(blockers, f)
			}
		}
		findings = append(findings, f)
	}
	return findings, blockers
}

// runChecks runs the preflight checks of the session's scope and shows the
// findings: NDJSON events are returned for the run's stream, other outputs
// get lines on standard error. A blocker that --ignore-preflight does not
// name stops the run.
func (s *session) runChecks(ctx context.Context) ([]steps.Event, error) {
	findings, blockers := preflightFindings(ctx, s)
	var events []steps.Event
	for _, f := range findings {
		e := f.Event()
		e.Time = time.Now()
		events = append(events, e)
	}
	if s.o.Output != "ndjson" {
		w := output.Plain(s.o.errOut())
		for _, e := range events {
			_ = w.Write(e)
		}
		events = nil
	}
	if len(blockers) == 0 {
		return events, nil
	}
	if s.o.Output == "ndjson" {
		w := output.NDJSON(s.o.Stdout)
		for _, e := range events {
			_ = w.Write(e)
		}
	}
	return nil, &PreflightError{Blockers: blockers}
}
