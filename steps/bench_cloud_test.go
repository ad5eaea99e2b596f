package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
	"almwiz/steps/checkpoint"
)

// benchCloud is an in-process sandbox with benchLatency per request, seeded
// from a profile, and the provider clients as the CLI configures them,
// signed in to every tenant before the clock starts (as apply's preflight).
type benchCloud struct {
	tb      testing.TB
	srv     *sandbox.Server
	profile *profiles.Profile
	clients *Clients
	log     *benchRequestLog
	signIns int
	limits  map[string]int // the runner's per-scope bounds; nil: the defaults
}

func newBenchCloud(tb testing.TB, p *profiles.Profile) *benchCloud {
	tb.Helper()
	log := &benchRequestLog{}
	srv, clients := seededSandbox(tb, p, sandbox.Options{Latency: benchLatency, Logger: slog.New(log)}, transport.Options{UserAgent: "almwiz/bench"})
	c := &benchCloud{tb: tb, srv: srv, profile: p, log: log, clients: clients}
	mark := log.mark()
	for _, t := range p.Tenants {
		if _, err := clients.Signer.Account(context.Background(), t.Domain); err != nil {
			tb.Fatalf("sign in to %s: %v", t.Domain, err)
		}
	}
	c.signIns = len(log.since(mark))
	return c
}

// benchRun is one Run of a plan as the benchmarks see it.
type benchRun struct {
	plan      *Plan
	wall      time.Duration
	critical  time.Duration
	durations map[string]time.Duration
	events    []Event
	requests  []benchRequest // during the run, sign-in included
	err       error
}

// install builds the plan afresh (as a new process would) and runs it
// against the checkpoint in dir; onEvent, if set, sees every event.
func (c *benchCloud) install(ctx context.Context, dir string, parallelism int, onEvent func(Event)) benchRun {
	c.tb.Helper()
	plan, err := Build(c.profile, c.clients)
	if err != nil {
		c.tb.Fatal(err)
	}
	store, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz apply (benchmark)", Profile: c.profile.Metadata.Name})
	if err != nil {
		c.tb.Fatal(err)
	}
	defer store.Close()
	ch := make(chan Event, 1024)
	run := benchRun{plan: plan}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range ch {
			run.events = append(run.events, e)
			if onEvent != nil {
				onEvent(e)
			}
		}
	}()
	mark := c.log.mark()
	r := c.runner(plan, parallelism)
	r.Store, r.Events = store, ch
	start := time.Now()
	_, run.err = r.Run(ctx)
	run.wall = time.Since(start)
	await(c.tb, done, "the runner to close its event channel")
	run.requests = c.log.since(mark)
	if run.err != nil && ctx.Err() == nil {
		c.tb.Fatalf("install %s: %v", c.profile.Metadata.Name, run.err)
	}
	run.durations = stepDurations(run.events)
	run.critical, _ = plan.CriticalPath(run.durations)
	return run
}

// runner is the Runner the benchmarks run plan with.
func (c *benchCloud) runner(plan *Plan, parallelism int) *Runner {
	return &Runner{Plan: plan, Vault: NewVault(), Parallelism: parallelism, Limits: c.limits}
}

// bound is the shortest wall time r's bounds allow for the run's step
// durations: the critical path, or the busy time of all steps over the
// parallelism, or of one scope's steps over that scope's limit.
func (run benchRun) bound(r *Runner) time.Duration {
	b := run.critical
	var all time.Duration
	for scope, busy := range run.busy() {
		all += busy
		b = max(b, busy/time.Duration(r.limit(scope)))
	}
	return max(b, all/time.Duration(r.parallelism()))
}

// busy sums the step durations by scope.
func (run benchRun) busy() map[string]time.Duration {
	out := map[string]time.Duration{}
	for id, d := range run.durations {
		out[run.plan.Step(id).Scope()] += d
	}
	return out
}

func (run benchRun) busyByScope() string {
	var parts []string
	for scope, d := range run.busy() {
		parts = append(parts, fmt.Sprintf("%s %s", scope, d.Round(time.Millisecond)))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// benchCounts is the number of resources the sandbox holds, by kind.
type benchCounts map[string]int

// inventoryCounts counts what the sandbox holds, operation records aside.
func (c *benchCloud) inventoryCounts() benchCounts {
	out := benchCounts{}
	for kind, v := range c.srv.Inventory(false) {
		if strings.Contains(strings.ToLower(kind), "operation") {
			continue
		}
		raw, _ := json.Marshal(v)
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			// A kind two services hold ("groups") is named after its service
			// ("devops.groups") only once both have some: count them together.
			out[kind[strings.LastIndex(kind, ".")+1:]] += len(list)
		}
	}
	return out
}

func (n benchCounts) minus(before benchCounts) benchCounts {
	out := benchCounts{}
	for kind, v := range n {
		if d := v - before[kind]; d != 0 {
			out[kind] = d
		}
	}
	return out
}

func (n benchCounts) total() int {
	t := 0
	for _, v := range n {
		t += v
	}
	return t
}

func (n benchCounts) String() string {
	kinds := make([]string, 0, len(n))
	for k := range n {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, n[k])
	}
	return strings.Join(parts, ", ")
}

// changed counts the steps the run created or updated something in.
func (r benchRun) changed() int {
	n := 0
	for _, e := range r.events {
		if e.Kind == EventCreated || e.Kind == EventUpdated {
			n++
		}
	}
	return n
}

func countWrites(reqs []benchRequest) int {
	n := 0
	for _, r := range reqs {
		if r.write() && !r.signIn() {
			n++
		}
	}
	return n
}

func (r benchRun) ratio() float64 {
	if r.critical <= 0 {
		return 0
	}
	return float64(r.wall) / float64(r.critical)
}

// criticalChain spells out the critical path with each step's duration.
func (r benchRun) criticalChain() string {
	_, ids := r.plan.CriticalPath(r.durations)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s %s", id, r.durations[id].Round(time.Millisecond))
	}
	return strings.Join(parts, " → ")
}

// slowest lists the n longest steps.
func (r benchRun) slowest(n int) string {
	ids := make([]string, 0, len(r.durations))
	for id := range r.durations {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return r.durations[ids[i]] > r.durations[ids[j]] })
	var parts []string
	for _, id := range ids[:min(n, len(ids))] {
		parts = append(parts, fmt.Sprintf("%s %s", id, r.durations[id].Round(time.Millisecond)))
	}
	return strings.Join(parts, ", ")
}

func (r benchRun) finished() int {
	n := 0
	for _, e := range r.events {
		if benchFinal(e.Kind) {
			n++
		}
	}
	return n
}

// stepDurations is each step's time from its first start to its last
// outcome, read from the run's events.
func stepDurations(events []Event) map[string]time.Duration {
	started := map[string]time.Time{}
	out := map[string]time.Duration{}
	for _, e := range events {
		switch {
		case e.Kind == EventStarted:
			if _, ok := started[e.StepID]; !ok {
				started[e.StepID] = e.Time
			}
		case benchFinal(e.Kind):
			if t, ok := started[e.StepID]; ok {
				out[e.StepID] = e.Time.Sub(t)
			}
		}
	}
	return out
}

func benchFinal(k EventKind) bool {
	switch k {
	case EventCreated, EventUpdated, EventUnchanged, EventManual, EventFailed,
		EventHealthy, EventDrifted, EventMissing, EventAtRisk, EventSkipped:
		return true
	}
	return false
}
