package cli

import (
	"io"
	"net/http"
	"sort"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/cloud"

	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

func newPlan(o *Options) *cobra.Command {
	var detailed bool
	cmd := &cobra.Command{
		Use: "plan [FILE]", Short: "Show what an install would create, change or leave alone", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Plan lists every step of the installation, grouped by service, with the
admin role each needs and what the checkpoint says of it: new, done, changed by
the profile, or unfinished. It signs in to nothing and changes nothing; apply
re-observes every step before acting.`,
		Example: `  almwiz plan -f contoso.yaml
  almwiz plan --preset demo --output json
  almwiz plan -f contoso.yaml --detailed-exitcode   # 0: nothing to do, 2: changes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := o.loadProfile(args)
			if err != nil {
				return err
			}
			plan, err := steps.Build(p, offlineClients(p))
			if err != nil {
				return err
			}
			if o.Scope != "" {
				plan = plan.Filter(o.Scope)
			}
			st, err := checkpoint.Load(stateDir(o, p))
			if err != nil {
				st = nil
			}
			changes := plan.Diff(st)
			if err := printPlan(o, plan, changes, p.Sources()); err != nil {
				return err
			}
			if detailed && pending(changes) {
				return &SilentError{Code: ExitUsage}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&detailed, "detailed-exitcode", false, "exit 2 when the plan has anything to do, 0 when not")
	return cmd
}

// offlineClients lets the plan be built without signing in: the clients
// are made, but plan never calls them.
func offlineClients(p *profiles.Profile) *steps.Clients {
	ep := cloud.Public(profiles.Clouds[p.Cloud])
	return &steps.Clients{Endpoints: ep, Signer: auth.New(auth.Options{Endpoints: ep, Getenv: func(string) string { return "" }}), HTTP: &http.Client{}}
}

func pending(changes []steps.Change) bool {
	for _, c := range changes {
		if c.Kind != steps.ChangeDone {
			return true
		}
	}
	return false
}

type planLine struct {
	Step    string `json:"step"`
	Title   string `json:"title"`
	Service string `json:"service"`
	Scope   string `json:"scope"`
	Role    string `json:"role"`
	Change  string `json:"change"`
	// Needs are the ids of the steps this one waits for, so the order is visible.
	Needs []string `json:"needs"`
}

func printPlan(o *Options, plan *steps.Plan, changes []steps.Change, sources []profiles.Source) error {
	kind := map[string]string{}
	for _, c := range changes {
		kind[c.StepID] = string(c.Kind)
	}
	var lines []planLine
	for _, s := range plan.Steps {
		lines = append(lines, planLine{s.ID(), s.Title(), s.Service(), s.Scope(), s.Role(), kind[s.ID()], append([]string{}, s.Needs()...)})
	}
	if o.Output == "json" {
		return writeJSON(o.Stdout, lines)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Service < lines[j].Service })
	st, w, service := theme.Default(true), o.out(), ""
	printSources(w, sources)
	for _, l := range lines {
		if l.Service != service {
			service = l.Service
			fprintf(w, "\n%s\n", st.Heading.Render(service))
		}
		fprintf(w, "  %s %-52s %s\n", markFor(l.Change), l.Title, st.Faint.Render(l.Change+" · "+l.Role))
	}
	fprintf(w, "\n%d steps. almwiz apply observes each one first and changes only what differs.\n", len(lines))
	return nil
}

func markFor(change string) string {
	switch steps.ChangeKind(change) {
	case steps.ChangeDone:
		return theme.MarkDone
	case steps.ChangeNew:
		return "+"
	case steps.ChangeSpec:
		return "~"
	}
	return theme.MarkPending
}

// printSources says where the install takes its code from, source and ref,
// as terraform init prints module sources; a source that is not
// Microsoft's is marked.
func printSources(w io.Writer, sources []profiles.Source) {
	st := theme.Default(true)
	fprintf(w, "\n%s\n", st.Heading.Render("Sources"))
	for _, s := range sources {
		mark := theme.MarkDone
		if !s.Microsoft {
			mark = st.Warn.Render(theme.MarkWarning)
		}
		fprintf(w, "  %s %s\n", mark, s)
	}
}
