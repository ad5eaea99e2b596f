package cli

import (
	"context"
	"path/filepath"

	"almwiz/profiles"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"almwiz/providers/auth"
	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/output"
	"almwiz/ui/progress"
	"almwiz/ui/theme"

	"github.com/spf13/cobra"
)

// runMode says what a run of the plan does.
type runMode struct {
	command string // apply, resume or rotate-secret
	rotate  bool
	resume  bool
}

// runInstall runs the plan of the session's profile: it locks the state
// directory, asks for confirmation unless --yes, and shows the run.
func runInstall(cmd *cobra.Command, o *Options, args []string, mode runMode) error {
	if err := checkIgnored(o.IgnorePreflight); err != nil {
		return err
	}
	s, err := openSession(cmd.Context(), o, args)
	if err != nil {
		return err
	}
	defer s.close()
	plan, err := steps.BuildWith(s.profile, s.clients, steps.BuildOptions{RotateSecret: mode.rotate})
	if err != nil {
		return err
	}
	if o.Scope != "" {
		plan = plan.Filter(o.Scope)
	}
	store, err := s.openStore(mode.command)
	if err != nil {
		return err
	}
	defer store.Close()
	if mode.resume && len(store.State().Steps) == 0 {
		return usagef("Run almwiz apply "+s.profileFlag()+" to start.", "nothing to resume: %s holds no checkpoint", s.dir)
	}
	if o.Output != "ndjson" {
		printSources(o.errOut(), s.profile.Sources())
	}
	if err := confirm(o, s, plan, mode); err != nil {
		return err
	}
	if err := s.preflight(cmd.Context()); err != nil {
		return err
	}
	var findings []steps.Event
	if !mode.rotate {
		if findings, err = s.runChecks(cmd.Context()); err != nil {
			return err
		}
	}
	err = s.execute(cmd.Context(), plan, store, findings...)
	if mode.rotate {
		return err
	}
	return withResume(err, o, s.dir)
}

// preflight signs in to every tenant of the profile before any step runs,
// so a missing sign-in stops the run at once (exit 4) and says how to sign
// in, and reports who is signed in.
func (s *session) preflight(ctx context.Context) error {
	return s.signIn(ctx)
}

// signIn signs in to every tenant of the profile and says as whom.
func (s *session) signIn(ctx context.Context) error {
	for _, t := range s.profile.Tenants {
		acct, err := s.clients.Signer.Account(ctx, t.Domain)
		if err != nil {
			return err
		}
		if s.o.Output != "ndjson" {
			who := acct.UPN
			if who == "" {
				who = "service principal " + acct.AppID
			}
			fprintf(s.o.errOut(), "signed in to %s as %s\n", t.Domain, who)
		}
	}
	return nil
}

// openStore locks the state directory and opens its checkpoint, breaking a
// stale lock first when --force-unlock names it.
func (s *session) openStore(command string) (*checkpoint.Store, error) {
	if s.o.ForceUnlock != "" {
		if err := checkpoint.ForceUnlock(s.dir, s.o.ForceUnlock); err != nil {
			return nil, err
		}
	}
	yaml, err := profileHash(s)
	if err != nil {
		return nil, err
	}
	store, err := checkpoint.Open(s.dir, checkpoint.Options{Command: "almwiz " + command, Profile: s.profile.Metadata.Name, ProfileHash: yaml, Owner: owner(s.profile)})
	var foreign *checkpoint.ForeignError
	if errors.As(err, &foreign) {
		return nil, usagef(fmt.Sprintf("Give this installation its own state directory with --state-dir, or another metadata.name (its state directory is then .almwiz/<name>); %s keeps the installation of %s.", s.dir, foreign.Recorded),
			"%s (profile %s)", foreign.Error(), s.profile.Metadata.Name)
	}
	if err != nil {
		return nil, err
	}
	if err := s.keepProfileCopy(); err != nil {
		store.Close()
		return nil, err
	}
	if prev := store.Lock().Recovered; prev != nil {
		fprintf(s.o.errOut(), "%s took over the lock of a run that ended without releasing it (%s, pid %d, %s); its checkpoint is kept\n",
			theme.MarkWarning, prev.Command, prev.PID, prev.Started.Local().Format(time.DateTime))
	}
	return store, nil
}

// owner is what p's installation acts on, as the checkpoint records it.
func owner(p *profiles.Profile) checkpoint.Owner {
	var o checkpoint.Owner
	for _, t := range p.Tenants {
		o.Tenants = append(o.Tenants, t.Domain)
	}
	for _, org := range p.DevOps.Organizations {
		o.Organizations = append(o.Organizations, org.URL)
	}
	return o
}

