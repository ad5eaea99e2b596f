package steps

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
)

// benchLatency is the fixed latency the sandbox adds to every emulated
// request in the install benchmarks: the order of a real cloud round trip.
const benchLatency = 50 * time.Millisecond

// benchPresets are the presets every install benchmark runs.
var benchPresets = []string{"demo", "enterprise", "multi-tenant"}

// BenchmarkInstallAgainstCriticalPath installs each preset on a sandbox that
// adds 50 ms to every request and compares the runner's wall time with the
// critical path of the plan, weighed by the step durations the run's own
// events show. 1.0 is the best any schedule can do. The same install one
// step at a time (--parallelism 1, the CoE CLI's way) is reported beside it.
func BenchmarkInstallAgainstCriticalPath(b *testing.B) {
	for _, preset := range benchPresets {
		b.Run("preset="+preset, func(b *testing.B) {
			p := benchPreset(b, preset)
			for b.Loop() {
				par := newBenchCloud(b, p).install(context.Background(), b.TempDir(), 0, nil)
				one := newBenchCloud(b, p).install(context.Background(), b.TempDir(), 1, nil)
				b.ReportMetric(par.wall.Seconds(), "wall-s")
				b.ReportMetric(par.critical.Seconds(), "critical-s")
				b.ReportMetric(par.ratio(), "wall/critical")
				b.ReportMetric(one.wall.Seconds(), "wall-p1-s")
				b.ReportMetric(one.ratio(), "wall/critical-p1")
				b.ReportMetric(one.wall.Seconds()/par.wall.Seconds(), "p1/parallel")
				b.Logf("%s: %d steps, critical path %s: %s", preset, len(par.plan.Steps), par.critical.Round(time.Millisecond), par.criticalChain())
				b.Logf("%s: slowest steps: %s", preset, par.slowest(5))
			}
		})
	}
}

// BenchmarkInstallRequestsPerResource counts, from the sandbox's request
// log, the requests of a fresh install per resource it created (resources
// counted from the inventory), then those of a re-run of the completed
// install, which should read each resource once and write nothing. Sign-in
// requests (/login/) are counted apart.
func BenchmarkInstallRequestsPerResource(b *testing.B) {
	for _, preset := range benchPresets {
		b.Run("preset="+preset, func(b *testing.B) {
			p := benchPreset(b, preset)
			for b.Loop() {
				c := newBenchCloud(b, p)
				dir := b.TempDir()
				before := c.inventoryCounts()
				fresh := c.install(context.Background(), dir, 0, nil)
				grown := c.inventoryCounts().minus(before)
				created := grown.total()
				again := c.install(context.Background(), dir, 0, nil)
				reportRequests(b, "fresh", fresh.requests, created)
				b.ReportMetric(float64(countWrites(fresh.requests))/float64(max(fresh.changed(), 1)), "fresh-writes/changed-step")
				reportRequests(b, "rerun", again.requests, created)
				b.ReportMetric(float64(created), "resources")
				b.ReportMetric(float64(c.signIns), "signin-reqs")
				b.Logf("%s: resources created, by kind: %s", preset, grown)
				b.Logf("%s: fresh install, chattiest: %s", preset, chattiest(fresh.requests, 6))
				b.Logf("%s: re-run, chattiest: %s", preset, chattiest(again.requests, 6))
			}
		})
	}
}

