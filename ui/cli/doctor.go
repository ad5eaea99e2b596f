package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/output"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

// ExitFindings is doctor's exit code when it found something to fix.
const ExitFindings = 3

func newDoctor(o *Options) *cobra.Command {
	var warnDays int
	cmd := &cobra.Command{
		Use: "doctor [FILE]", Short: "Check an installation, read-only: what is healthy, drifted, missing or at risk", GroupID: "install", Args: cobra.MaximumNArgs(1),
		Long: `Doctor signs in and observes every step of the profile's plan without changing
anything — not the cloud, not the state directory — and reports each resource as
healthy, drifted (it differs from the profile), missing, or at risk (a client
secret about to expire, a templates repository whose main has commits of its
own), with the admin role that can fix it. It also works on an
installation almwiz did not make: with no checkpoint it finds the resources by
name, as apply would, and apply on the same profile then fixes what it found.

Exit codes: 0 healthy, 3 findings, and the usual ones for errors.`,
		Example: `  almwiz doctor -f contoso.yaml
  almwiz doctor -f contoso.yaml --warn-days 60 --output json
  almwiz doctor --preset demo --sandbox`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if warnDays < 1 {
				return usagef("Give a number of days, e.g. --warn-days 30.", "--warn-days must be at least 1")
			}
			return runDoctor(cmd.Context(), o, args, time.Duration(warnDays)*24*time.Hour)
		},
	}
	cmd.Flags().IntVar(&warnDays, "warn-days", 30, "report a client secret as at risk this many `DAYS` before it expires")
	return cmd
}

func runDoctor(ctx context.Context, o *Options, args []string, warn time.Duration) error {
	s, err := openSession(ctx, o, args)
	if err != nil {
		return err
	}
	defer s.close()
	plan, err := steps.Build(s.profile, s.clients)
	if err != nil {
		return err
	}
	if o.Scope != "" {
		plan = plan.Filter(o.Scope)
	}
	// Read without the lock: doctor never writes the state directory, and
	// may run beside an apply.
	st, err := checkpoint.Load(s.dir)
	if err != nil {
		return err
	}
	if err := s.signIn(ctx); err != nil {
		return err
	}
	events := make(chan steps.Event, 256)
	r := &steps.Runner{Plan: plan, Store: steps.CheckStore(st), Events: events, Parallelism: o.Parallelism}
	consumed := make(chan error, 1)
	go func() {
		if o.Output == "ndjson" {
			consumed <- output.Consume(events, output.NDJSON(o.Stdout))
			return
		}
		for range events {
		}
		consumed <- nil
	}()
	rep, err := r.Check(ctx, steps.CheckOptions{WarnWithin: warn})
	if cerr := <-consumed; err == nil {
		err = cerr
	}
	if err != nil {
		return exitError(err)
	}
	switch o.Output {
	case "json":
		if err := writeJSON(o.Stdout, rep); err != nil {
			return err
		}
	case "ndjson":
	default:
		printReport(o, rep, strings.TrimSpace(s.profileFlag()+" "+nextFlags(o, s.dir)))
	}
	if !rep.Healthy() {
		return &SilentError{Code: ExitFindings}
	}
	return nil
}

// printReport shows the findings grouped by service as plan groups its
// steps, the healthy ones as one line per service, and a summary.
func printReport(o *Options, rep steps.Report, profileFlag string) {
	st, w := theme.Default(true), o.out()
	healthy := map[string]int{}
	var services []string
	for _, f := range rep.Findings {
		if !slices.Contains(services, f.Service) {
			services = append(services, f.Service)
		}
		if f.Health == steps.HealthHealthy {
			healthy[f.Service]++
		}
	}
	for _, svc := range services {
		fprintf(w, "\n%s\n", st.Heading.Render(svc))
		for _, f := range rep.Findings {
			if f.Service != svc || f.Health == steps.HealthHealthy {
				continue
			}
			fprintf(w, "  %s %-10s %s\n", healthMark(f.Health), f.Health, f.Title)
			if f.Detail != "" {
				fprintf(w, "      %s\n", f.Detail)
			}
			if f.Fix != "" {
				fprintf(w, "      %s %s\n", st.Faint.Render("fix:"), f.Fix)
			}
			if f.Link != "" {
				fprintf(w, "      %s\n", f.Link)
			}
		}
		if n := healthy[svc]; n > 0 {
			fprintf(w, "  %s %d healthy\n", theme.MarkDone, n)
		}
	}
	counts := fmt.Sprintf("%d healthy, %d drifted, %d missing, %d at risk, %d not checked (%s)",
		rep.Count(steps.HealthHealthy), rep.Count(steps.HealthDrifted), rep.Count(steps.HealthMissing),
		rep.Count(steps.HealthAtRisk), rep.Count(steps.HealthUnchecked), rep.Elapsed.Round(time.Millisecond))
	if rep.Healthy() {
		fprintf(w, "\n%s Healthy: %s. Nothing was changed.\n", theme.MarkDone, counts)
		return
	}
	fprintf(w, "\n%s Findings: %s. Nothing was changed.\n  Fix what almwiz can with: almwiz apply %s\n", theme.MarkWarning, counts, profileFlag)
}

func healthMark(h steps.Health) string {
	switch h {
	case steps.HealthHealthy:
		return theme.MarkDone
	case steps.HealthMissing, steps.HealthDrifted:
		return theme.MarkFailed
	}
	return theme.MarkWarning
}
