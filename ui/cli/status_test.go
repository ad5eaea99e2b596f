package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"almwiz/steps/checkpoint"
)

// status follows the plan, not the alphabet: grouped by service as plan
// is, with the steps left for a person and their link, and a summary; a
// step a killed run left running is interrupted, and after destroy no step
// whose resource is gone is shown as done.
func TestStatusTellsWhatIsLeftInterruptedAndDestroyed(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the demo on the built-in sandbox")
	}
	dir := t.TempDir()
	if r := run(t, nil, "apply", "--preset", "demo", "--sandbox", "--state-dir", dir, "--no-input", "--yes"); r.code != 0 {
		t.Fatalf("apply: exit %d\n%s", r.code, r.stderr)
	}
	r := run(t, nil, "status", "--state-dir", dir)
	if r.code != 0 {
		t.Fatalf("status: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"\nMicrosoft Entra\n", "! manual", "https://", "1 left for a person", "1 skipped", "almwiz resume carries on"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	first, second := strings.Index(r.stdout, "App registration"), strings.Index(r.stdout, "Service principal")
	if first < 0 || second < first {
		t.Errorf("the Entra steps are not in plan order:\n%s", r.stdout)
	}

	// A run killed in the middle of a step: its record says running, and
	// lock.json names a process that is gone.
	killRun(t, dir, "entra/app-registration")
	r = run(t, nil, "status", "--state-dir", dir)
	if !strings.Contains(r.stdout, "! interrupted") || strings.Contains(r.stdout, "running") {
		t.Errorf("a killed run's step:\n%s", r.stdout)
	}
	if err := os.Remove(filepath.Join(dir, checkpoint.LockName)); err != nil {
		t.Fatal(err)
	}

	if r := run(t, nil, "destroy", "--state-dir", dir, "--sandbox", "--no-input", "--yes"); r.code != 0 {
		t.Fatalf("destroy: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, nil, "status", "--state-dir", dir)
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.Contains(l, "✓ done") {
			t.Errorf("after destroy, status still says done: %s\n%s", l, r.stdout)
		}
	}
	for _, want := range []string{"− removed", "removed by almwiz destroy", "The installation was destroyed"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status after destroy lacks %q:\n%s", want, r.stdout)
		}
	}
}

// killRun makes dir look like a run was killed inside step id.
func killRun(t *testing.T, dir, id string) {
	t.Helper()
	path := filepath.Join(dir, checkpoint.FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st checkpoint.State
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	rec, ok := st.Steps[id]
	if !ok {
		t.Fatalf("no step %s in the checkpoint", id)
	}
	rec.Status, rec.Finished = checkpoint.StatusRunning, time.Time{}
	if data, err = json.Marshal(&st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	lock, _ := json.Marshal(checkpoint.Holder{ID: "gone", PID: 1 << 30, Host: host, Command: "almwiz apply", Started: time.Now()})
	if err := os.WriteFile(filepath.Join(dir, checkpoint.LockName), lock, 0o600); err != nil {
		t.Fatal(err)
	}
}
