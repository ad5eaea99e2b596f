package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// apply --sandbox runs the whole install of each preset unattended, a second
// apply changes nothing, status reports every step, and the checkpoint holds
// no secret.
func TestApplyEachPresetOnTheBuiltInSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("a full install per preset")
	}
	for _, preset := range []string{"demo", "enterprise", "multi-tenant"} {
		t.Run(preset, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"apply", "--preset", preset, "--sandbox", "--no-input", "--yes", "--state-dir", dir}
			_, first, code := almwiz(t, nil, args...)
			if code != 0 {
				t.Fatalf("apply: exit %d\n%s", code, first)
			}
			again, stderr, code := almwiz(t, nil, append(args, "--output", "ndjson")...)
			if code != 0 {
				t.Fatalf("second apply: exit %d\n%s", code, stderr)
			}
			for _, line := range strings.Split(strings.TrimSpace(again), "\n") {
				var e struct{ Kind, Step string }
				if err := json.Unmarshal([]byte(line), &e); err != nil {
					t.Fatalf("NDJSON line %q: %v", line, err)
				}
				if e.Kind == "created" || e.Kind == "updated" || e.Kind == "failed" {
					t.Errorf("second apply: %s %s", e.Kind, e.Step)
				}
			}
			out, _, code := almwiz(t, nil, "status", "--preset", preset, "--state-dir", dir, "--output", "json")
			var st struct {
				Steps map[string]struct{ Status string } `json:"steps"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &st) != nil || len(st.Steps) == 0 {
				t.Fatalf("status: exit %d %s", code, out)
			}
			// The sandbox's client secrets are shaped as Entra's ("xxx8Q~…").
			state, err := os.ReadFile(filepath.Join(dir, "state.json"))
			if err != nil || !strings.Contains(string(state), "entra/client-secret") {
				t.Fatalf("no checkpoint recording the client secret step to scan (%d bytes): %v", len(state), err)
			}
			for name, text := range map[string]string{"the checkpoint": string(state), "the output": first + stderr + again} {
				if len(text) == 0 {
					t.Errorf("%s is empty: nothing to scan", name)
				}
				if strings.Contains(text, "8Q~") {
					t.Errorf("%s holds a client secret", name)
				}
			}
		})
	}
}
