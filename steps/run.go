package steps

import (
	"context"
	"errors"
	"fmt"
	"time"

	"almwiz/steps/checkpoint"
)

// Run runs the plan and returns its summary. The error is a
// *FailedError when steps failed (exit 1), an *InterruptedError when ctx
// was cancelled or Abort called (exit 130), or the plan's validation error.
//
// The first cancel of ctx stops scheduling, saves the checkpoint and waits
// for the steps in flight, at most DrainTimeout; their contexts are not
// cancelled meanwhile, since a remote operation must not be abandoned
// implicitly. Abort returns at once.
func (r *Runner) Run(ctx context.Context) (Summary, error) {
	order, err := r.ordered()
	if err != nil {
		return Summary{}, err
	}
	return r.drive(ctx, order, needsOf(order), func(rn *run, s *scheduler) {
		s.exec, s.onSkip = rn.execute, rn.recordSkip
		rn.skipOutOfScope(s)
	})
}

// ordered is the plan in topological order; an invalid plan closes the
// event channel, since nothing will be sent on it.
func (r *Runner) ordered() ([]Step, error) {
	order, err := r.Plan.Order()
	if err != nil {
		if r.Events != nil {
			close(r.Events)
		}
		return nil, fmt.Errorf("plan: %w", err)
	}
	return order, nil
}

// drive is what Run and Destroy share: planned events, the scheduler's
// loop, the final save and the done event.
func (r *Runner) drive(ctx context.Context, order []Step, deps map[string][]string, setup func(*run, *scheduler)) (Summary, error) {
	start := time.Now()
	rn := r.newRun()
	stepCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	rn.stepCtx = stepCtx
	rn.emitPlanned(order)
	s := newScheduler(rn, order, deps)
	setup(rn, s)
	gaveUp := s.loop(ctx)
	if !gaveUp {
		s.skipUnstarted()
	}
	sum, runErr := s.result(start, gaveUp)
	if err := rn.store.Save(); err != nil {
		runErr = errors.Join(runErr, err)
	}
	rn.out.finish(Event{Kind: EventDone, Summary: &sum, Elapsed: sum.Elapsed})
	return sum, runErr
}

// needsOf is the dependency graph of a run.
func needsOf(order []Step) map[string][]string {
	deps := make(map[string][]string, len(order))
	for _, s := range order {
		deps[s.ID()] = s.Needs()
	}
	return deps
}

// emitPlanned announces every step before any starts.
func (r *run) emitPlanned(order []Step) {
	for _, s := range order {
		ev := stepEvent(EventPlanned, s)
		ev.Needs = s.Needs()
		r.out.emit(ev)
	}
}

// skipOutOfScope skips the steps of other scopes. One recorded as done
// counts as done: its outputs, recorded by the admin of its scope, are read
// from the checkpoint.
func (r *run) skipOutOfScope(s *scheduler) {
	for _, st := range s.order {
		if r.plan.InScope(st) {
			continue
		}
		rec, ok := r.store.State().Lookup(st.ID())
		if ok && rec.Status == checkpoint.StatusDone {
			s.skip(st, fmt.Sprintf("not in --scope %s; done by an earlier run, whose outputs are used", r.plan.Scope()), false)
			s.state[st.ID()] = succeeded
			continue
		}
		s.skip(st, fmt.Sprintf("not in --scope %s; the %s admin applies it", r.plan.Scope(), st.Scope()), false)
	}
}

// recordSkip keeps in the checkpoint why a step did not run.
func (r *run) recordSkip(s Step, reason string) {
	_ = r.save(func(st *checkpoint.State) {
		rec := st.Step(s.ID())
		rec.Reason = reason
		// Not observed this run: a step done earlier stays done, so that
		// its outputs still serve the steps of another scope.
		if rec.Status != checkpoint.StatusDone {
			rec.Status = checkpoint.StatusSkipped
		}
	})
}
