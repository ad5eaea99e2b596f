package cli

import (
	"context"
	"errors"
	"sync"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/steps"
	"almwiz/ui/progress"
	"almwiz/ui/wizard"

	tea "charm.land/bubbletea/v2"
)

// wizardRun is the install the wizard starts: it connects to the target,
// signs in to every tenant the profile uses (device codes shown on the
// sign-in screen), runs the plan, hands the runner's events to the progress
// view and the admin's Ctrl+C to the runner, and keeps how the run ended.
type wizardRun struct {
	o      *Options
	resume bool
	gone   chan struct{} // closed when the wizard has ended
	once   sync.Once

	mu     sync.Mutex
	left   bool // the wizard has ended: start nothing more
	stop   context.CancelFunc
	runner *steps.Runner
	dir    string        // the state directory of the run
	done   chan struct{} // closed once the runner returned and the checkpoint is closed
	err    error         // the runner's error, once done
	early  *session      // the early sign-in's session, until the install takes it
}

func newWizardRun(o *Options, resume bool) *wizardRun {
	return &wizardRun{o: o, resume: resume, gone: make(chan struct{})}
}

// preflight runs the checks before any change (as apply does) and shows
// them on the sign-in screen. A blocker that --ignore-preflight does not
// name stops the install; warnings wait for the admin to go on or quit.
func (w *wizardRun) preflight(ctx context.Context, s *session, send func(tea.Msg)) error {
	if w.resume {
		return nil // checked when the install began
	}
	findings, blockers := preflightFindings(ctx, s)
	if len(findings) == 0 {
		return nil
	}
	if len(blockers) > 0 {
		send(wizard.PreflightMsg{Findings: findings, Blocked: true})
		return &PreflightError{Blockers: blockers}
	}
	decide := make(chan bool, 1)
	send(wizard.PreflightMsg{Findings: findings, Decide: decide})
	select {
	case ok := <-decide:
		if ok {
			return nil
		}
	case <-w.gone:
	case <-ctx.Done():
	}
	return errStoppedAtPreflight
}

// errStoppedAtPreflight is the admin's choice not to install after the
// preflight warnings: nothing was changed.
var errStoppedAtPreflight = errors.New("stopped after the preflight checks; nothing was changed")

// install is the wizard's Install hook.
func (w *wizardRun) install(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) (<-chan steps.Event, error) {
	s, err := w.takeEarly(ctx, p)
	if err != nil {
		return nil, err
	}
	if s == nil {
		s, err = newSession(ctx, w.o, p, func(dc auth.DeviceCode) {
			send(wizard.DeviceCodeMsg{Tenant: dc.Tenant, Code: dc.UserCode, URL: dc.VerificationURL})
		})
	}
	if err != nil {
		return nil, err
	}
	plan, err := steps.Build(p, s.clients)
	if err != nil {
		s.close()
		return nil, err
	}
	if err := s.signInAll(ctx, send); err != nil {
		s.close()
		return nil, err
	}
	if err := w.preflight(ctx, s, send); err != nil {
		s.close()
		return nil, err
	}
	store, err := s.openStore(map[bool]string{false: "wizard", true: "resume"}[w.resume])
	if err != nil {
		s.close()
		return nil, err
	}
	events := make(chan steps.Event, 256)
	r := &steps.Runner{Plan: plan, Store: store, Events: events, Vault: steps.NewVault()}
	if !w.o.Accessible {
		// The live view offers r (re-check now) and s (stop waiting); line
		// mode has no keys for them, so a person's step is left for resume.
		r.WaitForPerson = personRecheck
	}
	runCtx, stop := context.WithCancel(ctx)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.left {
		stop()
		store.Close()
		s.close()
		return nil, context.Canceled
	}
	w.runner, w.stop, w.dir, w.done = r, stop, s.dir, make(chan struct{})
	release := func() {}
	if w.o.Accessible {
		// Line mode: Ctrl+C is SIGINT, not a key the progress view sees.
		release = s.interrupts(stop, r.Abort)
	}
	go func() {
		_, err := r.Run(runCtx)
		release()
		store.Close()
		s.close()
		stop()
		w.err = err
		close(w.done)
	}()
	return events, nil
}

// control is the wizard's Control hook: the first Ctrl+C stops the run
// after the running steps, the second cancels them too, as in almwiz apply.
func (w *wizardRun) control(a progress.Action) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.runner == nil {
		return
	}
	switch a.Kind {
	case progress.ActionStop:
		w.stop()
	case progress.ActionStopNow:
		w.runner.Abort()
	case progress.ActionRecheck:
		w.runner.Recheck()
	case progress.ActionStopWaiting:
		w.runner.StopWaiting()
	}
}

// personRecheck is how often the wizard checks again a step left for a
// person (connections in the maker portal, another admin's consent).
const personRecheck = 5 * time.Second

// end is called once the wizard has ended: a run still going (the admin
// left the sign-in screen, or the terminal went away) is stopped at once,
// and end waits for its checkpoint to be saved. It returns the run's error:
// an *steps.InterruptedError when the admin stopped it.
func (w *wizardRun) end() error {
	w.once.Do(func() { close(w.gone) })
	w.dropEarly()
	w.mu.Lock()
	w.left = true
	done := w.done
	if w.runner != nil {
		w.stop()
		w.runner.Abort()
	}
	w.mu.Unlock()
	if done == nil {
		return nil
	}
	<-done
	return w.err
}

// started reports whether the runner ran.
func (w *wizardRun) started() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.runner != nil
}

// interrupted reports whether err says the run was stopped before its end.
func interrupted(err error) bool {
	var stopped *steps.InterruptedError
	return errors.As(err, &stopped)
}

// signInAll signs in to each tenant of the profile and reports the account,
// its roles and what it cannot do.
func (s *session) signInAll(ctx context.Context, send func(tea.Msg)) error {
	for _, t := range s.profile.Tenants {
		acct, err := s.clients.Signer.Account(ctx, t.Domain)
		if err != nil {
			send(wizard.SignInFailedMsg{Tenant: t.Domain, Err: err})
			return err
		}
		roles, err := s.clients.Signer.Roles(ctx, t.Domain)
		msg := wizard.SignedInMsg{Tenant: t.Domain, Account: acct.UPN}
		if err == nil {
			msg.Roles, msg.Missing = describeRoles(roles)
		}
		send(msg)
	}
	return nil
}

// describeRoles names the account's directory roles and what it cannot do,
// with who can.
func describeRoles(r auth.Roles) (names, missing []string) {
	for _, d := range r.Directory {
		names = append(names, d.DisplayName)
	}
	if !r.CanGrantConsent() {
		missing = append(missing, "grant admin consent — needs a Cloud Application Administrator, Application Administrator, Privileged Role Administrator or Global Administrator")
	}
	if !r.CanRegisterApps() {
		missing = append(missing, "register the app — needs an Application Administrator or Cloud Application Administrator")
	}
	if !r.CanManageGroups() {
		missing = append(missing, "create the makers group — needs a Groups Administrator or User Administrator")
	}
	if !r.IsPowerPlatformAdmin() {
		missing = append(missing, "create environments and application users — needs a Power Platform Administrator (or System Administrator in each environment)")
	}
	return names, missing
}
