package cli

import (
	"cmp"
	"context"
	"path/filepath"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/wizard"

	tea "charm.land/bubbletea/v2"
)

// installations lists the installs the welcome screen offers to resume:
// the state directory --state-dir names, or every one under ./.almwiz, each
// with the profile copy it keeps, its tenant and how far it got, newest
// first. A directory without a checkpoint or a profile copy is left out.
func installations(o *Options) func() []wizard.Installation {
	return func() []wizard.Installation {
		type found struct {
			inst    wizard.Installation
			updated int64
		}
		var all []found
		for _, dir := range checkpointDirs(o) {
			st, err := checkpoint.Load(dir)
			if err != nil || st == nil || len(st.Steps) == 0 {
				continue
			}
			p, err := profiles.LoadFile(filepath.Join(dir, profileCopy))
			if err != nil {
				continue
			}
			inst := wizard.Installation{Dir: dir, Profile: p, Tenant: targetOf(p).Tenant}
			inst.Done, inst.Total, inst.Left = progressOf(p, st)
			all = append(all, found{inst, st.Updated.UnixNano()})
		}
		slices.SortStableFunc(all, func(a, b found) int { return cmp.Compare(b.updated, a.updated) })
		var out []wizard.Installation
		for _, f := range all {
			out = append(out, f.inst)
		}
		return out
	}
}

// progressOf counts the steps of p's plan the checkpoint has done, and says
// what is left for a person, skipped, failed or not run.
func progressOf(p *profiles.Profile, st *checkpoint.State) (done, total int, left string) {
	plan, err := steps.Build(p, offlineClients(p))
	if err != nil {
		return 0, 0, "its plan cannot be built: " + err.Error()
	}
	count := map[checkpoint.Status]int{}
	for _, s := range plan.Steps {
		status := checkpoint.StatusPending
		if rec, ok := st.Steps[s.ID()]; ok {
			status = rec.Status
		}
		count[status]++
	}
	var parts []string
	for _, c := range []struct {
		status    checkpoint.Status
		one, many string
	}{
		{checkpoint.StatusManual, "step needs a person", "steps need a person"},
		{checkpoint.StatusFailed, "failed", "failed"},
		{checkpoint.StatusSkipped, "skipped", "skipped"},
	} {
		if n := count[c.status]; n > 0 {
			parts = append(parts, plural(n, c.one, c.many))
		}
	}
	return count[checkpoint.StatusDone], len(plan.Steps), strings.Join(parts, ", ")
}

// resumeInstall is the wizard's Resume hook: the install of inst, from its
// checkpoint, in its state directory.
func (w *wizardRun) resumeInstall(ctx context.Context, inst wizard.Installation, send func(tea.Msg)) (<-chan steps.Event, error) {
	w.mu.Lock()
	w.resume = true
	w.mu.Unlock()
	w.o.StateDir = inst.Dir
	return w.install(ctx, inst.Profile, send)
}
