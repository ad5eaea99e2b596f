package steps

import (
	"context"
	"testing"
	"time"

	"almwiz/steps/checkpoint"
)

// BenchmarkDoctor measures almwiz doctor on a completed install of each
// preset, against the sandbox adding benchLatency per request: its
// requests per resource of the install (issue 12 asks at most 1.5) and its
// wall time against the longest chain of dependent reads (at most 1.5 ×),
// the critical path weighed by each step's own check time.
func BenchmarkDoctor(b *testing.B) {
	for _, preset := range benchPresets {
		b.Run("preset="+preset, func(b *testing.B) {
			p := benchPreset(b, preset)
			for b.Loop() {
				c := newBenchCloud(b, p)
				dir := b.TempDir()
				before := c.inventoryCounts()
				c.install(context.Background(), dir, 0, nil)
				resources := c.inventoryCounts().minus(before).total()
				st, err := checkpoint.Load(dir)
				if err != nil {
					b.Fatal(err)
				}
				plan, err := Build(c.profile, c.clients)
				if err != nil {
					b.Fatal(err)
				}
				ch := make(chan Event, 1024)
				var events []Event
				done := make(chan struct{})
				go func() {
					defer close(done)
					for e := range ch {
						events = append(events, e)
					}
				}()
				mark := c.log.mark()
				r := c.runner(plan, 0)
				r.Store, r.Events = CheckStore(st), ch
				start := time.Now()
				rep, err := r.Check(context.Background(), CheckOptions{})
				wall := time.Since(start)
				await(b, done, "doctor to close its event channel")
				if err != nil {
					b.Fatal(err)
				}
				reqs := c.log.since(mark)
				critical, _ := plan.CriticalPath(stepDurations(events))
				reportRequests(b, "doctor", reqs, resources)
				b.ReportMetric(wall.Seconds(), "wall-s")
				b.ReportMetric(critical.Seconds(), "critical-s")
				b.ReportMetric(wall.Seconds()/critical.Seconds(), "wall/critical")
				b.ReportMetric(float64(resources), "resources")
				b.Logf("%s: doctor checked %d steps (%d not healthy: the connections are the admin's step) with %d requests; chattiest: %s",
					preset, len(rep.Findings), len(rep.Findings)-rep.Count(HealthHealthy), len(reqs), chattiest(reqs, 5))
			}
		})
	}
}
