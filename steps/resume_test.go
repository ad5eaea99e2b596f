package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"almwiz/steps/checkpoint"
)

// runIn runs plan against the checkpoint in dir, as one process would.
func runIn(t *testing.T, dir string, plan *Plan) result {
	t.Helper()
	store := openStore(t, dir)
	res := runPlan(t, context.Background(), &Runner{Plan: plan, Store: store, Backoff: fastRetries})
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestResumeReobservesDoneStepsAndRerunsDrifted(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	plan := &Plan{Steps: fakes(c, "a", "b:a", "c:b")}
	if res := runIn(t, dir, plan); res.err != nil || res.sum.Created != 3 {
		t.Fatalf("first run: %v %+v", res.err, res.sum)
	}
	c.remove("b") // someone deleted it in the portal
	res := runIn(t, dir, plan)
	if res.err != nil {
		t.Fatal(res.err)
	}
	for id, want := range map[string]EventKind{"a": EventUnchanged, "b": EventCreated, "c": EventUnchanged} {
		if got := res.last(id).Kind; got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
		if n := c.count(c.observed, id); n != 2 {
			t.Errorf("%s observed %d times, want 2 (done steps are re-observed)", id, n)
		}
	}
}

func TestSpecChangeRerunsOnlyThatStep(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	list := fakes(c, "a", "b:a", "c:b")
	// b's Observe cannot see the difference; the recorded spec hash can.
	list[1].(*fake).observe = func(context.Context, *Env) (Observation, error) {
		_, ok := c.get("b")
		return Observation{Exists: ok, Matches: ok, Outputs: map[string]string{"id": "obj-b"}}, nil
	}
	plan := &Plan{Steps: list}
	runIn(t, dir, plan)
	list[1].(*fake).spec = "v2"
	st, _ := checkpoint.Load(dir)
	var changed []string
	for _, ch := range plan.Diff(st) {
		if ch.Kind == ChangeSpec {
			changed = append(changed, ch.StepID)
		}
	}
	if !slices.Equal(changed, []string{"b"}) {
		t.Errorf("Diff says changed by the profile: %v, want [b]", changed)
	}
	res := runIn(t, dir, plan)
	for id, want := range map[string]int{"a": 1, "b": 2, "c": 1} {
		if got := c.count(c.applied, id); got != want {
			t.Errorf("%s applied %d times, want %d", id, got, want)
		}
	}
	if !slices.Contains(res.kinds("b"), EventProgress) {
		t.Errorf("b: no progress saying it changed by the profile")
	}
}

func TestSecretsNeverReachTheCheckpointOrEvents(t *testing.T) {
	const secret = "Zq8~client-secret-value-Xy"
	c := newFakeCloud()
	dir := t.TempDir()
	leaky := &fake{id: "leaky", spec: "v1", world: c}
	leaky.apply = func(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
		env.PutSecret("client-secret", secret)
		env.Progress("created secret " + secret)
		env.SetOutput("secret", secret)
		return Outcome{Result: ResultCreated}, nil
	}
	consumer := &fake{id: "consumer", spec: "v1", world: c, needs: []string{"leaky"}}
	res := runIn(t, dir, &Plan{Steps: []Step{leaky, consumer}})
	if e := res.last("leaky"); e.Kind != EventFailed || !strings.Contains(e.Error, "is a secret") {
		t.Errorf("leaky: %s %q, want failed: an output that is a secret is refused", e.Kind, e.Error)
	}
	for _, name := range []string{checkpoint.FileName, checkpoint.BackupName} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s contains the secret:\n%s", name, data)
		}
	}
	if len(res.events) == 0 {
		t.Fatal("the run emitted no events to scan")
	}
	events, _ := json.Marshal(res.events)
	if bytes.Contains(events, []byte(secret)) {
		t.Errorf("events contain the secret")
	}
}

func TestStoreFilterRedactsSecretsInEveryText(t *testing.T) {
	v := NewVault()
	v.Put("s", "hunter2-secret")
	store := checkpoint.Memory("p", "")
	store.SetFilter(v.Redact)
	_ = store.Update(func(st *checkpoint.State) {
		rec := st.Step("x")
		rec.Outputs = map[string]string{"k": "hunter2-secret"}
		rec.Error = "bad secret hunter2-secret rejected"
	})
	rec, _ := store.State().Lookup("x")
	if rec.Outputs["k"] != Redacted || strings.Contains(rec.Error, "hunter2") {
		t.Errorf("record after filter: %+v", rec)
	}
}

// secretApp mints a secret for its consumers, removing orphans first.
func secretApp(c *fakeCloud, minted, removed *[]string) *fake {
	f := &fake{id: "app-secret", spec: "v1", world: c}
	f.observe = func(ctx context.Context, env *Env) (Observation, error) {
		_, ok := env.Secret("client-secret")
		return Observation{Exists: ok, Matches: ok && len(env.PendingSecretKeys()) == 0}, nil
	}
	f.apply = func(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
		for _, k := range env.PendingSecretKeys() {
			*removed = append(*removed, k)
			if err := env.ForgetSecretKey(k); err != nil {
				return Outcome{}, err
			}
		}
		key := "key-" + string(rune('1'+len(*minted)))
		*minted = append(*minted, key)
		if err := env.RecordSecretKey(key, "connection", "variables"); err != nil {
			return Outcome{}, err
		}
		env.PutSecret("client-secret", "value-of-"+key+"-0123456789")
		env.SetOutput("id", "obj-app-secret")
		return Outcome{Result: ResultCreated}, nil
	}
	return f
}

