package steps

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"almwiz/steps/checkpoint"
)

// The kinds of event Check emits, one per step, in place of the results of
// Run: doctor never applies anything.
const (
	EventHealthy EventKind = "healthy" // observed as the profile wants it
	EventDrifted EventKind = "drifted" // there, but differs from the profile (Message says how)
	EventMissing EventKind = "missing" // not there
	EventAtRisk  EventKind = "at-risk" // as wanted today, but about to break (an expiring secret)
)

// Health is what doctor found for one step's resource.
type Health string

// The kinds of health a Verdict gives.
const (
	HealthHealthy   Health = "healthy"
	HealthDrifted   Health = "drifted"
	HealthMissing   Health = "missing"
	HealthAtRisk    Health = "at-risk"
	HealthUnchecked Health = "not-checked" // a resource it needs is missing, or the read failed
)

// Verdict is doctor's verdict on one step of the plan.
type Verdict struct {
	StepID  string `json:"step"`
	Title   string `json:"title"`
	Service string `json:"service"`
	Scope   string `json:"scope"`
	Health  Health `json:"health"`
	// Detail says what differs or why it was not checked.
	Detail string `json:"detail,omitempty"`
	// Role is the admin role that can fix it; Fix what to run or where to go.
	Role string `json:"role,omitempty"`
	Fix  string `json:"fix,omitempty"`
	Link string `json:"link,omitempty"`
	// Blocked says the step went unchecked only because a step it needs is
	// missing or unreadable: the finding is that step's.
	Blocked bool `json:"blocked,omitempty"`
}

// Report is the result of Check: a finding per step, in plan order.
type Report struct {
	Findings []Verdict     `json:"findings"`
	Elapsed  time.Duration `json:"elapsedNs"`
}

// Healthy reports whether nothing needs attention.
func (r Report) Healthy() bool {
	return !slices.ContainsFunc(r.Findings, func(f Verdict) bool { return f.Health != HealthHealthy })
}

// Count returns how many findings have health h.
func (r Report) Count(h Health) int {
	n := 0
	for _, f := range r.Findings {
		if f.Health == h {
			n++
		}
	}
	return n
}

// Diagnoser is a step with checks beyond its own comparison, which only
// doctor runs: e.g. the client secret's expiry, which Observe accepts until
// the renewal window but an admin should hear about earlier.
type Diagnoser interface {
	// Diagnose runs after Observe found the resource; a verdict other than
	// healthy replaces what Observe's comparison says (at risk only when
	// the resource matches).
	Diagnose(ctx context.Context, env *Env, obs Observation, o CheckOptions) (Diagnosis, error)
}

// Diagnosis is what a Diagnoser found: a health, what it means, and the
// fix when it is not almwiz apply.
type Diagnosis struct {
	Health Health // "" or HealthHealthy: nothing beyond Observe's comparison
	Detail string
	Fix    string
}

// rotateSecretFix is the fix of a client secret at risk.
const rotateSecretFix = "almwiz rotate-secret (it also updates the service connections and the custom connector, so their admins' rights are needed too)"

// Fixer is a step whose fix is not simply apply: one a person finishes.
type Fixer interface {
	Fix(obs Observation) string
}

