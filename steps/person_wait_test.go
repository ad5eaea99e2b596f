package steps

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// watchRun runs r, calling on for each event as it comes (off the runner's
// goroutine), and returns the run's result.
func watchRun(t *testing.T, r *Runner, on func(Event)) result {
	t.Helper()
	ch := make(chan Event, 16)
	r.Events = ch
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	ran := make(chan result, 1)
	go func() {
		sum, err := r.Run(ctx)
		ran <- result{sum: sum, err: err}
	}()
	var events []Event
	for e := range ch {
		events = append(events, e)
		on(e)
	}
	res := <-ran
	res.events = events
	return res
}

// The person creates the connections on the sandbox's stand-in maker page
// while the runner waits; the step then binds them and counts as done, in
// the same run.
func TestWaitForPersonFinishesTheConnectionsStepInTheSameRun(t *testing.T) {
	h := newHarness(t, "demo", sandbox.Options{OperationDelay: 50 * time.Millisecond})
	p := newPPRunner(h)
	store, err := checkpoint.Open(p.dir, checkpoint.Options{Command: "almwiz wizard"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	host := IDHostStep("host", "connection-references")
	// An hour: only Recheck, after the page's clicks, checks again.
	r := &Runner{Plan: p.plan(h), Store: store, Backoff: fastRetries, WaitForPerson: time.Hour}
	var clicked atomic.Bool
	res := watchRun(t, r, func(e Event) {
		if e.StepID != host || e.Kind != EventProgress || !strings.HasPrefix(e.Message, "waiting for a person — re-checking every 60 min: ") {
			return
		}
		if e.Link == "" || !strings.Contains(e.Message, "Create ") {
			t.Errorf("the wait does not say what and where: %+v", e)
		}
		if strings.Contains(e.Message, "almwiz resume") {
			t.Errorf("while it waits, the run tells the admin to resume: %s", e.Message)
		}
		if clicked.CompareAndSwap(false, true) {
			go func() { clickMakerPage(t, h, e.Link); r.Recheck() }()
		}
	})
	if !clicked.Load() {
		t.Fatalf("the connections step never waited for a person: %v", ppKinds(res))
	}
	if res.err != nil || res.sum.Manual != 0 || res.sum.Skipped != 0 {
		t.Fatalf("run: %v %+v\n%v", res.err, res.sum, ppKinds(res))
	}
	if k := res.last(host).Kind; k != EventUpdated {
		t.Errorf("connection references: %s, want updated", k)
	}
	st, _ := checkpoint.Load(p.dir)
	if rec, _ := st.Lookup(host); rec.Status != checkpoint.StatusDone {
		t.Errorf("checkpoint: %s, want done", rec.Status)
	}
}

// clickMakerPage presses each connector's button on the stand-in page.
func clickMakerPage(t *testing.T, h *harness, link string) {
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("link %q: %v", link, err)
		return
	}
	q := u.Query()
	for _, api := range []string{"shared_commondataservice", "shared_commondataserviceforapps", "shared_powerappsforappmakers", "shared_webcontents"} {
		form := url.Values{"api": {api}, "owner": {q.Get("owner")}, "ownerName": {q.Get("ownerName")}}
		resp, err := h.srv.Client().PostForm(u.Scheme+"://"+u.Host+u.Path, form)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("create a %s connection on %s: %v %v", api, link, err, resp)
			return
		}
		resp.Body.Close()
	}
}

func TestWaitForPersonRechecksStopsAndIsOffByDefault(t *testing.T) {
	personStep := func(c *fakeCloud, done *atomic.Bool) []Step {
		list := fakes(c, "consent", "after:consent")
		list[0].(*fake).apply = func(_ context.Context, env *Env, _ Observation) (Outcome, error) {
			if done.Load() {
				env.SetOutput("id", "obj-consent")
				return Outcome{Result: ResultCreated}, nil
			}
			return Manual("grant admin consent", "https://consent.example/"), nil
		}
		return list
	}
	t.Run("the interval re-checks and the dependant runs", func(t *testing.T) {
		var done atomic.Bool
		c := newFakeCloud()
		r := &Runner{Plan: &Plan{Steps: personStep(c, &done)}, WaitForPerson: 20 * time.Millisecond}
		waits := 0
		res := watchRun(t, r, func(e Event) {
			if e.Kind == EventProgress && strings.HasPrefix(e.Message, "waiting for a person — re-checking every 0.02 s: grant admin consent") {
				if waits++; waits == 2 {
					done.Store(true)
				}
			}
		})
		if res.err != nil || res.sum.Manual != 0 || res.last("after").Kind != EventCreated {
			t.Fatalf("%v %+v %v", res.err, res.sum, res.kinds("after"))
		}
	})
	t.Run("StopWaiting leaves it for a person", func(t *testing.T) {
		var done atomic.Bool
		r := &Runner{Plan: &Plan{Steps: personStep(newFakeCloud(), &done)}, WaitForPerson: time.Hour}
		res := watchRun(t, r, func(e Event) {
			if e.Kind == EventProgress && strings.HasPrefix(e.Message, "waiting for a person") {
				go r.StopWaiting()
			}
		})
		if res.err != nil || res.sum.Manual != 1 || res.last("consent").Link != "https://consent.example/" {
			t.Fatalf("%v %+v %v", res.err, res.sum, res.kinds("consent"))
		}
	})
	t.Run("without WaitForPerson the run ends at once", func(t *testing.T) {
		var done atomic.Bool
		res := watchRun(t, &Runner{Plan: &Plan{Steps: personStep(newFakeCloud(), &done)}}, func(e Event) {
			if e.Kind == EventProgress && strings.HasPrefix(e.Message, "waiting for a person") {
				t.Errorf("waited: %+v", e)
			}
		})
		if res.sum.Manual != 1 {
			t.Fatalf("%+v", res.sum)
		}
	})
}