func TestOrphanedSecretIsFoundByKeyIDAndReplacedOnResume(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	var minted, removed []string
	consumers := fakes(c, "connection:app-secret", "variables:app-secret")
	failOnce := true
	consumers[1].(*fake).apply = func(ctx context.Context, env *Env, obs Observation) (Outcome, error) {
		if _, ok := env.Secret("client-secret"); !ok {
			return Outcome{}, &StepError{StepID: "variables", Err: os.ErrNotExist}
		}
		if failOnce {
			failOnce = false
			return Outcome{}, &StepError{StepID: "variables", Err: os.ErrPermission, Suggestion: "ask a Project Administrator"}
		}
		return Outcome{Result: ResultCreated}, nil
	}
	plan := &Plan{Steps: append([]Step{secretApp(c, &minted, &removed)}, consumers...)}
	runIn(t, dir, plan)
	st, _ := checkpoint.Load(dir)
	if len(st.PendingSecrets) != 1 || st.PendingSecrets[0].KeyID != "key-1" {
		t.Fatalf("after a consumer failed: pending %+v, want key-1", st.PendingSecrets)
	}
	if res := runIn(t, dir, plan); res.err != nil {
		t.Fatal(res.err)
	}
	if n := c.count(c.applied, "connection"); n != 2 {
		t.Errorf("connection applied %d times, want 2: it must receive the new secret", n)
	}
	if !slices.Equal(removed, []string{"key-1"}) || !slices.Equal(minted, []string{"key-1", "key-2"}) {
		t.Errorf("removed %v, minted %v; want key-1 removed and key-2 minted", removed, minted)
	}
	st, _ = checkpoint.Load(dir)
	if len(st.PendingSecrets) != 0 {
		t.Errorf("pending after every consumer finished: %+v", st.PendingSecrets)
	}
}

func TestScopedApplyReadsOutputsOfOtherScopesFromTheCheckpoint(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	app := &fake{id: "app", scope: ScopeEntra, spec: "v1", world: c}
	conn := &fake{id: "conn", scope: ScopeDevOps, spec: "v1", world: c, needs: []string{"app"}}
	plan := &Plan{Steps: []Step{app, conn}}

	res := runIn(t, dir, plan.Filter(ScopeDevOps))
	if e := res.last("conn"); e.Kind != EventSkipped || e.Message != "needs app" {
		t.Errorf("devops before entra: conn %s %q, want skipped: needs app", e.Kind, e.Message)
	}
	res = runIn(t, dir, plan.Filter(ScopeEntra))
	if res.last("app").Kind != EventCreated || res.last("conn").Kind != EventSkipped || c.count(c.observed, "conn") != 0 {
		t.Errorf("entra run: app %s, conn %s", res.last("app").Kind, res.last("conn").Kind)
	}
	res = runIn(t, dir, plan.Filter(ScopeDevOps))
	if res.last("conn").Kind != EventCreated || c.count(c.observed, "app") != 1 {
		t.Errorf("devops after entra: conn %s (%v), app observed %d times", res.last("conn").Kind, res.err, c.count(c.observed, "app"))
	}
}

func TestDestroyRemovesOnlyWhatThisInstallationCreated(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	c.set("existing", "v1") // found already there
	plan := &Plan{Steps: fakes(c, "existing", "ours:existing", "child:ours")}
	runIn(t, dir, plan)
	store := openStore(t, dir)
	ch := make(chan Event, 64)
	sum, err := (&Runner{Plan: plan, Store: store, Events: ch}).Destroy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for e := range ch {
		if e.Kind == EventDeleted {
			order = append(order, e.StepID)
		}
	}
	if !slices.Equal(order, []string{"child", "ours"}) || sum.Deleted != 2 || sum.Skipped != 1 {
		t.Errorf("deleted %v (%+v), want [child ours], existing left in place", order, sum)
	}
	if _, ok := c.get("existing"); !ok {
		t.Errorf("destroy removed a resource it found already there")
	}
}

func TestResourceCreatedByACrashedRunIsStillOurs(t *testing.T) {
	c := newFakeCloud()
	dir := t.TempDir()
	store := openStore(t, dir)
	_ = store.Update(func(st *checkpoint.State) {
		no := false
		rec := st.Step("app")
		rec.Status, rec.FoundExisting = checkpoint.StatusRunning, &no
	})
	_ = store.Close()
	c.set("app", "v1") // created, then the process died before saving "done"
	runIn(t, dir, &Plan{Steps: fakes(c, "app")})
	st, _ := checkpoint.Load(dir)
	if !st.Steps["app"].CreatedByUs {
		t.Errorf("a resource absent at the first observation is not recorded as created by us")
	}
}