// BenchmarkResume measures what resuming costs: a completed install (every
// step re-observed), and one interrupted (cancelled as an admin's Ctrl-C
// does) once half its steps had finished.
func BenchmarkResume(b *testing.B) {
	for _, preset := range benchPresets {
		b.Run("preset="+preset, func(b *testing.B) {
			p := benchPreset(b, preset)
			for b.Loop() {
				c := newBenchCloud(b, p)
				dir := b.TempDir()
				full := c.install(context.Background(), dir, 0, nil)
				done := c.install(context.Background(), dir, 0, nil)
				b.ReportMetric(done.wall.Seconds(), "resume-done-s")
				b.ReportMetric(float64(len(done.requests)), "resume-done-reqs")

				h := newBenchCloud(b, p)
				hdir := b.TempDir()
				ctx, cancel := context.WithCancel(context.Background())
				first := h.install(ctx, hdir, 0, cancelAfterHalf(len(full.plan.Steps), cancel))
				cancel()
				rest := h.install(context.Background(), hdir, 0, nil)
				if rest.err != nil {
					b.Fatalf("resume after the interrupt: %v", rest.err)
				}
				b.ReportMetric(first.wall.Seconds(), "half-first-s")
				b.ReportMetric(rest.wall.Seconds(), "resume-half-s")
				b.ReportMetric(float64(len(rest.requests)), "resume-half-reqs")
				b.ReportMetric((first.wall+rest.wall).Seconds()/full.wall.Seconds(), "split/whole")
				b.Logf("%s: interrupted run finished %d of %d steps", preset, first.finished(), len(first.plan.Steps))
			}
		})
	}
}

// BenchmarkInstallScaling installs a 1:many profile with 10 Azure DevOps
// organizations and 30 environments: wall time should follow the critical
// path, and requests the resource count, as for the presets. It runs with
// the default bounds (8 steps in flight, 4 per service) and with the bounds
// lifted, which shows what they cost.
func BenchmarkInstallScaling(b *testing.B) {
	p := scalingProfile(b, 10, 30)
	lifted := map[string]int{ScopeEntra: 64, ScopeDevOps: 64, ScopePowerPlatform: 64}
	for _, variant := range []struct {
		name        string
		parallelism int
		limits      map[string]int
	}{{"limits=default", 0, nil}, {"limits=lifted", 64, lifted}} {
		b.Run(variant.name, func(b *testing.B) {
			for b.Loop() {
				c := newBenchCloud(b, p)
				c.limits = variant.limits
				dir := b.TempDir()
				before := c.inventoryCounts()
				run := c.install(context.Background(), dir, variant.parallelism, nil)
				created := c.inventoryCounts().minus(before).total()
				b.ReportMetric(float64(len(run.plan.Steps)), "steps")
				b.ReportMetric(run.wall.Seconds(), "wall-s")
				b.ReportMetric(run.critical.Seconds(), "critical-s")
				b.ReportMetric(run.ratio(), "wall/critical")
				b.ReportMetric(run.bound(c.runner(run.plan, variant.parallelism)).Seconds(), "bound-s")
				b.ReportMetric(float64(run.wall)/float64(run.bound(c.runner(run.plan, variant.parallelism))), "wall/bound")
				b.ReportMetric(float64(created), "resources")
				reportRequests(b, "fresh", run.requests, created)
				if variant.limits == nil {
					again := c.install(context.Background(), dir, variant.parallelism, nil)
					reportRequests(b, "rerun", again.requests, created)
				}
				b.Logf("scaling %s: critical path %s: %s", variant.name, run.critical.Round(time.Millisecond), run.criticalChain())
				b.Logf("scaling %s: busy time by scope %s", variant.name, run.busyByScope())
				b.Logf("scaling %s: fresh install, chattiest: %s", variant.name, chattiest(run.requests, 4))
			}
		})
	}
}

// reportRequests reports the requests of one run per resource: writes,
// reads and all, and apart from them the token requests (/login/).
func reportRequests(b *testing.B, prefix string, reqs []benchRequest, resources int) {
	reads, writes, tokens := 0, 0, 0
	for _, r := range reqs {
		switch {
		case r.signIn():
			tokens++
		case r.write():
			writes++
		default:
			reads++
		}
	}
	per := func(n int) float64 { return float64(n) / float64(max(resources, 1)) }
	b.ReportMetric(float64(writes), prefix+"-writes")
	b.ReportMetric(per(writes), prefix+"-writes/res")
	b.ReportMetric(per(reads), prefix+"-reads/res")
	b.ReportMetric(per(reads+writes), prefix+"-reqs/res")
	b.ReportMetric(float64(tokens), prefix+"-token-reqs")
}

