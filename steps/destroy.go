package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"almwiz/steps/checkpoint"
)

// Destroy removes what this installation created, dependents before what
// they depend on, with the same bounds, retries, interrupt semantics and
// events as Run. Steps the checkpoint does not record as created by us —
// found already there — are left in place and reported as skipped; so are
// those nothing in the cloud can prove almwiz created (UnprovableError).
// A recorded one whose proof fails is refused (OwnershipProver).
func (r *Runner) Destroy(ctx context.Context) (Summary, error) {
	order, err := r.ordered()
	if err != nil {
		return Summary{}, err
	}
	slices.Reverse(order)
	return r.drive(ctx, order, dependentsOf(order), func(rn *run, s *scheduler) {
		s.exec = rn.remove
		s.needs = func(dep string) string { return "waits for " + dep + " to be removed" }
		for _, st := range order {
			if !rn.plan.InScope(st) {
				s.skip(st, fmt.Sprintf("not in --scope %s; the %s admin removes it", rn.plan.Scope(), st.Scope()), false)
			}
		}
	})
}

// OwnershipProver is a step whose Destroy deletes or changes something in
// the cloud. Before Destroy runs, ProveOwnership proves from the cloud that
// almwiz created it: a mark almwiz set at creation in a field the service
// keeps (proveMark), or a parent proven so (proveThrough). Without the proof
// destroy refuses, naming the resource, whatever state.json says; an
// *UnprovableError (nothing in the cloud can prove it) leaves the resource
// in place and reports it skipped.
type OwnershipProver interface {
	ProveOwnership(ctx context.Context, env *Env) error
}

// dependentsOf reverses the edges: a step is removed after every step
// that needs it, and after every step proven through it.
func dependentsOf(order []Step) map[string][]string {
	deps := map[string][]string{}
	ids := map[string]bool{}
	for _, s := range order {
		ids[s.ID()] = true
	}
	for _, s := range order {
		parents := s.Needs()
		if p, ok := s.(provedThrough); ok {
			parents = append(slices.Clone(parents), p.ProvedThrough()...)
		}
		for _, n := range parents {
			if ids[n] && !slices.Contains(deps[n], s.ID()) {
				deps[n] = append(deps[n], s.ID())
			}
		}
	}
	return deps
}

// remove destroys one step's resource if this installation created it.
func (r *run) remove(ctx context.Context, s Step) stepResult {
	rec, ok := r.store.State().Lookup(s.ID())
	if !ok || !rec.CreatedByUs {
		ev := stepEvent(EventSkipped, s)
		ev.Message = "not created by this installation; left in place"
		r.out.emit(ev)
		return stepResult{id: s.ID(), kind: EventSkipped, ok: true}
	}
	env := newEnv(r, s)
	start := time.Now()
	r.out.emit(stepEvent(EventStarted, s))
	// state.json is a file anyone with access to the state directory can
	// edit: where the cloud keeps a mark of who created a resource, that
	// mark, not the checkpoint, decides.
	if p, ok := s.(OwnershipProver); ok {
		err := p.ProveOwnership(ctx, env)
		var unprovable *UnprovableError
		switch {
		case errors.As(err, &unprovable):
			return r.leave(s, unprovable, start)
		case err != nil:
			return r.fail(s, fmt.Errorf("destroy refused: %w", err), start, 0)
		}
	}
	attempts, err := r.retry(ctx, env, s, func(actx context.Context) error {
		if err := s.Destroy(actx, env); err != nil {
			return err
		}
		return env.err()
	})
	if err == nil {
		err = r.save(func(st *checkpoint.State) { st.Remove(s.ID(), time.Now().UTC()) })
	}
	switch {
	case err != nil && r.abandoned():
		return stepResult{id: s.ID()}
	case err != nil:
		return r.fail(s, fmt.Errorf("destroy: %w", err), start, attempts)
	}
	ev := stepEvent(EventDeleted, s)
	ev.Elapsed, ev.Attempt = time.Since(start), attempts
	r.out.emit(ev)
	return stepResult{id: s.ID(), kind: EventDeleted, ok: true}
}

// leave reports a resource destroy cannot prove almwiz created and so never
// deletes, and forgets it: it is no longer this installation's to remove.
func (r *run) leave(s Step, why *UnprovableError, start time.Time) stepResult {
	if err := r.save(func(st *checkpoint.State) { delete(st.Steps, s.ID()) }); err != nil {
		return r.fail(s, err, start, 0)
	}
	ev := stepEvent(EventSkipped, s)
	ev.Message = why.Error()
	r.out.emit(ev)
	return stepResult{id: s.ID(), kind: EventSkipped, ok: true}
}
