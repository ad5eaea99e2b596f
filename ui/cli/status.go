package cli

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newStatus(o *Options) *cobra.Command {
	return &cobra.Command{
		Use: "status [FILE]", Short: "Show each step of the install: done, failed or pending, and when", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Status reads the checkpoint in the state directory (without signing in or
locking it) and shows each step of the plan, grouped by service as plan does,
with when it ran, what is left for a person and where (the link), and for a
failed step why and what to do. Steps destroy removed, and steps a killed run left
unfinished, are shown as such. It ends with a count of what is left.`,
		Example: `  almwiz status -f contoso.yaml
  almwiz status --state-dir .almwiz/demo
  almwiz status --preset demo --output json`,
		RunE: func(_ *cobra.Command, args []string) error {
			p, err := o.loadProfile(args)
			if err != nil {
				return err
			}
			dir := stateDir(o, p)
			st, err := checkpoint.Load(dir)
			if err != nil {
				return err
			}
			if st == nil {
				return usagef("Run almwiz apply first (with the same --state-dir).", "no checkpoint in %s", dir)
			}
			if o.Output == "json" {
				return writeJSON(o.Stdout, st)
			}
			plan, err := steps.Build(p, offlineClients(p))
			if err != nil {
				return err
			}
			if o.Scope != "" {
				plan = plan.Filter(o.Scope)
			}
			printStatus(o, statusRows(plan, st, checkpoint.ActiveHolder(dir)), st)
			return nil
		},
	}
}

// statusRow is one step as status shows it.
type statusRow struct {
	service, title, id string
	state              string // done, left in place, removed, running, interrupted, failed, manual, skipped, not run
	when               time.Time
	notes              []string // error, suggestion, reason, link
}

// statusRows reads each step of the plan, in plan order, from the
// checkpoint, then the steps the checkpoint has that the plan no longer has.
func statusRows(plan *steps.Plan, st *checkpoint.State, active *checkpoint.Holder) []statusRow {
	var rows []statusRow
	titles, inPlan := map[string]string{}, map[string]bool{}
	for _, s := range plan.Steps {
		titles[s.ID()], inPlan[s.ID()] = s.Title(), true
	}
	for _, s := range plan.Steps {
		if plan.Scope() == "" || plan.InScope(s) {
			rows = append(rows, planRow(plan, st, s, titles, active))
		}
	}
	var stale []string
	for id := range st.Steps {
		if !inPlan[id] {
			stale = append(stale, id)
		}
	}
	sort.Strings(stale)
	for _, id := range stale {
		row := statusRow{service: "No longer in the profile", title: id, id: id}
		rec, _ := st.Lookup(id)
		row.fromRecord(rec, active)
		rows = append(rows, row)
	}
	return rows
}

// planRow is what the checkpoint says of step s, read against destroy:
// a step destroy removed, or whose container it removed, is not done.
func planRow(plan *steps.Plan, st *checkpoint.State, s steps.Step, titles map[string]string, active *checkpoint.Holder) statusRow {
	row := statusRow{service: s.Service(), title: s.Title(), id: s.ID()}
	rec, ok := st.Lookup(s.ID())
	if !ok {
		row.state = "not run"
		if at := st.Removed[s.ID()]; !at.IsZero() {
			row.state, row.when, row.notes = "removed", at, []string{"removed by almwiz destroy"}
		}
		return row
	}
	row.fromRecord(rec, active)
	gone := removedNeed(plan, st, s)
	switch {
	case gone != "" && rec.Status == checkpoint.StatusDone:
		row.state, row.notes = "removed", []string{"removed with " + cmpOr(titles[gone], gone) + " by almwiz destroy"}
	case gone != "":
		row.state, row.notes = "not run", []string{cmpOr(titles[gone], gone) + ", which it needs, was removed by almwiz destroy"}
	case rec.Status == checkpoint.StatusDone && !rec.CreatedByUs && len(st.Removed) > 0:
		row.state, row.notes = "left in place", []string{"found already there: almwiz destroy leaves it"}
	}
	return row
}

func (r *statusRow) fromRecord(rec checkpoint.Step, active *checkpoint.Holder) {
	r.state, r.when = string(rec.Status), rec.Finished
	switch rec.Status {
	case checkpoint.StatusRunning:
		r.when = rec.Started
		if active == nil {
			r.state = "interrupted"
			r.notes = append(r.notes, "the run stopped before this step finished; almwiz resume observes it again")
		} else {
			r.notes = append(r.notes, fmt.Sprintf("by %s (pid %d on %s)", active.Command, active.PID, active.Host))
		}
	case checkpoint.StatusPending:
		r.state = "not run"
	}
	link := rec.Link
	if rec.Status == checkpoint.StatusDone {
		link = "" // almwiz plan and the summary show where done steps' resources are
	}
	for _, n := range []string{rec.Error, prefixed("→ ", rec.Suggestion), rec.Reason, link} {
		if n != "" {
			r.notes = append(r.notes, n)
		}
	}
}

// removedNeed returns a step that s needs, directly or not, whose resource
// destroy removed: s's own resource went with it.
func removedNeed(plan *steps.Plan, st *checkpoint.State, s steps.Step) string {
	byID := map[string]steps.Step{}
	for _, p := range plan.Steps {
		byID[p.ID()] = p
	}
	seen := map[string]bool{}
	var visit func(steps.Step) string
	visit = func(s steps.Step) string {
		for _, n := range s.Needs() {
			if seen[n] {
				continue
			}
			seen[n] = true
			if _, ok := st.Steps[n]; !ok && !st.Removed[n].IsZero() {
				return n
			}
			if dep, ok := byID[n]; ok {
				if gone := visit(dep); gone != "" {
					return gone
				}
			}
		}
		return ""
	}
	return visit(s)
}

func printStatus(o *Options, rows []statusRow, st *checkpoint.State) {
	s, w := theme.Default(true), o.out()
	sorted := slices.Clone(rows)
	sort.SliceStable(sorted, func(i, j int) bool { return serviceOrder(sorted[i]) < serviceOrder(sorted[j]) })
	service := ""
	for _, r := range sorted {
		if r.service != service {
			service = r.service
			fprintf(w, "\n%s\n", s.Heading.Render(service))
		}
		when := ""
		if !r.when.IsZero() {
			when = r.when.Local().Format(time.DateTime)
		}
		fprintf(w, "  %s %-13s %-52s %s\n", statusMark(r.state), r.state, r.title, s.Faint.Render(when))
		for _, n := range r.notes {
			fprintf(w, "      %s\n", n)
		}
	}
	if len(st.PendingSecrets) > 0 {
		fprintf(w, "\n%s %d client secret(s) not yet handed to every consumer: the next run replaces them\n", theme.MarkWarning, len(st.PendingSecrets))
	}
	fprintf(w, "\n%s\n", statusSummary(rows))
}

// serviceOrder groups the rows by service as plan does, the steps no
// longer in the profile last.
func serviceOrder(r statusRow) string {
	if r.service == "No longer in the profile" {
		return "\uffff"
	}
	return r.service
}

// statusSummary counts the rows by state, what is left first.
func statusSummary(rows []statusRow) string {
	count := map[string]int{}
	for _, r := range rows {
		count[r.state]++
	}
	var parts []string
	for _, c := range []struct{ state, say string }{
		{"failed", "failed"}, {"manual", "left for a person"}, {"interrupted", "interrupted"}, {"running", "running"},
		{"skipped", "skipped"}, {"not run", "not run"}, {"done", "done"}, {"left in place", "left in place"}, {"removed", "removed by destroy"},
	} {
		if n := count[c.state]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c.say))
		}
	}
	text := fmt.Sprintf("%d steps: %s.", len(rows), strings.Join(parts, ", "))
	switch {
	case count["running"] > 0:
		text += " A run is going on."
	case count["removed"] > 0 && count["done"]+count["failed"]+count["manual"]+count["interrupted"] == 0:
		text += " The installation was destroyed; almwiz apply installs it again."
	case count["failed"]+count["manual"]+count["interrupted"]+count["skipped"]+count["not run"] == 0:
		text += " Nothing is left to do."
	default:
		text += " almwiz resume carries on."
	}
	return text
}

func statusMark(state string) string {
	switch state {
	case "done", "left in place":
		return theme.MarkDone
	case "failed":
		return theme.MarkFailed
	case "removed":
		return "−"
	case "manual", "interrupted":
		return theme.MarkWarning
	case "skipped":
		return "↷"
	}
	return theme.MarkPending
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
