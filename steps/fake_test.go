package steps

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/steps/checkpoint"
)

// fakeCloud is the synthetic cloud the test steps converge: resource id →
// the spec it was made with. It measures how many steps act at once.
type fakeCloud struct {
	mu        sync.Mutex
	res       map[string]string
	observed  map[string]int
	applied   map[string]int
	inFlight  map[string]int // by scope, "" for all
	maxFlight map[string]int
}

func newFakeCloud() *fakeCloud {
	return &fakeCloud{res: map[string]string{}, observed: map[string]int{}, applied: map[string]int{},
		inFlight: map[string]int{}, maxFlight: map[string]int{}}
}

func (c *fakeCloud) enter(scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range []string{"", scope} {
		c.inFlight[k]++
		c.maxFlight[k] = max(c.maxFlight[k], c.inFlight[k])
	}
}

func (c *fakeCloud) leave(scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight[""]--
	c.inFlight[scope]--
}

func (c *fakeCloud) get(id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.res[id]
	return v, ok
}

func (c *fakeCloud) set(id, spec string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res[id] = spec
}

func (c *fakeCloud) remove(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.res, id)
}

func (c *fakeCloud) count(m map[string]int, id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return m[id]
}

func (c *fakeCloud) bump(m map[string]int, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m[id]++
}

// fake is a synthetic step: it converges world.res[id] on spec. Hooks
// replace its behaviour where a test needs to.
type fake struct {
	id, scope, spec string
	needs           []string
	world           *fakeCloud
	delay           time.Duration
	observe         func(ctx context.Context, env *Env) (Observation, error)
	apply           func(ctx context.Context, env *Env, obs Observation) (Outcome, error)
}

func (f *fake) ID() string       { return f.id }
func (f *fake) Title() string    { return "Resource " + f.id }
func (f *fake) Service() string  { return "Service " + f.Scope() }
func (f *fake) Role() string     { return "Owner" }
func (f *fake) Needs() []string  { return f.needs }
func (f *fake) SpecHash() string { return HashSpec(f.spec) }

func (f *fake) Scope() string {
	if f.scope == "" {
		return ScopeDevOps
	}
	return f.scope
}

func (f *fake) Observe(ctx context.Context, env *Env) (Observation, error) {
	f.world.bump(f.world.observed, f.id)
	if f.observe != nil {
		return f.observe(ctx, env)
	}
	v, ok := f.world.get(f.id)
	obs := Observation{Exists: ok, Matches: ok && v == f.spec}
	if ok {
		obs.Outputs = map[string]string{"id": "obj-" + f.id}
	}
	return obs, nil
}

func (f *fake) Apply(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
	f.world.bump(f.world.applied, f.id)
	f.world.enter(f.Scope())
	defer f.world.leave(f.Scope())
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	if f.apply != nil {
		return f.apply(ctx, env, obs)
	}
	for _, n := range f.needs {
		if env.Input(n, "id") == "" {
			return Outcome{}, fmt.Errorf("output id of %s is missing", n)
		}
	}
	f.world.set(f.id, f.spec)
	env.SetOutput("id", "obj-"+f.id)
	return Outcome{Result: ResultCreated}, nil
}

func (f *fake) Destroy(ctx context.Context, env *Env) error {
	f.world.remove(f.id)
	return nil
}

// fakes builds steps on one world: "a", "b:a", "c:a,b" is a, b needing a,
// c needing a and b.
func fakes(c *fakeCloud, specs ...string) []Step {
	var out []Step
	for _, s := range specs {
		id, after, found := strings.Cut(s, ":")
		var needs []string
		if found {
			needs = strings.Split(after, ",")
		}
		out = append(out, &fake{id: id, spec: "v1", needs: needs, world: c})
	}
	return out
}

// result is what one run gave.
type result struct {
	sum    Summary
	err    error
	events []Event
}

func (r result) kinds(id string) []EventKind {
	var out []EventKind
	for _, e := range r.events {
		if e.StepID == id {
			out = append(out, e.Kind)
		}
	}
	return out
}

func (r result) last(id string) Event {
	var last Event
	for _, e := range r.events {
		if e.StepID == id {
			last = e
		}
	}
	return last
}

// testWait bounds every wait in the steps tests: a runner that hangs fails
// its test with a message instead of hanging the package until go test's
// 10-minute limit.
const testWait = 10 * time.Second

// await receives from ch within testWait, or fails the test saying what did
// not happen. Only the test's own goroutine may call it (it calls Fatal).
func await[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(testWait):
		t.Fatalf("gave up after %v waiting for %s", testWait, what)
		panic("unreachable")
	}
}

// quiet fails the test if ch delivers within d: something happened that
// must not have happened yet.
func quiet[T any](t testing.TB, ch <-chan T, d time.Duration, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatal(what)
	case <-time.After(d):
	}
}

// runPlan runs r, collecting its events. It may run in a goroutine of its
// own: a Run that does not return within testWait is an error (not Fatal)
// and gives an error result.
func runPlan(t *testing.T, ctx context.Context, r *Runner) result {
	t.Helper()
	ch := make(chan Event, 16)
	r.Events = ch
	var events []Event
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range ch {
			events = append(events, e)
		}
	}()
	ran := make(chan result, 1)
	go func() {
		sum, err := r.Run(ctx)
		ran <- result{sum: sum, err: err}
	}()
	var res result
	select {
	case res = <-ran:
	case <-time.After(testWait):
		t.Errorf("Runner.Run did not return within %v", testWait)
		return result{err: fmt.Errorf("Runner.Run did not return within %v", testWait)}
	}
	select {
	case <-done:
	case <-time.After(testWait):
		t.Errorf("Runner.Run returned but did not close its event channel within %v", testWait)
		return result{err: fmt.Errorf("the event channel was left open")}
	}
	res.events = events
	return res
}

// openStore opens a store in dir, closed when the test ends.
func openStore(t *testing.T, dir string) *checkpoint.Store {
	t.Helper()
	st, err := checkpoint.Open(dir, checkpoint.Options{Command: "almwiz apply -f test.yaml"})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func fastRetries(int) time.Duration { return time.Millisecond }
