package cli

import (
	"encoding/json"
	"testing"
)

func TestPlanAsJSONShowsWhatEachStepWaitsFor(t *testing.T) {
	r := run(t, nil, "plan", "--preset", "demo", "--state-dir", "testdata/none", "--output", "json")
	var lines []struct {
		Step  string    `json:"step"`
		Needs *[]string `json:"needs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil || len(lines) == 0 {
		t.Fatalf("plan --output json: %v\n%s%s", err, r.stdout, r.stderr)
	}
	seen, waiting := map[string]bool{}, 0
	for _, l := range lines {
		seen[l.Step] = true
	}
	for _, l := range lines {
		if l.Needs == nil {
			t.Fatalf("step %s has no needs list (want [] when it waits for nothing)", l.Step)
		}
		for _, n := range *l.Needs {
			if !seen[n] {
				t.Errorf("step %s needs %q, which is not in the plan", l.Step, n)
			}
		}
		if len(*l.Needs) > 0 {
			waiting++
		}
	}
	if waiting == 0 || waiting == len(lines) {
		t.Errorf("%d of %d steps wait for another; a plan has both kinds", waiting, len(lines))
	}
}
