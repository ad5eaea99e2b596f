package steps

import (
	"maps"
	"slices"

	"almwiz/steps/checkpoint"
)

// ChangeKind says how a step of a plan stands against a checkpoint.
type ChangeKind string

// The kinds of change Diff reports.
const (
	ChangeNew      ChangeKind = "new"                      // never run
	ChangeSpec     ChangeKind = "changed by the profile"   // done, but for another desired state: runs again
	ChangeDone     ChangeKind = "done"                     // done as the profile says; re-observed, not trusted
	ChangeUnfinish ChangeKind = "unfinished"               // pending, running, failed, skipped or manual
	ChangeRemoved  ChangeKind = "no longer in the profile" // recorded, not in the plan any more
)

// Change is one line of Diff.
type Change struct {
	StepID string
	Kind   ChangeKind
	Status checkpoint.Status // the recorded status, empty for ChangeNew
}

// Diff compares the plan with a checkpoint (nil for none): which steps
// are new, which the profile changed, which are done or unfinished, and
// which the checkpoint records but the plan no longer has.
func (p *Plan) Diff(st *checkpoint.State) []Change {
	if st == nil {
		st = checkpoint.New("", "")
	}
	var out []Change
	inPlan := map[string]bool{}
	for _, s := range p.Steps {
		inPlan[s.ID()] = true
		out = append(out, diffStep(s, st))
	}
	for _, id := range slices.Sorted(maps.Keys(st.Steps)) {
		if !inPlan[id] {
			out = append(out, Change{StepID: id, Kind: ChangeRemoved, Status: st.Steps[id].Status})
		}
	}
	return out
}

func diffStep(s Step, st *checkpoint.State) Change {
	rec, ok := st.Lookup(s.ID())
	c := Change{StepID: s.ID(), Status: rec.Status}
	switch {
	case !ok:
		c.Kind = ChangeNew
	case rec.SpecHash != "" && rec.SpecHash != s.SpecHash():
		c.Kind = ChangeSpec
	case rec.Status == checkpoint.StatusDone:
		c.Kind = ChangeDone
	default:
		c.Kind = ChangeUnfinish
	}
	return c
}
