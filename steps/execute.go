package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"almwiz/steps/checkpoint"
)

// execute runs one step: observe, compare, apply, with whole-step retries
// of transient errors.
func (r *run) execute(ctx context.Context, s Step) stepResult {
	env := newEnv(r, s)
	start := time.Now()
	r.begin(s)
	var out Outcome
	var obs Observation
	attempts, err := r.retry(ctx, env, s, func(actx context.Context) error {
		var err error
		out, obs, err = r.converge(actx, env, s)
		return err
	})
	for err == nil && out.Result == ResultManual && r.waitForPerson(s, out) {
		attempts, err = r.retry(ctx, env, s, func(actx context.Context) error {
			var err error
			out, obs, err = r.converge(actx, env, s)
			return err
		})
	}
	switch {
	case err != nil && r.abandoned():
		return stepResult{id: s.ID()} // still "running", with its operation, for resume
	case err != nil:
		return r.fail(s, err, start, attempts)
	}
	return r.succeed(s, out, obs, start, attempts)
}

// waitForPerson says, while the step waits for the person out names, that
// it waits and where the person acts, and returns true when it is time to
// check again: the interval passed or Recheck was called. It returns false
// when the run does not wait for people, StopWaiting was called, or the
// run is being interrupted.
func (r *run) waitForPerson(s Step, out Outcome) bool {
	every := r.cfg.WaitForPerson
	if every <= 0 || r.interrupted.Load() {
		return false
	}
	select {
	case <-r.cfg.stopWait:
		return false
	default:
	}
	ev := stepEvent(EventProgress, s)
	ev.Message = fmt.Sprintf("waiting for a person — re-checking every %s: %s", waitClock(every), strings.TrimSuffix(out.Message, ThenResume))
	ev.Link = out.Link
	r.out.emit(ev)
	timer := time.NewTimer(every)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.cfg.recheckSignal():
		return true
	case <-r.cfg.stopWait:
	case <-r.stop:
	case <-r.stepCtx.Done():
	case <-r.cfg.abort:
	}
	return false
}

// waitClock is an interval as the admin reads it: "5 s", "1 min".
func waitClock(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%g s", d.Seconds())
}

// begin records the step as running and says so.
func (r *run) begin(s Step) {
	_ = r.save(func(st *checkpoint.State) {
		rec := st.Step(s.ID())
		rec.Status, rec.Started, rec.Finished = checkpoint.StatusRunning, time.Now().UTC(), time.Time{}
		rec.Attempts, rec.Error, rec.Suggestion, rec.Reason = 0, "", "", ""
	})
	r.out.emit(stepEvent(EventStarted, s))
}

// converge is one attempt: observe; apply only when the resource differs
// from the desired state or the profile changed it since the last run.
func (r *run) converge(ctx context.Context, env *Env, s Step) (Outcome, Observation, error) {
	obs, err := s.Observe(ctx, env)
	if err != nil {
		return Outcome{}, obs, fmt.Errorf("observe: %w", err)
	}
	changed := r.noteObservation(s, obs)
	producer := r.newSecretFor(s.ID())
	env.setOutputs(obs.Outputs)
	if obs.Matches && !changed && producer == "" {
		return Outcome{Result: ResultUnchanged, Link: obs.Link}, obs, env.err()
	}
	switch {
	case changed:
		env.Progress("changed by the profile")
	case producer != "":
		env.Progress("receives the new secret of " + producer)
	case obs.Detail != "":
		env.Progress(obs.Detail)
	}
	out, err := s.Apply(ctx, env, obs)
	if err != nil {
		return out, obs, err
	}
	return completeOutcome(out, obs), obs, env.err()
}

// abandoned says the run gave up on its steps in flight (Abort, or the
// drain timeout): their cancellation is not a failure of theirs.
func (r *run) abandoned() bool { return r.stepCtx.Err() != nil }

func completeOutcome(out Outcome, obs Observation) Outcome {
	if out.Link == "" {
		out.Link = obs.Link
	}
	if out.Result == "" {
		out.Result = ResultUpdated
		if !obs.Exists {
			out.Result = ResultCreated
		}
	}
	return out
}

// noteObservation keeps what the first observation ever saw and says
// whether the desired state changed since the step last converged.
func (r *run) noteObservation(s Step, obs Observation) (specChanged bool) {
	_ = r.save(func(st *checkpoint.State) {
		rec := st.Step(s.ID())
		if rec.FoundExisting == nil {
			found := obs.Exists
			rec.FoundExisting = &found
		}
		specChanged = rec.SpecHash != "" && rec.SpecHash != s.SpecHash()
	})
	return specChanged
}

func (r *run) succeed(s Step, out Outcome, obs Observation, start time.Time, attempts int) stepResult {
	kind, status := EventKind(out.Result), checkpoint.StatusDone
	if out.Result == ResultManual {
		status = checkpoint.StatusManual
	}
	err := r.save(func(st *checkpoint.State) {
		rec := st.Step(s.ID())
		rec.Status, rec.Finished, rec.Link, rec.Operation = status, time.Now().UTC(), out.Link, ""
		if status == checkpoint.StatusDone {
			rec.SpecHash = s.SpecHash()
		} else {
			rec.Reason = out.Message
		}
		createdEarlier := obs.Exists && rec.FoundExisting != nil && !*rec.FoundExisting
		rec.CreatedByUs = rec.CreatedByUs || out.Result == ResultCreated || createdEarlier
	})
	if err == nil && status == checkpoint.StatusDone {
		err = r.settleSecrets(s.ID())
	}
	if err != nil {
		return r.fail(s, err, start, attempts)
	}
	ev := stepEvent(kind, s)
	ev.Link, ev.Message, ev.Elapsed, ev.Attempt = out.Link, out.Message, time.Since(start), attempts
	r.out.emit(ev)
	return stepResult{id: s.ID(), kind: kind, ok: status == checkpoint.StatusDone}
}

func (r *run) fail(s Step, err error, start time.Time, attempts int) stepResult {
	cause := err
	var se *StepError
	if errors.As(err, &se) && se.StepID == s.ID() {
		cause = se.Err
	}
	suggestion := suggestionOf(err)
	se = &StepError{StepID: s.ID(), Err: cause, Suggestion: suggestion, Transient: IsTransient(err)}
	_ = r.save(func(st *checkpoint.State) {
		rec := st.Step(s.ID())
		rec.Status, rec.Finished = checkpoint.StatusFailed, time.Now().UTC()
		rec.Error, rec.Suggestion = cause.Error(), suggestion
	})
	ev := stepEvent(EventFailed, s)
	ev.Error, ev.Suggestion, ev.Retryable = cause.Error(), suggestion, true
	ev.Elapsed, ev.Attempt = time.Since(start), attempts
	r.out.emit(ev)
	return stepResult{id: s.ID(), kind: EventFailed, err: se}
}
