package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/steps"
	"almwiz/steps/checkpoint"
	"almwiz/ui/wizard"

	tea "charm.land/bubbletea/v2"
)

// wizardCheck is the read-only check the wizard's welcome screen offers:
// doctor's Runner.Check on the chosen profile, with the sign-in shown on
// the wizard's sign-in screen. Nothing is written, not the state directory.
type wizardCheck struct {
	o *Options

	mu   sync.Mutex
	stop context.CancelFunc
	done chan struct{}
}

// check is the wizard's Check hook.
func (w *wizardCheck) check(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) (<-chan steps.Event, <-chan wizard.CheckResult, error) {
	s, err := newSession(ctx, w.o, p, func(dc auth.DeviceCode) {
		send(wizard.DeviceCodeMsg{Tenant: dc.Tenant, Code: dc.UserCode, URL: dc.VerificationURL})
	})
	if err != nil {
		return nil, nil, err
	}
	plan, err := steps.Build(p, s.clients)
	if err == nil && w.o.Scope != "" {
		plan = plan.Filter(w.o.Scope)
	}
	var st *checkpoint.State
	if err == nil {
		// Read without the lock, as doctor: a check may run beside an apply.
		st, err = checkpoint.Load(s.dir)
	}
	if err == nil {
		err = s.signInAll(ctx, send)
	}
	if err != nil {
		s.close()
		return nil, nil, err
	}
	events, result := make(chan steps.Event, 256), make(chan wizard.CheckResult, 1)
	r := &steps.Runner{Plan: plan, Store: steps.CheckStore(st), Events: events, Parallelism: w.o.Parallelism}
	runCtx, stop := context.WithCancel(ctx)
	w.mu.Lock()
	w.stop, w.done = stop, make(chan struct{})
	done := w.done
	w.mu.Unlock()
	go func() {
		defer close(done)
		rep, err := r.Check(runCtx, steps.CheckOptions{WarnWithin: 30 * 24 * time.Hour})
		s.close()
		stop()
		result <- wizard.CheckResult{Report: rep, Err: err}
	}()
	return events, result, nil
}

// end stops a check still running (the admin left the wizard) and waits
// for it.
func (w *wizardCheck) end() {
	w.mu.Lock()
	stop, done := w.stop, w.done
	w.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// savedProfile returns the profile kept in the state directory found (the
// one --state-dir names, or the newest under ./.almwiz), or nil when there
// is none to check.
func savedProfile(o *Options) func() (*profiles.Profile, error) {
	dir := findCheckpoint(o, nil)
	if dir == "" {
		return nil
	}
	path := filepath.Join(dir, profileCopy)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	return func() (*profiles.Profile, error) {
		p, err := profiles.LoadFile(path)
		if err != nil {
			return nil, fmt.Errorf("the profile kept in %s: %w", dir, err)
		}
		if o.StateDir == "" {
			o.StateDir = dir
		}
		return p, nil
	}
}
