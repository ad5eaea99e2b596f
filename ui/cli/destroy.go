package cli

import (
	"fmt"

	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newDestroy(o *Options) *cobra.Command {
	return runFlags(&cobra.Command{
		Use: "destroy [FILE]", Short: "Remove what the installation created, and nothing else", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Destroy removes, in reverse order, only what this installation created —
never what it found already there (existing environments, projects, tenants) —
after a confirmation that names each item. The checkpoint says what was created,
and the cloud must agree: almwiz marks what it creates ("(created by almwiz)" in
a description, notes or a client secret's name) and deletes nothing whose mark,
or whose parent's, it cannot read back; it refuses, naming the resource. What no
field can prove (Marketplace extensions, a repository in a project almwiz did
not create) is left in place and reported. With --continue-on-error every
refusal is reported in one run.`,
		Example: `  almwiz destroy -f contoso.yaml
  almwiz destroy --preset demo --sandbox --yes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), o, args)
			if err != nil {
				return err
			}
			defer s.close()
			plan, err := steps.Build(s.profile, s.clients)
			if err != nil {
				return err
			}
			store, err := s.openStore("destroy")
			if err != nil {
				return err
			}
			defer store.Close()
			created := createdByUs(store.State(), plan)
			if len(created) == 0 {
				fprintf(o.errOut(), "Nothing to remove: the checkpoint in %s records nothing almwiz created.\n", s.dir)
				return nil
			}
			if err := confirmDestroy(o, created); err != nil {
				return err
			}
			return s.destroy(cmd, plan, store)
		},
	}, o)
}

// createdByUs lists the titles of the steps whose resources this
// installation created.
func createdByUs(st *checkpoint.State, plan *steps.Plan) []string {
	var out []string
	for _, s := range plan.Steps {
		if rec, ok := st.Lookup(s.ID()); ok && rec.CreatedByUs {
			out = append(out, s.Title())
		}
	}
	return out
}

func confirmDestroy(o *Options, created []string) error {
	w := o.errOut()
	fprintf(w, "almwiz will delete what this installation created:\n")
	for _, t := range created {
		fprintf(w, "  %s %s\n", theme.MarkFailed, t)
	}
	if o.Yes {
		return nil
	}
	if !o.IsTTY() || o.NoInput {
		return usagef("Add --yes to confirm the deletion, or run it in a terminal.", "destroy needs confirmation")
	}
	fprintf(w, "Type yes to delete them: ")
	var answer string
	_, _ = fmt.Fscanln(o.Stdin, &answer)
	if answer != "yes" {
		return &UsageError{Msg: "not confirmed; nothing was deleted"}
	}
	return nil
}

func (s *session) destroy(cmd *cobra.Command, plan *steps.Plan, store *checkpoint.Store) error {
	events := make(chan steps.Event, 256)
	r := &steps.Runner{Plan: plan, Store: store, Events: events, Vault: steps.NewVault(), Parallelism: s.o.Parallelism,
		ContinueOnError: s.o.ContinueOnError}
	done := make(chan error, 1)
	go func() { done <- s.show(cmd.Context(), events, func() {}, r.Abort) }()
	_, err := r.Destroy(cmd.Context())
	<-done
	return exitError(err)
}
