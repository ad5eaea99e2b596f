package steps

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/sandbox"
	"almwiz/steps/checkpoint"
)

// installed runs the whole plan of preset to the end on a sandbox: apply,
// the person's step (the connections), resume.
func installed(t *testing.T, preset string) (*harness, *ppRunner) {
	t.Helper()
	h := newHarness(t, preset, sandbox.Options{})
	p := newPPRunner(h)
	p.plan = func(h *harness) *Plan { return h.plan() }
	if res := p.run(nil); res.err != nil {
		t.Fatalf("install: %v", res.err)
	}
	p.createConnections(h.profile.Environments[0].DataverseURL(newBuild(h.profile, h.clients).cloud))
	if res := p.run(nil); res.err != nil || res.sum.Manual != 0 {
		t.Fatalf("resume: %v %+v", res.err, res.sum)
	}
	return h, p
}

// doctor checks the plan against the checkpoint p's runs left, in memory.
func (p *ppRunner) doctor(o CheckOptions) Report {
	p.h.t.Helper()
	st, err := checkpoint.Load(p.dir)
	if err != nil {
		p.h.t.Fatal(err)
	}
	r := &Runner{Plan: p.plan(p.h), Store: CheckStore(st), Backoff: fastRetries}
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	rep, err := r.Check(ctx, o)
	if err != nil {
		p.h.t.Fatalf("check: %v", err)
	}
	return rep
}

// applyThenHealthy runs apply and fails t unless doctor then finds the
// installation healthy: the repair half of every broken-state test.
func (p *ppRunner) applyThenHealthy(t *testing.T) {
	t.Helper()
	if res := p.run(nil); res.err != nil {
		t.Fatalf("apply: %v", res.err)
	}
	if bad := unhealthy(p.doctor(CheckOptions{})); len(bad) > 0 {
		t.Errorf("after apply doctor still finds:\n%s", strings.Join(bad, "\n"))
	}
}

func unhealthy(rep Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Health != HealthHealthy {
			out = append(out, string(f.Health)+" "+f.StepID+": "+f.Detail)
		}
	}
	return out
}

func TestDoctorFindsAFreshInstallHealthyAndWritesNothing(t *testing.T) {
	for _, preset := range profiles.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			t.Parallel()
			h, p := installed(t, preset)
			mark := len(h.requests())
			before, _ := checkpoint.Load(p.dir)
			rep := p.doctor(CheckOptions{})
			if bad := unhealthy(rep); len(bad) > 0 {
				t.Errorf("doctor on a fresh install found:\n%s", strings.Join(bad, "\n"))
			}
			if n := len(rep.Findings); n != len(p.plan(h).Steps) {
				t.Errorf("%d findings for %d steps", n, len(p.plan(h).Steps))
			}
			if w := h.writes(mark); len(w) > 0 {
				t.Errorf("doctor wrote to the cloud: %v", w)
			}
			after, _ := checkpoint.Load(p.dir)
			if !after.Updated.Equal(before.Updated) {
				t.Error("doctor changed the checkpoint on disk")
			}
			reads := len(h.requests()) - mark
			t.Logf("%s: %d steps checked with %d requests (%.2f per step) in %v", preset, len(rep.Findings), reads,
				float64(reads)/float64(len(rep.Findings)), rep.Elapsed.Round(time.Millisecond))
		})
	}
}

// A variable group deleted by hand: doctor reports it missing and the steps
// that need it not checked; apply recreates it; doctor is clean again.
func TestDoctorFindsADeletedVariableGroupAndApplyRepairsIt(t *testing.T) {
	t.Parallel()
	h, p := installed(t, "demo")
	org := h.profile.DevOps.Organizations[0]
	name, project := orgName(org), org.Projects[0].Name
	vg := IDProjectStep(name, project, "variable-group")
	st, _ := checkpoint.Load(p.dir)
	ctx := context.Background()
	c, err := h.clients.DevOps(ctx, newBuild(h.profile, h.clients).tenantDomain(org.Tenant), name)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := strconv.Atoi(st.Steps[vg].Outputs[OutVarGroupID])
	if err := c.DeleteVariableGroup(ctx, st.Steps[IDProjectStep(name, project, "project")].Outputs[OutProjectID], id); err != nil {
		t.Fatal(err)
	}
	rep := p.doctor(CheckOptions{})
	health := map[string]Verdict{}
	for _, f := range rep.Findings {
		health[f.StepID] = f
	}
	if f := health[vg]; f.Health != HealthMissing || f.Role == "" || !strings.Contains(f.Fix, "almwiz apply") {
		t.Errorf("variable group: %+v, want missing with a role and the fix", f)
	}
	perms := IDProjectStep(name, project, "pipeline-permissions")
	if f := health[perms]; f.Health != HealthUnchecked || !strings.Contains(f.Detail, vg) || !f.Blocked {
		t.Errorf("pipeline permissions: %+v, want not checked (blocked), naming the variable group", f)
	}
	if rep.Healthy() {
		t.Error("the report says healthy")
	}
	p.applyThenHealthy(t)
}

