package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestRunnerBoundsStepsInFlight(t *testing.T) {
	tests := []struct {
		name        string
		parallelism int
		limits      map[string]int
		perScope    map[string]int // steps of each scope
		wantMax     map[string]int // "" is all scopes
	}{
		{"parallelism 3", 3, map[string]int{}, map[string]int{ScopeDevOps: 12}, map[string]int{"": 3}},
		{"parallelism 1 runs one at a time", 1, nil, map[string]int{ScopeDevOps: 4, ScopeEntra: 4}, map[string]int{"": 1}},
		{"per-service bounds", 8, map[string]int{ScopeDevOps: 2, ScopeEntra: 3},
			map[string]int{ScopeDevOps: 10, ScopeEntra: 10}, map[string]int{"": 5, ScopeDevOps: 2, ScopeEntra: 3}},
		{"default limits", 0, nil, map[string]int{ScopeDevOps: 10, ScopeEntra: 10, ScopePowerPlatform: 10},
			map[string]int{"": 12, ScopeDevOps: 4, ScopeEntra: 4, ScopePowerPlatform: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFakeCloud()
			var list []Step
			for scope, n := range tt.perScope {
				for i := range n {
					list = append(list, &fake{id: fmt.Sprintf("%s/%d", scope, i), scope: scope, spec: "v1", world: c, delay: 80 * time.Millisecond})
				}
			}
			r := &Runner{Plan: &Plan{Steps: list}, Parallelism: tt.parallelism, Limits: tt.limits}
			if res := runPlan(t, context.Background(), r); res.err != nil {
				t.Fatal(res.err)
			}
			for scope, want := range tt.wantMax {
				if got := c.count(c.maxFlight, scope); got != want {
					t.Errorf("max in flight %q = %d, want %d", scope, got, want)
				}
			}
		})
	}
}

func TestDependentsStartAfterTheOutputsTheyNeed(t *testing.T) {
	c := newFakeCloud()
	list := fakes(c, "app", "sp:app", "group:app", "conn:sp,group")
	res := runPlan(t, context.Background(), &Runner{Plan: &Plan{Steps: list}})
	if res.err != nil {
		t.Fatal(res.err)
	}
	if res.sum.Created != 4 {
		t.Errorf("Created = %d, want 4 (%+v)", res.sum.Created, res.sum)
	}
	finished := map[string]int{}
	for i, e := range res.events {
		if e.Kind == EventCreated {
			finished[e.StepID] = i
		}
		if e.Kind == EventStarted {
			for _, n := range (&Plan{Steps: list}).Step(e.StepID).Needs() {
				if _, ok := finished[n]; !ok {
					t.Errorf("%s started before %s finished", e.StepID, n)
				}
			}
		}
	}
}

// flaky fails its first n applies with err.
func flaky(c *fakeCloud, id string, n int, err error) *fake {
	f := &fake{id: id, spec: "v1", world: c}
	tries := 0
	f.apply = func(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
		if tries++; tries <= n {
			return Outcome{}, err
		}
		c.set(id, "v1")
		return Outcome{Result: ResultCreated}, nil
	}
	return f
}

type throttled struct{}

func (throttled) Error() string   { return "429 too many requests" }
func (throttled) Transient() bool { return true }

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		failures  int
		err       error
		wantKind  EventKind
		wantTries int
	}{
		{"a transient StepError is retried until it succeeds", 2, &StepError{StepID: "s", Err: errors.New("replication delay"), Transient: true}, EventCreated, 3},
		{"an error with Transient() is retried", 1, fmt.Errorf("create: %w", throttled{}), EventCreated, 2},
		{"attempts are bounded", 5, throttled{}, EventFailed, 3},
		{"a permanent error is not retried", 1, &StepError{StepID: "s", Err: errors.New("403 forbidden"), Suggestion: "ask a Global Administrator"}, EventFailed, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newFakeCloud()
			r := &Runner{Plan: &Plan{Steps: []Step{flaky(c, "s", tt.failures, tt.err)}}, Backoff: fastRetries}
			res := runPlan(t, context.Background(), r)
			last := res.last("s")
			if last.Kind != tt.wantKind || last.Attempt != tt.wantTries || c.count(c.applied, "s") != tt.wantTries {
				t.Errorf("last event %s after %d attempts (%d applies), want %s after %d", last.Kind, last.Attempt, c.count(c.applied, "s"), tt.wantKind, tt.wantTries)
			}
			if tt.wantKind == EventFailed && (last.Error == "" || !errors.As(res.err, new(*FailedError))) {
				t.Errorf("failed event %+v, run error %v", last, res.err)
			}
			if strings := res.kinds("s"); tt.wantTries > 1 && !slices.Contains(strings, EventProgress) {
				t.Errorf("no retry progress in %v", strings)
			}
		})
	}
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	c := newFakeCloud()
	f := &fake{id: "slow", spec: "v1", world: c}
	tries := 0
	f.apply = func(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
		if tries++; tries == 1 {
			select {
			case <-ctx.Done():
			case <-time.After(testWait):
				return Outcome{}, fmt.Errorf("the attempt's context did not time out within %v", testWait)
			}
			return Outcome{}, ctx.Err()
		}
		return Outcome{Result: ResultCreated}, nil
	}
	r := &Runner{Plan: &Plan{Steps: []Step{f}}, AttemptTimeout: 20 * time.Millisecond, Backoff: fastRetries}
	if res := runPlan(t, context.Background(), r); res.err != nil || res.last("slow").Attempt != 2 {
		t.Errorf("err %v, last event %+v; want created on attempt 2", res.err, res.last("slow"))
	}
}

