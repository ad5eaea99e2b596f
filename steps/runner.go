package steps

import (
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"almwiz/steps/checkpoint"
)

// Defaults of a Runner, sized for the services' throttling limits.
const (
	DefaultParallelism  = 16
	DefaultAttempts     = 3
	DefaultDrainTimeout = 30 * time.Second
)

// DefaultLimits bounds the steps in flight per service instance of each
// scope (the tenant's Graph, each Azure DevOps organization, each
// environment: Service()), so that one service's throttling does not starve
// the others, and ten organizations are not queued behind one bound.
var DefaultLimits = map[string]int{ScopeEntra: 4, ScopeDevOps: 4, ScopePowerPlatform: 4}

// Runner runs a plan: ready steps concurrently, each observed before it
// acts, whole steps retried on transient errors, the checkpoint saved
// after every change and every state change sent as an Event. A Runner
// serves one Run or Destroy.
type Runner struct {
	Plan  *Plan
	Store *checkpoint.Store // nil: an in-memory checkpoint
	// Events receives every event, "planned" for each step first and
	// "done" last; Run closes it before returning. Nil drops events.
	Events chan<- Event
	// Vault holds this run's secrets; nil starts an empty one.
	Vault *Vault
	// Parallelism bounds the steps in flight; 1 runs one at a time.
	Parallelism int
	// Limits bounds the steps in flight per service instance (Service())
	// of each Scope(); a scope not listed
	// is bounded by Parallelism only. Nil means DefaultLimits.
	Limits map[string]int
	// Attempts is how often a step is tried when its errors are transient.
	Attempts int
	// Backoff is the wait before attempt n+1; nil doubles from 1 s, capped at 30 s.
	Backoff func(attempt int) time.Duration
	// AttemptTimeout, if set, bounds one attempt; an attempt that runs out
	// of time is transient.
	AttemptTimeout time.Duration
	// DrainTimeout bounds the wait for in-flight steps after an interrupt.
	DrainTimeout time.Duration
	// ContinueOnError runs every step that does not depend on a failed
	// one, instead of stopping at the first failure.
	ContinueOnError bool
	// WaitForPerson, when positive, keeps a step left for a person (a
	// Manual outcome: connections in the maker portal, consent by another
	// admin) in flight: it is checked again at this interval — its own
	// Observe, then Apply when the resource still differs, as any attempt —
	// and counts as done once the person has acted, so its dependants run
	// in the same run. Recheck checks at once; StopWaiting, an interrupt or
	// Abort leave it for a person (almwiz resume). Zero: a step left for a
	// person ends as manual at once.
	WaitForPerson time.Duration

	initOnce  sync.Once
	abort     chan struct{}
	abortOnce sync.Once
	stopWait  chan struct{}
	stopOnce  sync.Once
	recheckMu sync.Mutex
	recheck   chan struct{} // closed and replaced by Recheck
}

// Abort makes a running Run return at once, with the checkpoint saved —
// the second Ctrl-C. In-flight steps are cancelled; a remote operation they
// started goes on, and its URL is already in the checkpoint.
func (r *Runner) Abort() {
	r.init()
	r.abortOnce.Do(func() { close(r.abort) })
}

func (r *Runner) init() {
	r.initOnce.Do(func() {
		r.abort, r.stopWait, r.recheck = make(chan struct{}), make(chan struct{}), make(chan struct{})
	})
}

// Recheck makes the steps waiting for a person check again now.
func (r *Runner) Recheck() {
	r.init()
	r.recheckMu.Lock()
	defer r.recheckMu.Unlock()
	close(r.recheck)
	r.recheck = make(chan struct{})
}

// StopWaiting ends the wait for people: the steps waiting end as left for
// a person, and none waits from then on.
func (r *Runner) StopWaiting() {
	r.init()
	r.stopOnce.Do(func() { close(r.stopWait) })
}

func (r *Runner) recheckSignal() <-chan struct{} {
	r.recheckMu.Lock()
	defer r.recheckMu.Unlock()
	return r.recheck
}

// run is the shared state of one Run or Destroy.
type run struct {
	cfg         *Runner
	plan        *Plan
	store       *checkpoint.Store
	vault       *Vault
	out         *emitter
	stepCtx     context.Context // not cancelled by the first interrupt
	interrupted atomic.Bool
	stop        chan struct{} // closed by the first interrupt

	mu       sync.Mutex
	ok       map[string]bool // steps finished in this run
	mintedID map[string]bool // secret key ids recorded in this run
}

func (r *Runner) newRun() *run {
	r.init()
	store := r.Store
	if store == nil {
		store = checkpoint.Memory("", "")
	}
	vault := r.Vault
	if vault == nil {
		vault = NewVault()
	}
	store.SetFilter(vault.Redact)
	return &run{
		cfg: r, plan: r.Plan, store: store, vault: vault,
		out: &emitter{ch: r.Events, abort: r.abort, vault: vault},
		ok:  map[string]bool{}, mintedID: map[string]bool{}, stop: make(chan struct{}),
	}
}

func (r *Runner) parallelism() int {
	if r.Parallelism > 0 {
		return r.Parallelism
	}
	return DefaultParallelism
}

func (r *Runner) limit(scope string) int {
	limits := r.Limits
	if limits == nil {
		limits = DefaultLimits
	}
	if n, ok := limits[scope]; ok && n > 0 {
		return n
	}
	return r.parallelism()
}

func (r *Runner) attempts() int {
	if r.Attempts > 0 {
		return r.Attempts
	}
	return DefaultAttempts
}

func (r *Runner) backoff(attempt int) time.Duration {
	if r.Backoff != nil {
		return r.Backoff(attempt)
	}
	return min(time.Second<<(attempt-1), 30*time.Second)
}

func (r *Runner) drainTimeout() time.Duration {
	if r.DrainTimeout > 0 {
		return r.DrainTimeout
	}
	return DefaultDrainTimeout
}

// save changes the checkpoint and writes it.
func (r *run) save(fn func(*checkpoint.State)) error { return r.store.Update(fn) }

func (r *run) noteMinted(keyID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mintedID[keyID] = true
}

func (r *run) minted(keyID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mintedID[keyID]
}

// settleSecrets marks id finished and drops the pending secrets minted in
// this run whose consumers have now all finished.
func (r *run) settleSecrets(id string) error {
	r.mu.Lock()
	r.ok[id] = true
	ok, minted := maps.Clone(r.ok), maps.Clone(r.mintedID)
	r.mu.Unlock()
	settled := func(p checkpoint.PendingSecret) bool { return minted[p.KeyID] && allIn(p.Consumers, ok) }
	found := false
	r.store.View(func(st *checkpoint.State) { found = slices.ContainsFunc(st.PendingSecrets, settled) })
	if !found {
		return nil
	}
	return r.save(func(st *checkpoint.State) { st.PendingSecrets = slices.DeleteFunc(st.PendingSecrets, settled) })
}

// newSecretFor returns the step that minted a secret in this run for the
// consumer id, or "". Such a consumer applies even when it observes a match:
// it holds the old secret, which its producer has just replaced.
func (r *run) newSecretFor(id string) string {
	var producer string
	r.store.View(func(st *checkpoint.State) {
		for _, p := range st.PendingSecrets {
			if slices.Contains(p.Consumers, id) && r.minted(p.KeyID) {
				producer = p.Step
			}
		}
	})
	return producer
}

// interrupt stops the scheduling of new steps and of retries.
func (r *run) interrupt() {
	if r.interrupted.CompareAndSwap(false, true) {
		close(r.stop)
	}
}
