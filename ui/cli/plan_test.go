package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
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

// plan's change and role column stays aligned when a title is long (a
// service connection named by its URL): the change goes under it, in the
// column (issue 13 item 6).
func TestPlanColumnsStayAlignedWithLongTitles(t *testing.T) {
	r := run(t, nil, "plan", "--preset", "enterprise")
	if r.code != 0 {
		t.Fatalf("plan: exit %d\n%s", r.code, r.stderr)
	}
	col, long := -1, 0
	for _, line := range strings.Split(r.stdout, "\n") {
		i := strings.Index(line, "new · ")
		if i < 0 {
			continue
		}
		i = utf8.RuneCountInString(line[:i])
		if col < 0 {
			col = i
		}
		if i != col {
			t.Errorf("the change column starts at %d here, %d above:\n%s", i, col, line)
		}
		if strings.TrimSpace(line[:strings.Index(line, "new · ")]) == "" {
			long++
		}
	}
	if long == 0 {
		t.Errorf("no title was long enough to test the wrap:\n%s", r.stdout)
	}
}
