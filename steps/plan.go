package steps

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Plan is the DAG of steps an installation needs: a step runs after every
// step it Needs.
type Plan struct {
	Steps []Step
	// scope, when set by Filter, is the only scope that runs; the others
	// are skipped but their recorded outputs stay readable.
	scope string
}

// Validate reports every problem of the DAG at once: empty or duplicate
// ids, needs of unknown steps, and cycles (with the cycle spelled out).
func (p *Plan) Validate() error {
	var errs []error
	byID := map[string]Step{}
	for i, s := range p.Steps {
		switch id := s.ID(); {
		case id == "":
			errs = append(errs, fmt.Errorf("step %d (%s) has an empty id", i+1, s.Title()))
		case byID[id] != nil:
			errs = append(errs, fmt.Errorf("step id %q is used twice", id))
		default:
			byID[id] = s
		}
	}
	for _, s := range p.Steps {
		for _, n := range s.Needs() {
			if byID[n] == nil {
				errs = append(errs, fmt.Errorf("step %q needs %q, which is not in the plan", s.ID(), n))
			}
		}
	}
	if cycle := p.findCycle(byID); cycle != nil {
		errs = append(errs, fmt.Errorf("steps depend on each other in a cycle: %s", strings.Join(cycle, " → ")))
	}
	return errors.Join(errs...)
}

// findCycle returns one cycle as a path that starts and ends with the same
// id, or nil.
func (p *Plan) findCycle(byID map[string]Step) []string {
	const (
		unseen = iota
		onPath
		finished
	)
	mark := map[string]int{}
	var path []string
	var visit func(id string) []string
	visit = func(id string) []string {
		mark[id] = onPath
		path = append(path, id)
		for _, n := range byID[id].Needs() {
			if byID[n] == nil {
				continue
			}
			switch mark[n] {
			case onPath:
				start := indexOf(path, n)
				return append(append([]string{}, path[start:]...), n)
			case unseen:
				if c := visit(n); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		mark[id] = finished
		return nil
	}
	for _, s := range p.Steps {
		if mark[s.ID()] == unseen && byID[s.ID()] == s {
			if c := visit(s.ID()); c != nil {
				return c
			}
		}
	}
	return nil
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// Order returns the steps in a topological order: every step after the
// steps it needs, otherwise in plan order. The plan must be valid.
func (p *Plan) Order() ([]Step, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	done := map[string]bool{}
	order := make([]Step, 0, len(p.Steps))
	for len(order) < len(p.Steps) {
		for _, s := range p.Steps {
			if !done[s.ID()] && allIn(s.Needs(), done) {
				done[s.ID()] = true
				order = append(order, s)
			}
		}
	}
	return order, nil
}

func allIn(ids []string, set map[string]bool) bool {
	for _, id := range ids {
		if !set[id] {
			return false
		}
	}
	return true
}

// Filter returns the plan as an admin of one scope applies it: steps of
// other scopes are skipped, but their outputs recorded in the checkpoint
// by an earlier run (another admin's) remain readable to the steps that
// need them. An empty scope keeps every step.
func (p *Plan) Filter(scope string) *Plan {
	return &Plan{Steps: p.Steps, scope: scope}
}

// Scope is the scope the plan was filtered to, empty for all.
func (p *Plan) Scope() string { return p.scope }

// InScope says whether s runs under the plan's filter: a step of that
// scope, or one that runs with it (see ScopeFollower).
func (p *Plan) InScope(s Step) bool {
	if p.scope == "" || s.Scope() == p.scope {
		return true
	}
	f, ok := s.(ScopeFollower)
	return ok && f.RunsWith(p.scope)
}

// ScopeFollower is a step that also runs when another scope is applied on
// its own, because that scope's steps cannot run without it: the client
// secret, whose value Graph shows only once, must be made in the run whose
// steps receive it.
type ScopeFollower interface {
	RunsWith(scope string) bool
}

// Step returns the step with the given id, or nil.
func (p *Plan) Step(id string) Step {
	for _, s := range p.Steps {
		if s.ID() == id {
			return s
		}
	}
	return nil
}

// CriticalPath returns the longest chain of dependencies, weighed by the
// given durations (missing ones count as zero), and its step ids from first
// to last. No run can be faster than it, whatever the parallelism; the
// benchmarks compare wall time with it. The plan must be valid.
func (p *Plan) CriticalPath(durations map[string]time.Duration) (time.Duration, []string) {
	order, err := p.Order()
	if err != nil {
		return 0, nil
	}
	finish := map[string]time.Duration{}
	prev := map[string]string{}
	var end string
	for _, s := range order {
		var start time.Duration
		for _, n := range s.Needs() {
			if _, set := prev[s.ID()]; !set || finish[n] > start {
				start, prev[s.ID()] = finish[n], n
			}
		}
		finish[s.ID()] = start + durations[s.ID()]
		if end == "" || finish[s.ID()] > finish[end] {
			end = s.ID()
		}
	}
	var path []string
	for id := end; id != ""; id = prev[id] {
		path = append([]string{id}, path...)
	}
	return finish[end], path
}
