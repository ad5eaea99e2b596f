package steps

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkRunnerAgainstCriticalPath runs a plan shaped like an
// installation (a chain per environment behind shared Entra steps) and
// reports wall time over the critical path: 1.0 is the best any schedule
// can do.
func BenchmarkRunnerAgainstCriticalPath(b *testing.B) {
	const unit = 2 * time.Millisecond
	for _, parallelism := range []int{1, 4, 8} {
		b.Run(fmt.Sprintf("parallelism=%d", parallelism), func(b *testing.B) {
			var ratio float64
			for b.Loop() {
				c := newFakeCloud()
				list := []Step{&fake{id: "app", scope: ScopeEntra, spec: "v1", world: c, delay: unit}}
				for _, env := range []string{"validation", "test", "prod"} {
					prev := "app"
					for _, kind := range []string{"environment", "user", "connection"} {
						id := env + "/" + kind
						list = append(list, &fake{id: id, spec: "v1", world: c, delay: unit, needs: []string{prev}})
						prev = id
					}
				}
				plan := &Plan{Steps: list}
				start := time.Now()
				if _, err := (&Runner{Plan: plan, Parallelism: parallelism}).Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				durations := map[string]time.Duration{}
				for _, s := range list {
					durations[s.ID()] = unit
				}
				critical, _ := plan.CriticalPath(durations)
				ratio = float64(time.Since(start)) / float64(critical)
			}
			b.ReportMetric(ratio, "wall/critical")
		})
	}
}