// The client secret the consumers hold expires within the warning window,
// and later has expired: doctor says so, with the command that fixes it.
func TestDoctorWarnsOfAnExpiringClientSecret(t *testing.T) {
	t.Parallel()
	h, p := installed(t, "demo")
	lifetime := time.Duration(h.profile.Identity.Credential.LifetimeDays) * 24 * time.Hour
	for _, tc := range []struct {
		name   string
		at     time.Duration
		health Health
		want   string
	}{
		{"well before", lifetime - 60*24*time.Hour, HealthHealthy, ""},
		{"within 30 days", lifetime - 20*24*time.Hour, HealthAtRisk, "expires on"},
		{"expired", lifetime + 24*time.Hour, HealthAtRisk, "every client secret has expired"},
	} {
		now := time.Now().Add(tc.at)
		var f Verdict
		for _, v := range p.doctor(CheckOptions{Now: func() time.Time { return now }}).Findings {
			if v.StepID == IDClientSecret {
				f = v
			}
		}
		if f.Health != tc.health || !strings.Contains(f.Detail, tc.want) || (tc.want != "" && !strings.Contains(f.Fix, "almwiz rotate-secret")) {
			t.Errorf("%s: %+v, want %s %q with the fix almwiz rotate-secret", tc.name, f, tc.health, tc.want)
		}
	}
}

// Things that break installations in the accelerator's issue tracker that
// an admin makes through the real APIs, each broken with the plan's own
// removal of that resource (a disabled application user, revoked admin
// consent): doctor names it with its fix, apply repairs it, doctor is clean
// again. The states the sandbox makes through its control routes are in
// TestDoctorFindsEachBrokenStateAndApplyRepairsIt.
func TestDoctorFindsWhatBreaksAndApplyRepairsIt(t *testing.T) {
	h, p := installed(t, "demo")
	for _, tc := range []struct {
		name, step string
		want       Health
	}{
		{"application user disabled in an environment", IDHostStep("dev", "application-user"), HealthDrifted},
		{"admin consent revoked", IDAdminConsent(h.profile.Tenants[0].Name), HealthMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := p.plan(h)
			step := plan.Step(tc.step)
			if step == nil {
				t.Fatalf("no step %s in the plan", tc.step)
			}
			store, err := checkpoint.Open(p.dir, checkpoint.Options{Command: "an admin"})
			if err != nil {
				t.Fatal(err)
			}
			rn := (&Runner{Plan: plan, Store: store}).newRun()
			err = step.Destroy(context.Background(), newEnv(rn, step))
			_ = store.Close()
			if err != nil {
				t.Fatalf("break %s: %v", tc.step, err)
			}
			var got Verdict
			for _, f := range p.doctor(CheckOptions{}).Findings {
				if f.StepID == tc.step {
					got = f
				}
			}
			if got.Health != tc.want || got.Detail == "" || got.Role == "" || !strings.Contains(got.Fix, "almwiz apply") {
				t.Errorf("%s: %+v, want %s with what differs, the role and the fix", tc.step, got, tc.want)
			}
			p.applyThenHealthy(t)
		})
	}
}

// Before the admin makes the connections, the connection references are
// unbound and the accelerator's flows off: doctor says so; once the
// connections exist, apply binds them and turns the flows on, and doctor is
// clean.
func TestDoctorFindsUnboundConnectionReferencesAndFlowsOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "demo", sandbox.Options{})
	p := newPPRunner(h)
	p.plan = func(h *harness) *Plan { return h.plan() }
	if res := p.run(nil); res.err != nil {
		t.Fatal(res.err)
	}
	got := map[string]Verdict{}
	for _, f := range p.doctor(CheckOptions{}).Findings {
		got[f.StepID] = f
	}
	if f := got[IDHostStep("host", "connection-references")]; f.Health != HealthDrifted || !strings.Contains(f.Detail, "without a connection") {
		t.Errorf("connection references: %+v", f)
	}
	if f := got[IDHostStep("host", "flows")]; f.Health != HealthDrifted || !strings.Contains(f.Detail, "off:") {
		t.Errorf("flows: %+v", f)
	}
	p.createConnections(h.profile.Environments[0].DataverseURL(newBuild(h.profile, h.clients).cloud))
	if res := p.run(nil); res.err != nil {
		t.Fatal(res.err)
	}
	if bad := unhealthy(p.doctor(CheckOptions{})); len(bad) > 0 {
		t.Errorf("after the connections and apply doctor still finds:\n%s", strings.Join(bad, "\n"))
	}
}