func TestPermanentFailureStopsSchedulingButRunningStepsFinish(t *testing.T) {
	c := newFakeCloud()
	bad := flaky(c, "bad", 9, errors.New("400 bad request"))
	slow := &fake{id: "slow", spec: "v1", world: c, delay: 60 * time.Millisecond}
	list := append([]Step{bad, slow}, fakes(c, "later1", "later2", "later3")...)
	res := runPlan(t, context.Background(), &Runner{Plan: &Plan{Steps: list}, Parallelism: 2})
	var fe *FailedError
	if !errors.As(res.err, &fe) || !slices.Equal(fe.Steps, []string{"bad"}) {
		t.Fatalf("err = %v, want FailedError for bad", res.err)
	}
	if k := res.last("slow").Kind; k != EventCreated {
		t.Errorf("slow ended %s, want created (running steps finish)", k)
	}
	for _, id := range []string{"later1", "later2", "later3"} {
		if e := res.last(id); e.Kind != EventSkipped || c.count(c.observed, id) != 0 {
			t.Errorf("%s: last %s %q, observed %d times; want skipped, never started", id, e.Kind, e.Message, c.count(c.observed, id))
		}
	}
	if res.sum.Failed != 1 || res.sum.Created != 1 || res.sum.Skipped != 3 {
		t.Errorf("summary %+v", res.sum)
	}
}

func TestContinueOnErrorSkipsOnlyDependents(t *testing.T) {
	c := newFakeCloud()
	list := append([]Step{flaky(c, "bad", 9, errors.New("400"))}, fakes(c, "child:bad", "grandchild:child", "other", "other2:other")...)
	res := runPlan(t, context.Background(), &Runner{Plan: &Plan{Steps: list}, ContinueOnError: true, Parallelism: 1})
	for id, want := range map[string]string{"child": "needs bad", "grandchild": "needs child"} {
		if e := res.last(id); e.Kind != EventSkipped || e.Message != want {
			t.Errorf("%s: %s %q, want skipped %q", id, e.Kind, e.Message, want)
		}
	}
	for _, id := range []string{"other", "other2"} {
		if k := res.last(id).Kind; k != EventCreated {
			t.Errorf("%s: %s, want created", id, k)
		}
	}
}

func TestEventsPlannedFirstDoneLastWithSummary(t *testing.T) {
	c := newFakeCloud()
	c.set("same", "v1")
	list := fakes(c, "same", "new:same", "manual")
	list[2].(*fake).apply = func(context.Context, *Env, Observation) (Outcome, error) {
		return Manual("grant admin consent", "https://portal.azure.com/#consent"), nil
	}
	list = append(list, fakes(c, "after:manual")...)
	res := runPlan(t, context.Background(), &Runner{Plan: &Plan{Steps: list}})
	for i, e := range res.events[:len(list)] {
		if e.Kind != EventPlanned {
			t.Fatalf("event %d is %s, want every planned event first", i, e.Kind)
		}
	}
	last := res.events[len(res.events)-1]
	if last.Kind != EventDone || last.Summary == nil {
		t.Fatalf("last event %+v, want done with summary", last)
	}
	want := Summary{Created: 1, Unchanged: 1, Manual: 1, Skipped: 1}
	got := *last.Summary
	got.Elapsed = 0
	if got != want {
		t.Errorf("summary %+v, want %+v", got, want)
	}
	if m := res.last("manual"); m.Link == "" || m.Message != "grant admin consent" {
		t.Errorf("manual event %+v", m)
	}
	if a := res.last("after"); a.Message != "needs manual" {
		t.Errorf("after: %+v", a)
	}
}

func TestInvalidPlanIsRefusedBeforeAnythingRuns(t *testing.T) {
	c := newFakeCloud()
	res := runPlan(t, context.Background(), &Runner{Plan: &Plan{Steps: fakes(c, "a:b", "b:a")}})
	if res.err == nil || len(res.events) != 0 || c.count(c.observed, "a") != 0 {
		t.Errorf("err %v, %d events", res.err, len(res.events))
	}
}

// Two Azure DevOps organizations are throttled apart by the service, so each
// gets its own bound: ten steps of each run four and four at once.
func TestEachServiceInstanceHasItsOwnBound(t *testing.T) {
	c := newFakeCloud()
	var list []Step
	for _, org := range []string{"contoso", "fabrikam"} {
		for i := range 10 {
			list = append(list, &orgStep{fake{id: fmt.Sprintf("%s/%d", org, i), scope: ScopeDevOps, spec: "v1", world: c, delay: 15 * time.Millisecond}, org})
		}
	}
	r := &Runner{Plan: &Plan{Steps: list}}
	if res := runPlan(t, context.Background(), r); res.err != nil {
		t.Fatal(res.err)
	}
	if got := c.count(c.maxFlight, ScopeDevOps); got != 8 {
		t.Errorf("max in flight across two organizations = %d, want 4 + 4", got)
	}
}

// orgStep is a fake step of one Azure DevOps organization.
type orgStep struct {
	fake
	org string
}

func (o *orgStep) Service() string { return "Azure DevOps · " + o.org }
