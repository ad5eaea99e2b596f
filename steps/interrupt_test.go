package steps

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"almwiz/steps/checkpoint"
)

// blocker is a step whose Apply blocks until release is closed or its
// context ends (at most testWait); it reports the context it saw.
func blocker(c *fakeCloud, id string, release chan struct{}, started chan<- struct{}, sawCtxErr chan<- error) *fake {
	f := &fake{id: id, spec: "v1", world: c}
	f.apply = func(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
		close(started)
		select {
		case <-release:
		case <-ctx.Done():
		case <-time.After(testWait):
			err := fmt.Errorf("step %s was neither released nor cancelled within %v", id, testWait)
			sawCtxErr <- err
			return Outcome{}, err
		}
		sawCtxErr <- ctx.Err()
		if ctx.Err() != nil {
			return Outcome{}, ctx.Err()
		}
		return Outcome{Result: ResultCreated}, nil
	}
	return f
}

func TestFirstCancelWaitsForStepsInFlightAndSaves(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	release, started, sawErr := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	list := append([]Step{blocker(c, "slow", release, started, sawErr)}, fakes(c, "after:slow")...)
	ctx, cancel := context.WithCancel(context.Background())
	r := &Runner{Plan: &Plan{Steps: list}, Store: openStore(t, dir)}
	done := make(chan result)
	go func() { done <- runPlan(t, ctx, r) }()
	await(t, started, "the slow step to start")
	cancel()
	quiet(t, done, 50*time.Millisecond, "Run returned before the step in flight finished")
	close(release)
	res := await(t, done, "Run to return after the step in flight finished")
	var ie *InterruptedError
	if !errors.As(res.err, &ie) || ie.Aborted || !res.sum.Interrupted {
		t.Fatalf("err = %v, summary %+v; want interrupted, not aborted", res.err, res.sum)
	}
	if err := await(t, sawErr, "the step in flight to report its context"); err != nil {
		t.Errorf("the step in flight saw its context cancelled (%v); it must run on", err)
	}
	st, _ := checkpoint.Load(dir)
	if st.Steps["slow"].Status != checkpoint.StatusDone {
		t.Errorf("slow is %s in state.json, want done", st.Steps["slow"].Status)
	}
	if _, ok := st.Steps["after"]; ok || c.count(c.observed, "after") != 0 {
		t.Errorf("after was started after the interrupt")
	}
}

func TestAbortReturnsAtOnceWithCheckpointSaved(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	release, started, sawErr := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	list := append(fakes(c, "first"), blocker(c, "stuck", release, started, sawErr))
	list[1].(*fake).needs = []string{"first"}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Runner{Plan: &Plan{Steps: list}, Store: openStore(t, dir)}
	done := make(chan result)
	go func() { done <- runPlan(t, ctx, r) }()
	await(t, started, "the stuck step to start")
	cancel()
	r.Abort()
	var res result
	select {
	case res = <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return within 2 s of Abort")
	}
	var ie *InterruptedError
	if !errors.As(res.err, &ie) || !ie.Aborted || ie.ExitCode() != 130 {
		t.Fatalf("err = %v, want aborted InterruptedError (exit 130)", res.err)
	}
	await(t, sawErr, "the aborted step to see its context cancelled") // it returns an error
	time.Sleep(20 * time.Millisecond)
	st, err := checkpoint.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Steps["first"].Status != checkpoint.StatusDone || st.Steps["stuck"].Status != checkpoint.StatusRunning {
		t.Errorf("state.json: first %s, stuck %s; want done, running", st.Steps["first"].Status, st.Steps["stuck"].Status)
	}
	if res.events[len(res.events)-1].Kind != EventDone {
		t.Errorf("last event is not done")
	}
}

func TestDrainTimeoutGivesUpWaiting(t *testing.T) {
	c := newFakeCloud()
	release, started, sawErr := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	r := &Runner{Plan: &Plan{Steps: []Step{blocker(c, "stuck", release, started, sawErr)}}, DrainTimeout: 30 * time.Millisecond}
	done := make(chan result)
	go func() { done <- runPlan(t, ctx, r) }()
	await(t, started, "the stuck step to start")
	cancel()
	res := await(t, done, "Run to give up after its 30 ms drain timeout")
	var ie *InterruptedError
	if !errors.As(res.err, &ie) || !ie.Aborted {
		t.Errorf("err = %v, want aborted after the drain timeout", res.err)
	}
	if err := await(t, sawErr, "the stuck step to see its context cancelled"); !errors.Is(err, context.Canceled) {
		t.Errorf("step context: %v, want cancelled once the run gave up", err)
	}
}

func TestResumeReattachesToTheRecordedOperation(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	var seen []string
	project := &fake{id: "project", spec: "v1", world: c}
	var r *Runner
	ctx, kill := context.WithCancel(context.Background())
	project.apply = func(actx context.Context, env *Env, obs Observation) (Outcome, error) {
		seen = append(seen, env.Operation())
		if env.Operation() == "" {
			if err := env.RecordOperation("https://dev.azure.com/contoso/_apis/operations/42"); err != nil {
				return Outcome{}, err
			}
			kill() // the process dies while waiting on the operation
			r.Abort()
			select {
			case <-actx.Done():
			case <-time.After(testWait):
				return Outcome{}, fmt.Errorf("the step's context was not cancelled within %v of Abort", testWait)
			}
			return Outcome{}, actx.Err()
		}
		c.set("project", "v1")
		return Outcome{Result: ResultCreated}, nil
	}
	plan := &Plan{Steps: []Step{project}}
	store := openStore(t, dir)
	r = &Runner{Plan: plan, Store: store}
	runPlan(t, ctx, r)
	_ = store.Close()

	r = &Runner{Plan: plan, Store: openStore(t, dir)}
	res := runPlan(t, context.Background(), r)
	if res.err != nil {
		t.Fatal(res.err)
	}
	want := []string{"", "https://dev.azure.com/contoso/_apis/operations/42"}
	if len(seen) != 2 || seen[1] != want[1] {
		t.Errorf("Apply saw operations %q, want %q", seen, want)
	}
	st, _ := checkpoint.Load(dir)
	if rec := st.Steps["project"]; rec.Operation != "" || !rec.CreatedByUs {
		t.Errorf("after finishing: operation %q, created by us %v; want cleared, true", rec.Operation, rec.CreatedByUs)
	}
}