// profileCopy is the copy of the profile kept in the state directory, so
// that an install started from the wizard can be resumed without the admin
// having exported it. A profile holds no secret.
const profileCopy = "profile.yaml"

func (s *session) keepProfileCopy() error {
	cp := *s.profile
	// The copy lives elsewhere: its solution file must not be relative.
	cp.Solution.File = s.profile.SolutionFile()
	data, err := profiles.Export(&cp)
	if err != nil {
		return err
	}
	path := filepath.Join(s.dir, profileCopy)
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	if err := checkpoint.WriteFile(s.dir, profileCopy, data); err != nil {
		return fmt.Errorf("keep a copy of the profile in %s: %w", s.dir, err)
	}
	return nil
}

// confirm asks before changing anything, unless --yes; without a terminal
// it never asks but fails naming --yes.
func confirm(o *Options, s *session, plan *steps.Plan, mode runMode) error {
	if o.Yes {
		return nil
	}
	if !o.IsTTY() || o.NoInput {
		return usagef("Add --yes to confirm ("+mode.command+" changes your tenant), or run it in a terminal.", "%s needs confirmation", mode.command)
	}
	target := "the tenant"
	if s.srv != nil || o.SandboxURL != "" {
		target = "the sandbox"
	}
	if n := len(s.profile.Untrusted()); n > 0 {
		fprintf(o.errOut(), "%s %d of these sources are not Microsoft's; their code runs with the app's client secret or as System Administrator.\n", theme.MarkWarning, n)
	}
	fprintf(o.errOut(), "almwiz will %s %s (%d steps) in %s. Continue? [y/N] ", mode.command, s.profile.Metadata.Name, len(plan.Steps), target)
	var answer string
	_, _ = fmt.Fscanln(o.Stdin, &answer)
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return &UsageError{Msg: "not confirmed; nothing was changed"}
	}
	return nil
}

// execute runs the plan, showing it as the live view on a terminal, plain
// lines on standard error, or NDJSON on standard output.
// The preflight events pre come first.
func (s *session) execute(ctx context.Context, plan *steps.Plan, store *checkpoint.Store, pre ...steps.Event) error {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan steps.Event, 256+len(pre))
	for _, e := range pre {
		events <- e
	}
	r := &steps.Runner{Plan: plan, Store: store, Events: events, Vault: steps.NewVault(),
		Parallelism: s.o.Parallelism, ContinueOnError: s.o.ContinueOnError}
	stopSignals := s.interrupts(cancel, r.Abort)
	defer stopSignals()
	shown := make(chan error, 1)
	go func() { shown <- s.show(runCtx, events, cancel, r.Abort) }()
	sum, err := r.Run(runCtx)
	if showErr := <-shown; err == nil && showErr != nil {
		err = showErr
	}
	if err == nil && s.o.Output != "ndjson" {
		printLeft(s.o, &sum, s.dir)
	}
	return exitError(err)
}

// interrupts turns the first Ctrl+C into "stop after the running steps"
// and the second into "stop now"; the checkpoint is saved either way.
func (s *session) interrupts(stop context.CancelFunc, abort func()) func() {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-sigs:
				if n == 0 {
					fprintf(s.o.Stderr, "\nstopping after the running steps finish (the checkpoint is saved) — press Ctrl+C again to stop now\n")
					stop()
					continue
				}
				abort()
			}
		}
	}()
	return func() { signal.Stop(sigs); close(done) }
}

// show consumes the events in the form the output calls for.
func (s *session) show(ctx context.Context, events <-chan steps.Event, stop context.CancelFunc, abort func()) error {
	switch {
	case s.o.Output == "ndjson":
		return output.Consume(events, output.NDJSON(s.o.Stdout))
	case s.o.IsTTY() && !s.o.NoInput && !s.o.Accessible:
		_, err := progress.Run(ctx, events, progress.Options{
			Title: s.profile.Metadata.Name, ProfilePath: s.o.Profile, StateDir: s.dir, NextFlags: nextFlags(s.o, s.dir),
			Input: s.o.Stdin, Output: s.o.Stdout, NoColor: s.o.NoColor, NoDecisions: true,
			Control: func(a progress.Action) {
				switch a.Kind {
				case progress.ActionStop:
					stop()
				case progress.ActionStopNow:
					abort()
				}
			},
		})
		for range events { // the view may quit first; the runner must never block
		}
		return err
	}
	return output.Consume(events, output.Plain(s.o.errOut()))
}

// exitError maps a run's error to the exit code contract: a step that
// failed because sign-in is needed exits 4.
func exitError(err error) error {
	var failed *steps.FailedError
	if errors.As(err, &failed) {
		for _, se := range failed.Errors {
			var signIn *auth.SignInRequiredError
			if errors.As(se.Err, &signIn) {
				return signIn
			}
		}
	}
	return err
}
