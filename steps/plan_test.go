package steps

import (
	"strings"
	"testing"
	"time"

	"almwiz/steps/checkpoint"
)

func ids(list []Step) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.ID())
	}
	return out
}

func TestPlanValidate(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		want  []string // substrings of the error; none means valid
	}{
		{"a valid diamond", []string{"a", "b:a", "c:a", "d:b,c"}, nil},
		{"a duplicate id is named", []string{"a", "a"}, []string{`step id "a" is used twice`}},
		{"an unknown need is named with its step", []string{"a", "b:x"}, []string{`step "b" needs "x", which is not in the plan`}},
		{"a cycle is spelled out", []string{"a:c", "b:a", "c:b"}, []string{"cycle: a → c → b → a"}},
		{"a step needing itself is a cycle", []string{"a:a"}, []string{"cycle: a → a"}},
		{"every problem is reported at once", []string{"a", "a", "b:x"}, []string{"used twice", `needs "x"`}},
		{"an empty id is reported", []string{""}, []string{"empty id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Plan{Steps: fakes(newFakeCloud(), tt.steps...)}
			err := p.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestPlanOrder(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		want  string
	}{
		{"independent steps keep plan order", []string{"a", "b", "c"}, "a b c"},
		{"a step comes after what it needs", []string{"c:b", "b:a", "a"}, "a b c"},
		{"a diamond", []string{"d:b,c", "b:a", "c:a", "a"}, "a b c d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order, err := (&Plan{Steps: fakes(newFakeCloud(), tt.steps...)}).Order()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ids(order), " "); got != tt.want {
				t.Errorf("Order() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCriticalPath(t *testing.T) {
	// app(2) → sp(1) → conn(3); app → group(1) → grant(1); project(5) → conn
	p := &Plan{Steps: fakes(newFakeCloud(), "app", "sp:app", "group:app", "grant:group", "project", "conn:sp,project")}
	d := map[string]time.Duration{"app": 2 * time.Second, "sp": time.Second, "group": time.Second,
		"grant": time.Second, "project": 5 * time.Second, "conn": 3 * time.Second}
	total, path := p.CriticalPath(d)
	if total != 8*time.Second || strings.Join(path, " ") != "project conn" {
		t.Errorf("CriticalPath() = %s %v, want 8s [project conn]", total, path)
	}
	d["app"] = 5 * time.Second
	total, path = p.CriticalPath(d)
	if total != 9*time.Second || strings.Join(path, " ") != "app sp conn" {
		t.Errorf("CriticalPath() = %s %v, want 9s [app sp conn]", total, path)
	}
}

func TestDiffNamesWhatTheProfileChanged(t *testing.T) {
	c := newFakeCloud()
	steps := fakes(c, "a", "b:a", "c")
	steps[1].(*fake).spec = "v2"
	st := checkpoint.New("p", "")
	for _, id := range []string{"a", "b"} {
		rec := st.Step(id)
		rec.Status, rec.SpecHash = checkpoint.StatusDone, HashSpec("v1")
	}
	st.Step("gone").Status = checkpoint.StatusDone
	got := map[string]ChangeKind{}
	for _, ch := range (&Plan{Steps: steps}).Diff(st) {
		got[ch.StepID] = ch.Kind
	}
	want := map[string]ChangeKind{"a": ChangeDone, "b": ChangeSpec, "c": ChangeNew, "gone": ChangeRemoved}
	for id, k := range want {
		if got[id] != k {
			t.Errorf("Diff()[%s] = %q, want %q", id, got[id], k)
		}
	}
}
