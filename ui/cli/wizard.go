package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/output"
	"almwiz/ui/theme"
	"almwiz/ui/wizard"

	"github.com/spf13/cobra"
)

func newWizard(o *Options) *cobra.Command {
	return ignorePreflightFlag(&cobra.Command{
		Use: "wizard", Short: "The guided wizard: plan, recommend, collect details, install", GroupID: "install",
		Args: cobra.NoArgs,
		Long: `The wizard asks the planning questions of Microsoft's guidance, recommends a
tenant model and an Azure DevOps model and says why, collects the details,
shows the plan, signs in and installs with live progress. It needs a terminal;
without one, use almwiz apply -f profile.yaml --no-input --yes.`,
		Example: `  almwiz wizard
  almwiz wizard --sandbox
  almwiz wizard --accessible`,
		RunE: func(cmd *cobra.Command, _ []string) error { return runWizard(cmd, o) },
	}, o)
}

// runWizard starts the guided wizard on the process's terminal; from the
// review it signs in and installs, and the admin's Ctrl+C stops the run
// (exit 130, the checkpoint saved).
func runWizard(cmd *cobra.Command, o *Options) error {
	if !o.IsTTY() || o.NoInput {
		return usagef(noTerminalHint, "the wizard needs a terminal and input")
	}
	if err := checkIgnored(o.IgnorePreflight); err != nil {
		return err
	}
	opts := wizard.Options{
		Preset: o.Preset, ProfilePath: o.Profile, StateDir: o.StateDir,
		Accessible: o.Accessible, NoColor: o.NoColor, Input: o.Stdin, Output: o.Stdout,
		PlanSummary: planSummary,
	}
	if o.Preset != "" {
		if _, err := profiles.Preset(o.Preset); err != nil {
			return err
		}
	}
	if o.Profile != "" {
		p, err := profiles.LoadFile(o.Profile)
		if err != nil {
			return err
		}
		opts.Profile = p
	}
	opts.HasCheckpoint = func() bool { return checkpointExists(o, opts.Profile) }
	switch {
	case o.Sandbox:
		opts.Target = "on the built-in sandbox — no Azure account"
	case o.SandboxURL != "":
		opts.Target = "on the sandbox at " + o.SandboxURL
	}
	run := newWizardRun(o, false)
	opts.Install, opts.Control, opts.NoDecisions = run.install, run.control, true
	opts.Installations, opts.Resume = installations(o), run.resumeInstall
	opts.SignIn, opts.Find, opts.Lookup = run.signIn, run.find, run.lookup
	opts.NextFlags = func(p *profiles.Profile) string { return nextFlags(o, stateDir(o, p)) }
	check := &wizardCheck{o: o}
	opts.Check, opts.SavedProfile = check.check, savedProfile(o)
	res, err := wizard.Run(cmd.Context(), opts)
	check.end()
	runErr := withResume(run.end(), o, run.dir)
	var blocked *PreflightError
	switch {
	case errors.Is(err, errStoppedAtPreflight):
		return quitBeforeInstall(o, res)
	case errors.As(err, &blocked):
		// The sign-in screen showed them; the screen is gone now.
		w := output.Plain(o.errOut())
		for _, f := range blocked.Blockers {
			_ = w.Write(f.Event())
		}
		return err
	case err != nil:
		return err
	}
	return wizardOutcome(cmd, o, res, run, runErr)
}

// noTerminalHint is what to do when the wizard cannot run.
const noTerminalHint = "Use almwiz apply -f profile.yaml --no-input --yes, or run almwiz in a terminal."

// checkpointExists reports whether there is a checkpoint to resume.
func checkpointExists(o *Options, p *profiles.Profile) bool { return findCheckpoint(o, p) != "" }

// findCheckpoint returns the state directory holding a checkpoint: the one
// --state-dir or the profile names, or else the most recently saved one
// under ./.almwiz — where an install started from the wizard keeps it.
func findCheckpoint(o *Options, p *profiles.Profile) string {
	has := func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, checkpoint.FileName))
		return err == nil
	}
	switch {
	case o.StateDir != "":
		if has(o.StateDir) {
			return o.StateDir
		}
		return ""
	case p != nil:
		if dir := stateDir(o, p); has(dir) {
			return dir
		}
		return ""
	}
	found, newest := "", time.Time{}
	for _, dir := range checkpointDirs(o) {
		if fi, err := os.Stat(filepath.Join(dir, checkpoint.FileName)); err == nil && fi.ModTime().After(newest) {
			found, newest = dir, fi.ModTime()
		}
	}
	return found
}

