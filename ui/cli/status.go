package cli

import (
	"sort"
	"time"

	"almwiz/steps/checkpoint"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newStatus(o *Options) *cobra.Command {
	return &cobra.Command{
		Use: "status [FILE]", Short: "Show each step of the install: done, failed or pending, and when", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Status reads the checkpoint in the state directory (without signing in or
locking it) and shows each step with when it ran, what it produced and, for a
failed step, why and what to do.`,
		Example: `  almwiz status -f contoso.yaml
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
			printStatus(o, st)
			return nil
		},
	}
}

func printStatus(o *Options, st *checkpoint.State) {
	s, w := theme.Default(true), o.out()
	for _, id := range sortedIDs(st) {
		rec := st.Steps[id]
		when := ""
		if !rec.Finished.IsZero() {
			when = rec.Finished.Local().Format(time.DateTime)
		}
		fprintf(w, "%s %-10s %-58s %s\n", statusMark(rec.Status), rec.Status, id, s.Faint.Render(when))
		if rec.Error != "" {
			fprintf(w, "    %s\n", rec.Error)
		}
		if rec.Suggestion != "" {
			fprintf(w, "    %s\n", rec.Suggestion)
		}
	}
	if len(st.PendingSecrets) > 0 {
		fprintf(w, "%s %d client secret(s) not yet handed to every consumer: the next run replaces them\n", theme.MarkWarning, len(st.PendingSecrets))
	}
}

func statusMark(s checkpoint.Status) string {
	switch s {
	case checkpoint.StatusDone:
		return theme.MarkDone
	case checkpoint.StatusFailed:
		return theme.MarkFailed
	case checkpoint.StatusManual:
		return theme.MarkWarning
	}
	return theme.MarkPending
}

func sortedIDs(st *checkpoint.State) []string {
	ids := make([]string, 0, len(st.Steps))
	for id := range st.Steps {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
