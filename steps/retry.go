package steps

import (
	"context"
	"errors"
	"fmt"
	"time"

	"almwiz/steps/checkpoint"
)

// retry calls fn until it succeeds, fails permanently, or the attempts
// run out. A retry repeats the whole step — observe first — so it is safe
// whatever the failed attempt left behind.
func (r *run) retry(ctx context.Context, env *Env, s Step, fn func(context.Context) error) (int, error) {
	limit := r.cfg.attempts()
	for n := 1; ; n++ {
		_ = r.save(func(st *checkpoint.State) { st.Step(s.ID()).Attempts = n })
		err := r.attempt(ctx, fn)
		if err == nil {
			return n, nil
		}
		if n >= limit || !r.retryable(ctx, err) || !r.wait(ctx, env, n, err) {
			return n, err
		}
	}
}

// attempt runs fn with the per-attempt timeout, if any.
func (r *run) attempt(ctx context.Context, fn func(context.Context) error) error {
	if r.cfg.AttemptTimeout <= 0 {
		return fn(ctx)
	}
	actx, cancel := context.WithTimeout(ctx, r.cfg.AttemptTimeout)
	defer cancel()
	err := fn(actx)
	if err != nil && actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
		return &attemptTimeout{err: err, after: r.cfg.AttemptTimeout}
	}
	return err
}

// retryable says whether to try again: the error is transient and the run
// is not being interrupted.
func (r *run) retryable(ctx context.Context, err error) bool {
	if r.interrupted.Load() || ctx.Err() != nil {
		return false
	}
	var timeout *attemptTimeout
	return IsTransient(err) || errors.As(err, &timeout)
}

// wait sleeps the backoff before attempt n+1, saying so; false when the
// run is interrupted meanwhile.
func (r *run) wait(ctx context.Context, env *Env, n int, err error) bool {
	d := r.cfg.backoff(n)
	env.Progress(fmt.Sprintf("retrying in %s (attempt %d of %d): %v", d.Round(time.Millisecond), n+1, r.cfg.attempts(), err))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-r.stop:
	}
	return false
}

// attemptTimeout is an attempt that ran out of AttemptTimeout.
type attemptTimeout struct {
	err   error
	after time.Duration
}

func (e *attemptTimeout) Error() string {
	return fmt.Sprintf("no answer within %s: %v", e.after, e.err)
}

func (e *attemptTimeout) Unwrap() error { return e.err }
