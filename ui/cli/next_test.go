package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// After an install that leaves a step for a person, almwiz prints the exact
// command that carries on; it works as printed, and status, resume,
// rotate-secret and destroy find the installation from --state-dir alone,
// through the copy of the profile kept there.
func TestTheStateDirAloneReachesAnInstallation(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the demo on the built-in sandbox")
	}
	dir := filepath.Join(t.TempDir(), "state dir")
	r := run(t, nil, "apply", "--preset", "demo", "--sandbox", "--state-dir", dir, "--no-input", "--yes")
	if r.code != 0 {
		t.Fatalf("apply: exit %d\n%s", r.code, r.stderr)
	}
	var printed string
	for _, l := range strings.Split(r.stderr, "\n") {
		if after, ok := strings.CutPrefix(l, "Then: "); ok {
			printed = after
		}
	}
	want := "almwiz resume --state-dir '" + dir + "' --sandbox"
	if printed != want {
		t.Fatalf("apply printed %q, want %q\n%s", printed, want, r.stderr)
	}
	for _, args := range [][]string{
		{"status", "--state-dir", dir},
		{"resume", "--state-dir", dir, "--sandbox", "--no-input", "--yes"},
		{"rotate-secret", "--state-dir", dir, "--sandbox", "--no-input", "--yes"},
		{"destroy", "--state-dir", dir, "--sandbox", "--no-input", "--yes"},
	} {
		if r := run(t, nil, args...); r.code != 0 {
			t.Errorf("%s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

// A state directory without a profile copy is named in the error.
func TestAStateDirWithoutAProfileCopyIsNamed(t *testing.T) {
	dir := t.TempDir()
	r := run(t, nil, "status", "--state-dir", dir)
	if r.code != 2 || !strings.Contains(r.stderr+r.err.Error(), dir) {
		t.Errorf("exit %d: %v", r.code, r.err)
	}
}
