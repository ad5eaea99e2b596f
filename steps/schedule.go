package steps

import (
	"context"
	"fmt"
	"time"
)

// nodeState is where a step stands within one run.
type nodeState int

const (
	waiting nodeState = iota
	inFlight
	succeeded // its dependents may start
	failed
	blocked // skipped, manual or out of scope without outputs: dependents are skipped
)

// stepResult is how one step ended.
type stepResult struct {
	id   string
	kind EventKind  // the last event sent for it
	ok   bool       // its dependents may start
	err  *StepError // why it failed
}

// scheduler starts ready steps within the bounds and collects results. It
// serves Run and Destroy alike; for Destroy deps are the reverse edges.
type scheduler struct {
	run      *run
	order    []Step
	deps     map[string][]string
	exec     func(context.Context, Step) stepResult
	onSkip   func(s Step, reason string) // records a skip caused by a dependency
	needs    func(dep string) string     // why a step waits on dep, shown when dep fails
	state    map[string]nodeState
	running  int
	perScope map[string]int
	results  chan stepResult
	stopping bool
	failed   []string
	errs     []*StepError
	summary  Summary
}

func newScheduler(r *run, order []Step, deps map[string][]string) *scheduler {
	return &scheduler{
		run: r, order: order, deps: deps, onSkip: func(Step, string) {},
		needs: func(dep string) string { return "needs " + dep },
		state: map[string]nodeState{}, perScope: map[string]int{},
		results: make(chan stepResult, len(order)),
	}
}

// loop runs until no step is in flight and none can start. It returns
// true when it gave up waiting: an Abort, or the drain timeout after an
// interrupt ran out.
func (s *scheduler) loop(ctx context.Context) (gaveUp bool) {
	var drain <-chan time.Time
	ctxDone := ctx.Done()
	for {
		if ctxDone != nil && ctx.Err() != nil {
			ctxDone, drain = nil, s.interrupt()
		}
		s.skipBlocked()
		if !s.stopping {
			s.startReady()
		}
		if s.running == 0 {
			return false
		}
		select {
		case res := <-s.results:
			s.finish(res)
		case <-ctxDone:
			ctxDone, drain = nil, s.interrupt()
		case <-drain:
			return true
		case <-s.run.cfg.abort:
			return true
		}
	}
}

// interrupt stops scheduling, saves the checkpoint and starts the bounded
// wait for the steps in flight.
func (s *scheduler) interrupt() <-chan time.Time {
	s.stopping = true
	s.run.interrupt()
	_ = s.run.store.Save()
	return time.After(s.run.cfg.drainTimeout())
}

func (s *scheduler) startReady() {
	for _, st := range s.order {
		if s.running >= s.run.cfg.parallelism() {
			return
		}
		if s.state[st.ID()] != waiting || !s.depsSucceeded(st.ID()) {
			continue
		}
		if s.perScope[limitKey(st)] >= s.run.cfg.limit(st.Scope()) {
			continue
		}
		s.state[st.ID()] = inFlight
		s.running++
		s.perScope[limitKey(st)]++
		go func(st Step) { s.results <- s.exec(s.run.stepCtx, st) }(st)
	}
}

func (s *scheduler) depsSucceeded(id string) bool {
	for _, d := range s.deps[id] {
		if s.state[d] != succeeded {
			return false
		}
	}
	return true
}

// skipBlocked skips every waiting step with a dependency that failed or
// is blocked; order is topological, so one pass reaches the whole chain.
func (s *scheduler) skipBlocked() {
	for _, st := range s.order {
		if s.state[st.ID()] != waiting {
			continue
		}
		for _, d := range s.deps[st.ID()] {
			if s.state[d] == failed || s.state[d] == blocked {
				s.skip(st, s.needs(d), true)
				break
			}
		}
	}
}

// skip marks a step skipped; record says whether the checkpoint keeps why.
func (s *scheduler) skip(st Step, reason string, record bool) {
	s.state[st.ID()] = blocked
	s.summary.Skipped++
	if record {
		s.onSkip(st, reason)
	}
	ev := stepEvent(EventSkipped, st)
	ev.Message = reason
	s.run.out.emit(ev)
}

func (s *scheduler) finish(res stepResult) {
	s.running--
	s.perScope[s.limitKeyOf(res.id)]--
	s.count(res.kind)
	switch {
	case res.ok:
		s.state[res.id] = succeeded
	case res.kind == EventFailed:
		s.state[res.id] = failed
		s.failed = append(s.failed, res.id)
		s.errs = append(s.errs, res.err)
		if !s.run.cfg.ContinueOnError {
			s.stopping = true
		}
	default:
		s.state[res.id] = blocked
	}
}

func (s *scheduler) limitKeyOf(id string) string {
	for _, st := range s.order {
		if st.ID() == id {
			return limitKey(st)
		}
	}
	return ""
}

// limitKey is what a scope's limit bounds: the steps of one service
// instance — the tenant's Graph, one Azure DevOps organization, one
// environment — since that is what each service throttles on its own.
func limitKey(st Step) string { return st.Scope() + "\x00" + st.Service() }

func (s *scheduler) count(kind EventKind) {
	switch kind {
	case EventCreated:
		s.summary.Created++
	case EventUpdated:
		s.summary.Updated++
	case EventUnchanged:
		s.summary.Unchanged++
	case EventFailed:
		s.summary.Failed++
	case EventSkipped:
		s.summary.Skipped++
	case EventManual:
		s.summary.Manual++
	case EventDeleted:
		s.summary.Deleted++
	}
}

// skipUnstarted reports the steps the run did not reach, leaving their
// checkpoint records as they were.
func (s *scheduler) skipUnstarted() {
	reason := "not started: interrupted"
	if !s.run.interrupted.Load() && len(s.failed) > 0 {
		reason = fmt.Sprintf("not started: the run stopped after %s failed", s.failed[0])
	}
	for _, st := range s.order {
		if s.state[st.ID()] == waiting {
			s.skip(st, reason, false)
		}
	}
}

// result is the summary of the run and the error Run returns.
func (s *scheduler) result(start time.Time, gaveUp bool) (Summary, error) {
	sum := s.summary
	sum.Elapsed = time.Since(start)
	sum.Interrupted = s.run.interrupted.Load() || gaveUp
	switch {
	case sum.Interrupted:
		return sum, &InterruptedError{Aborted: gaveUp}
	case len(s.failed) > 0:
		return sum, &FailedError{Steps: s.failed, Errors: s.errs}
	}
	return sum, nil
}
