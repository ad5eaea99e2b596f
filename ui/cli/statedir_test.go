package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"almwiz/steps/checkpoint"
)

// Two installations never share a state directory (issue 14 bug 4): a
// profile for another tenant and organization is refused with exit 2,
// naming both and the fix, and the checkpoint is left as it was; a
// checkpoint from before targets were recorded takes the profile's.
func TestAStateDirectoryHoldsOneInstallation(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	if r := run(t, nil, "apply", "--preset", "demo", "--sandbox", "--state-dir", state, "--scope", "entra", "--no-input", "--yes"); r.code != 0 {
		t.Fatalf("apply: exit %d\n%s", r.code, r.stderr)
	}
	st, err := checkpoint.Load(state)
	if err != nil || st.Target == nil || st.Target.Tenant != "contosodemo.onmicrosoft.com" || len(st.Target.Organizations) != 1 {
		t.Fatalf("the checkpoint's target: %+v %v", st.Target, err)
	}
	demo := run(t, nil, "validate", "--preset", "demo", "--output", "yaml")
	other := filepath.Join(dir, "fabrikam.yaml")
	if err := os.WriteFile(other, []byte(strings.ReplaceAll(demo.stdout, "contosodemo", "fabrikamdemo")), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(state, checkpoint.FileName))
	r := run(t, nil, "apply", "-f", other, "--sandbox", "--state-dir", state, "--scope", "entra", "--no-input", "--yes")
	if r.code != 2 {
		t.Fatalf("apply of another tenant into the same state directory: exit %d, want 2\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"contosodemo.onmicrosoft.com", "fabrikamdemo.onmicrosoft.com", "https://dev.azure.com/fabrikamdemo", "--state-dir"} {
		if !strings.Contains(r.err.Error(), want) {
			t.Errorf("the refusal lacks %q:\n%v", want, r.err)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(state, checkpoint.FileName)); string(after) != string(before) {
		t.Error("the refused apply changed the checkpoint")
	}

	// A checkpoint written before targets were recorded is accepted, and
	// the next run records the target.
	var raw map[string]any
	if err := json.Unmarshal(before, &raw); err != nil {
		t.Fatal(err)
	}
	delete(raw, "target")
	old, _ := json.Marshal(raw)
	if err := os.WriteFile(filepath.Join(state, checkpoint.FileName), old, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "apply", "--preset", "demo", "--sandbox", "--state-dir", state, "--scope", "entra", "--no-input", "--yes"); r.code != 0 {
		t.Fatalf("apply on an old checkpoint: exit %d\n%s", r.code, r.stderr)
	}
	if st, _ := checkpoint.Load(state); st.Target == nil || st.Target.Tenant != "contosodemo.onmicrosoft.com" {
		t.Errorf("the old checkpoint did not take the target: %+v", st.Target)
	}
}