// cancelAfterHalf returns an event hook that cancels the run once half of
// its steps have finished.
func cancelAfterHalf(steps int, cancel context.CancelFunc) func(Event) {
	finished := 0
	return func(e Event) {
		if benchFinal(e.Kind) {
			if finished++; finished == steps/2 {
				cancel()
			}
		}
	}
}

func benchPreset(tb testing.TB, name string) *profiles.Profile {
	tb.Helper()
	p, err := profiles.Preset(name)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// scalingProfile is a valid 1:many profile: the enterprise preset's tenant
// and identity, orgs Azure DevOps organizations of one project each, and
// envs existing environments (one host); each project connects to its own
// three environments.
func scalingProfile(tb testing.TB, orgs, envs int) *profiles.Profile {
	tb.Helper()
	base := benchPreset(tb, "enterprise")
	var y strings.Builder
	fmt.Fprintf(&y, "apiVersion: almwiz/v1\nkind: InstallProfile\nmetadata: {name: contoso-scale}\n")
	fmt.Fprintf(&y, "models: {tenant: enterprise, devops: \"1:many\"}\ncloud: public\n")
	fmt.Fprintf(&y, "tenants:\n  contoso: {domain: contoso.onmicrosoft.com, holds: [entra, devops, powerplatform]}\n")
	id := base.Identity
	fmt.Fprintf(&y, "identity:\n  tenant: contoso\n  appRegistration: %s\n  makersGroup: %s\n", id.AppRegistration, id.MakersGroup)
	fmt.Fprintf(&y, "  credential: {kind: client-secret, displayName: almwiz, lifetimeDays: 180}\n")
	purposes := []string{"development", "validation", "test"}
	fmt.Fprintf(&y, "devops:\n  organizations:\n")
	for o := range orgs {
		fmt.Fprintf(&y, "    - url: https://dev.azure.com/contoso-team%02d\n      tenant: contoso\n      projects:\n", o)
		fmt.Fprintf(&y, "        - name: alm\n          create: true\n          pipelineRepository: pipelines\n")
		fmt.Fprintf(&y, "          templates: {repository: %s, ref: %s}\n", profiles.DefaultTemplateRepository, profiles.DefaultTemplateRef)
		var own []string
		for e := 3 * o; e < 3*o+3 && e < envs-1; e++ {
			own = append(own, fmt.Sprintf("env%02d", e))
		}
		fmt.Fprintf(&y, "          environments: [%s]\n", strings.Join(own, ", "))
	}
	fmt.Fprintf(&y, "environments:\n  host: {tenant: contoso, url: \"https://contoso-alm.crm.dynamics.com/\"}\n")
	for e := range envs - 1 {
		fmt.Fprintf(&y, "  env%02d: {purpose: %s, tenant: contoso, url: \"https://contoso-env%02d.crm.dynamics.com/\"}\n", e, purposes[e%len(purposes)], e)
	}
	fmt.Fprintf(&y, "solution: {source: release, version: %s}\n", profiles.DefaultSolutionVersion)
	p, err := profiles.Load([]byte(y.String()), "scaling.yaml")
	if err != nil {
		tb.Fatalf("the scaling profile does not validate: %v\n%s", err, y.String())
	}
	return p
}

// TestScalingProfileValidates keeps the benchmark's generated profile valid.
func TestScalingProfileValidates(t *testing.T) {
	p := scalingProfile(t, 10, 30)
	if len(p.DevOps.Organizations) != 10 || len(p.Environments) != 30 {
		t.Fatalf("%d organizations, %d environments; want 10 and 30", len(p.DevOps.Organizations), len(p.Environments))
	}
}