// checkpointDirs are the state directories the wizard may find an install
// in: the one --state-dir names, or each under ./.almwiz that holds a
// checkpoint.
func checkpointDirs(o *Options) []string {
	if o.StateDir != "" {
		return []string{o.StateDir}
	}
	states, _ := filepath.Glob(filepath.Join(".almwiz", "*", checkpoint.FileName))
	dirs := make([]string, 0, len(states))
	for _, st := range states {
		dirs = append(dirs, filepath.Dir(st))
	}
	return dirs
}

// resumeFromWizard resumes the checkpoint the welcome screen offered, with
// the copy of the profile the install kept beside it when none was given.
func resumeFromWizard(cmd *cobra.Command, o *Options) error {
	if o.Profile == "" && o.Preset == "" {
		dir := findCheckpoint(o, nil)
		saved := filepath.Join(dir, profileCopy)
		if _, err := os.Stat(saved); err != nil {
			return usagef("Run almwiz resume -f PROFILE --state-dir "+dir+".", "the checkpoint in %s has no copy of its profile", dir)
		}
		o.StateDir, o.Profile = dir, saved
	}
	return runInstall(cmd, o, nil, runMode{command: "resume", resume: true})
}

func wizardOutcome(cmd *cobra.Command, o *Options, res wizard.Result, run *wizardRun, runErr error) error {
	switch {
	case interrupted(runErr):
		return runErr
	case res.Resume && !res.Install: // the accessible mode resumes after the wizard
		return resumeFromWizard(cmd, o)
	case res.Checked != nil && !res.Install:
		return checkOutcome(o, *res.Checked)
	case res.Profile == nil:
		return &SilentError{Code: ExitInterrupted}
	case res.Exported != "":
		fprintf(o.errOut(), "Profile saved to %s. Check it with almwiz validate -f %s.\n", res.Exported, res.Exported)
	}
	if runErr != nil {
		return exitError(runErr)
	}
	if res.Install && res.Summary == nil && !run.started() {
		return quitBeforeInstall(o, res)
	}
	printLeft(o, res.Summary, run.dir)
	if res.Summary != nil && res.Summary.Failed > 0 {
		return &SilentError{Code: ExitFailed}
	}
	return nil
}

// quitBeforeInstall is the wizard's end when the admin quit on the sign-in
// screen, or after the preflight warnings: the runner never ran.
func quitBeforeInstall(o *Options, res wizard.Result) error {
	fprintf(o.errOut(), "Quit before the install began; nothing was changed.\n")
	if res.Exported != "" && res.Profile != nil {
		fprintf(o.errOut(), "Install later with: almwiz apply -f %s %s\n", shellQuote(res.Exported), nextFlags(o, stateDir(o, res.Profile)))
	}
	return &SilentError{Code: ExitInterrupted}
}

// checkOutcome says, once the wizard's screen is gone, what the check of
// an installation found; exit 3 with findings, as almwiz doctor.
func checkOutcome(o *Options, rep steps.Report) error {
	if rep.Healthy() {
		fprintf(o.errOut(), "%s Healthy: %d steps checked, nothing was changed.\n", theme.MarkDone, len(rep.Findings))
		return nil
	}
	fprintf(o.errOut(), "%s %d of %d steps need attention; nothing was changed. almwiz doctor lists them again.\n",
		theme.MarkWarning, len(rep.Findings)-rep.Count(steps.HealthHealthy), len(rep.Findings))
	return &SilentError{Code: ExitFindings}
}

// planSummary is the review's summary: the steps of p's plan counted by
// service, in plan order, with the admin roles each service's steps need.
func planSummary(p *profiles.Profile) []string {
	plan, err := steps.Build(p, offlineClients(p))
	if err != nil {
		return []string{"could not build the plan: " + err.Error()}
	}
	var services []string
	count, roles := map[string]int{}, map[string][]string{}
	for _, s := range plan.Steps {
		svc := s.Service()
		if count[svc] == 0 {
			services = append(services, svc)
		}
		count[svc]++
		if r := s.Role(); r != "" && !slices.Contains(roles[svc], r) {
			roles[svc] = append(roles[svc], r)
		}
	}
	out := []string{fmt.Sprintf("%d steps:", len(plan.Steps))}
	for _, svc := range services {
		line := fmt.Sprintf("%s — %d steps", svc, count[svc])
		if count[svc] == 1 {
			line = svc + " — 1 step"
		}
		if len(roles[svc]) > 0 {
			line += " — needs " + strings.Join(roles[svc], "; ")
		}
		out = append(out, line)
	}
	return out
}