// CheckOptions tunes Check.
type CheckOptions struct {
	// WarnWithin is how long before its end a secret is reported at risk.
	WarnWithin time.Duration
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// DefaultWarnWithin is doctor's default warning window for secrets.
const DefaultWarnWithin = 30 * 24 * time.Hour

// Check observes every step of the plan, read-only, in dependency order and
// as parallel as Run, and reports each resource as healthy, drifted,
// missing or at risk. It writes nothing to the cloud, and nothing to disk:
// Store, if set, must be a memory store (checkpoint.MemoryOf the state a
// run left, so that steps find the ids recorded then); Observe's outputs go
// there so that dependents can be observed. A step whose dependency is
// missing is reported as not checked.
func (r *Runner) Check(ctx context.Context, o CheckOptions) (Report, error) {
	if r.Store != nil && r.Store.Dir() != "" {
		return Report{}, fmt.Errorf("check needs a memory store: it must not write %s", r.Store.Dir())
	}
	if o.WarnWithin <= 0 {
		o.WarnWithin = DefaultWarnWithin
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	order, err := r.ordered()
	if err != nil {
		return Report{}, err
	}
	r.ContinueOnError = true
	var mu sync.Mutex
	found := map[string]Verdict{}
	record := func(f Verdict) {
		mu.Lock()
		defer mu.Unlock()
		found[f.StepID] = f
	}
	sum, runErr := r.drive(ctx, order, needsOf(order), func(rn *run, s *scheduler) {
		s.exec = func(ctx context.Context, st Step) stepResult { return rn.check(ctx, st, o, record) }
		s.needs = func(dep string) string { return "not checked: it needs " + dep }
		s.onSkip = func(st Step, reason string) { // only a dependency's skip is recorded
			f := newVerdict(st, HealthUnchecked, reason)
			f.Blocked = true
			record(f)
		}
		for _, st := range order {
			if !rn.plan.InScope(st) {
				s.skip(st, fmt.Sprintf("not in --scope %s", rn.plan.Scope()), false)
			}
		}
	})
	rep := Report{Elapsed: sum.Elapsed}
	for _, st := range order {
		f, ok := found[st.ID()]
		if !ok {
			if !r.Plan.InScope(st) {
				continue
			}
			f = newVerdict(st, HealthUnchecked, "not checked: a resource it needs is missing or could not be read")
			f.Blocked = true
		}
		rep.Findings = append(rep.Findings, f)
	}
	if _, failed := runErr.(*FailedError); failed {
		runErr = nil // a read that failed is a finding, not the end of the check
	}
	return rep, runErr
}

// check observes one step, with Run's retries of transient errors.
func (r *run) check(ctx context.Context, s Step, o CheckOptions, record func(Verdict)) stepResult {
	env := newEnv(r, s)
	start := time.Now()
	r.out.emit(stepEvent(EventStarted, s))
	var obs Observation
	var diag Diagnosis
	attempts, err := r.retry(ctx, env, s, func(actx context.Context) error {
		var err error
		if obs, err = s.Observe(actx, env); err != nil {
			return err
		}
		if d, ok := s.(Diagnoser); ok && obs.Exists {
			diag, err = d.Diagnose(actx, env, obs, o)
		}
		return err
	})
	if err != nil {
		if r.abandoned() {
			return stepResult{id: s.ID()}
		}
		f := newVerdict(s, HealthUnchecked, "could not check: "+err.Error())
		f.Fix = suggestionOf(err)
		record(f)
		ev := stepEvent(EventFailed, s)
		ev.Error, ev.Suggestion, ev.Elapsed, ev.Attempt = err.Error(), f.Fix, time.Since(start), attempts
		r.out.emit(ev)
		return stepResult{id: s.ID(), kind: EventFailed, err: &StepError{StepID: s.ID(), Err: err}}
	}
	env.setOutputs(obs.Outputs)
	f := newVerdict(s, HealthHealthy, "")
	f.Link = obs.Link
	kind := EventHealthy
	switch {
	case !obs.Exists:
		f.Health, f.Detail, kind = HealthMissing, obs.Detail, EventMissing
		if f.Detail == "" {
			f.Detail = "not found"
		}
	case diag.Health == HealthUnchecked:
		f.Health, f.Detail, kind = HealthUnchecked, diag.Detail, EventSkipped
	case !obs.Matches:
		f.Health, f.Detail, kind = HealthDrifted, obs.Detail, EventDrifted
		if f.Detail == "" {
			f.Detail = "differs from the profile"
		}
		if diag.Health == HealthAtRisk {
			// What is at risk is what the admin needs to hear (a secret
			// expiring); apply converges it all the same.
			f.Detail = diag.Detail + " (" + f.Detail + ")"
		}
	case diag.Health == HealthAtRisk:
		f.Health, f.Detail, kind = HealthAtRisk, diag.Detail, EventAtRisk
	}
	switch {
	case f.Health == HealthHealthy:
	case f.Health == diag.Health:
		f.Role, f.Fix = s.Role(), diag.Fix
	default: // drifted or missing: apply converges it, or a person does
		f.Role, f.Fix = s.Role(), "almwiz apply (as "+s.Role()+")"
		if fx, ok := s.(Fixer); ok {
			f.Fix = fx.Fix(obs)
		} else if diag.Health == HealthAtRisk && diag.Fix != "" {
			f.Fix += ", or " + diag.Fix
		}
	}
	record(f)
	ev := stepEvent(kind, s)
	ev.Message, ev.Link, ev.Elapsed, ev.Attempt = f.Detail, f.Link, time.Since(start), attempts
	r.out.emit(ev)
	return stepResult{id: s.ID(), kind: kind, ok: obs.Exists}
}

func newVerdict(s Step, h Health, detail string) Verdict {
	return Verdict{StepID: s.ID(), Title: s.Title(), Service: s.Service(), Scope: s.Scope(), Health: h, Detail: detail}
}

// CheckStore is the memory store Check observes with: a copy of st (the
// checkpoint a run left, or nil), so that nothing Check learns reaches disk.
func CheckStore(st *checkpoint.State) *checkpoint.Store {
	return checkpoint.MemoryOf(st)
}
