package sandbox

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"time"
)

// faultPlan is a parsed --faults spec: the chance of each injected status, of
// a dropped connection, and the access-token lifetime.
type faultPlan struct {
	statuses []statusChance // in spec order, so a seed reproduces a run
	drop     float64        // percent
	expire   time.Duration
}

type statusChance struct {
	status  int
	percent float64
}

// parseFaults reads a spec such as "429=10%,503=5%,500=1%,drop=2%,expire=5m".
func parseFaults(spec string) (faultPlan, error) {
	var p faultPlan
	total := 0.0
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, val, ok := strings.Cut(item, "=")
		if !ok {
			return p, fmt.Errorf("fault %q: want KEY=VALUE", item)
		}
		if err := p.add(strings.TrimSpace(key), strings.TrimSpace(val), &total); err != nil {
			return p, fmt.Errorf("fault %q: %w", item, err)
		}
	}
	if total > 100 {
		return p, fmt.Errorf("faults add up to %.1f%%, more than 100%%", total)
	}
	return p, nil
}

func (p *faultPlan) add(key, val string, total *float64) error {
	if key == "expire" {
		d, err := time.ParseDuration(val)
		if err != nil || d <= 0 {
			return fmt.Errorf("expire wants a positive duration such as 5m")
		}
		p.expire = d
		return nil
	}
	pct, err := strconv.ParseFloat(strings.TrimSuffix(val, "%"), 64)
	if err != nil || pct < 0 || !strings.HasSuffix(val, "%") {
		return fmt.Errorf("want a percentage such as 5%%")
	}
	*total += pct
	if key == "drop" {
		p.drop = pct
		return nil
	}
	status, err := strconv.Atoi(key)
	if err != nil || status < 400 || status > 599 {
		return fmt.Errorf("want an HTTP error status (400-599), drop or expire")
	}
	p.statuses = append(p.statuses, statusChance{status, pct})
	return nil
}

// injected is what the fault injector decided for one request.
type injected struct {
	status     int // 0: none
	drop       bool
	retryAfter int // seconds, for 429 and 503
}

func (f injected) any() bool { return f.status != 0 || f.drop }

// injector draws faults from the plan with a seeded generator.
type injector struct {
	mu   sync.Mutex
	rng  *rand.Rand
	plan faultPlan
}

func newInjector(plan faultPlan, seed int64) *injector {
	return &injector{rng: rand.New(rand.NewSource(seed)), plan: plan}
}

// draw picks at most one fault for a request.
func (in *injector) draw() injected {
	if len(in.plan.statuses) == 0 && in.plan.drop == 0 {
		return injected{}
	}
	in.mu.Lock()
	x := in.rng.Float64() * 100
	in.mu.Unlock()
	for _, sc := range in.plan.statuses {
		if x < sc.percent {
			return injected{status: sc.status, retryAfter: 1}
		}
		x -= sc.percent
	}
	if x < in.plan.drop {
		return injected{drop: true}
	}
	return injected{}
}
