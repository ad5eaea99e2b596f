package cli

import (
	"strings"
	"testing"

	"almwiz/steps"
)

func TestAnUnknownPreflightCheckIsBadUsage(t *testing.T) {
	r := run(t, nil, "apply", "--preset", "demo", "--sandbox", "--yes", "--state-dir", t.TempDir(), "--ignore-preflight", "dlp")
	if r.code != ExitUsage || !strings.Contains(r.stderr+r.err.Error(), `--ignore-preflight "dlp"`) || !strings.Contains(r.err.Error(), "dlp-connectors") {
		t.Fatalf("exit %d, %v", r.code, r.err)
	}
}

func TestAPreflightBlockerExitsOneAndSaysHowToGoOn(t *testing.T) {
	err := &PreflightError{Blockers: []steps.Finding{{Check: steps.CheckDLP}, {Check: steps.CheckDLP}}}
	if err.ExitCode() != ExitFailed {
		t.Errorf("exit %d", err.ExitCode())
	}
	if msg := err.Error(); !strings.Contains(msg, "2 blocker(s); nothing was changed") || strings.Count(msg, "--ignore-preflight dlp-connectors") != 1 {
		t.Errorf("message: %s", msg)
	}
}
