package progress

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"almwiz/steps"
	"almwiz/ui/theme"
)

// run is what the events have said so far: the steps by service, the log,
// the failed steps waiting for a decision, and the summary at the end.
type run struct {
	groups  []*group
	byName  map[string]*group
	steps   map[string]*step
	log     []string
	pending []*step // failed, waiting for retry, skip or stop
	// noDecisions: failed steps wait for no decision (see Options.NoDecisions).
	noDecisions bool
	manual      []*step
	summary     *steps.Summary
	start       time.Time
	end         time.Time
}

type group struct {
	name  string
	steps []*step
}

// step is one step's latest state.
type step struct {
	id, title, service string
	state              steps.EventKind
	needs              []string
	message, link      string
	err, suggestion    string
	retryable          bool
	decision           string // "retrying…" or "skipping…" after a key, until the runner answers
	personLink         string // where a person acts, while the runner waits for them (see steps.Runner.WaitForPerson)
	started, ended     time.Time
	elapsed            time.Duration
	lineKey            string   // what the memoised rendering depends on (see stepLines)
	lines              []string // the memoised rendering
}

func newRun() run {
	return run{byName: map[string]*group{}, steps: map[string]*step{}}
}

// finished reports whether the step reached an outcome.
func (s *step) finished() bool {
	switch s.state {
	case steps.EventPlanned, steps.EventStarted, steps.EventProgress, steps.EventFailed:
		return false
	}
	return true
}

func (r *run) stepFor(ev steps.Event) *step {
	if s, ok := r.steps[ev.StepID]; ok {
		return s
	}
	s := &step{id: ev.StepID, title: cmpOr(ev.Title, ev.StepID), service: cmpOr(ev.Service, "Other"), state: steps.EventPlanned}
	g, ok := r.byName[s.service]
	if !ok {
		g = &group{name: s.service}
		r.byName[s.service] = g
		r.groups = append(r.groups, g)
	}
	g.steps = append(g.steps, s)
	r.steps[s.id] = s
	return s
}

// apply records one event.
func (r *run) apply(ev steps.Event) {
	if r.start.IsZero() || ev.Time.Before(r.start) {
		r.start = ev.Time
	}
	if ev.Kind == steps.EventDone {
		r.end = ev.Time
		r.summary = ev.Summary
		if r.summary == nil {
			r.summary = r.count(false)
		}
		r.logLine(ev, nil)
		return
	}
	s := r.stepFor(ev)
	r.applyStep(s, ev)
	r.logLine(ev, s)
}

func (r *run) applyStep(s *step, ev steps.Event) {
	switch ev.Kind {
	case steps.EventPlanned:
		s.needs = ev.Needs
		return
	case steps.EventStarted:
		s.started, s.err, s.suggestion, s.decision, s.message = ev.Time, "", "", "", ""
	case steps.EventProgress:
		s.message = ev.Message
		if ev.Link != "" && strings.HasPrefix(ev.Message, waitingPrefix) {
			s.personLink = ev.Link
		}
		return
	case steps.EventFailed:
		s.err, s.suggestion, s.retryable, s.ended = ev.Error, ev.Suggestion, ev.Retryable, ev.Time
		if !r.noDecisions && !slices.Contains(r.pending, s) {
			r.pending = append(r.pending, s)
		}
	default:
		s.ended, s.message, s.link, s.decision = ev.Time, ev.Message, cmpOr(ev.Link, s.link), ""
		s.personLink = ""
		r.pending = slices.DeleteFunc(r.pending, func(p *step) bool { return p == s })
		if ev.Kind == steps.EventManual {
			r.manual = append(r.manual, s)
		}
	}
	s.state = ev.Kind
	s.elapsed = ev.Elapsed
	if s.elapsed == 0 && !s.started.IsZero() && !s.ended.IsZero() {
		s.elapsed = s.ended.Sub(s.started)
	}
}

// waitingPrefix starts the runner's progress message of a step waiting
// for a person.
const waitingPrefix = "waiting for a person"

// waitsForPerson reports whether the runner waits for a person to act on s.
func (s *step) waitsForPerson() bool {
	return s.personLink != "" && (s.state == steps.EventStarted || s.state == steps.EventProgress)
}

// personStep is the first step the runner waits on a person for, or nil.
func (r *run) personStep() *step {
	for _, g := range r.groups {
		for _, s := range g.steps {
			if s.waitsForPerson() {
				return s
			}
		}
	}
	return nil
}

// pendingStep is the failed step the keys r and s act on.
func (r *run) pendingStep() *step {
	for _, s := range r.pending {
		if s.decision == "" {
			return s
		}
	}
	return nil
}

func (r *run) decide(s *step, what string) { s.decision = what }

// finish ends a run whose event channel closed without EventDone.
func (r *run) finish() {
	if r.summary == nil {
		r.summary = r.count(true)
	}
}

// count tallies the steps' outcomes.
func (r *run) count(interrupted bool) *steps.Summary {
	sum := &steps.Summary{Interrupted: interrupted, Elapsed: r.end.Sub(r.start)}
	for _, s := range r.steps {
		switch s.state {
		case steps.EventCreated:
			sum.Created++
		case steps.EventUpdated:
			sum.Updated++
		case steps.EventUnchanged:
			sum.Unchanged++
		case steps.EventFailed:
			sum.Failed++
		case steps.EventSkipped:
			sum.Skipped++
		case steps.EventManual:
			sum.Manual++
		}
	}
	if sum.Elapsed < 0 {
		sum.Elapsed = 0
	}
	return sum
}

// finishedCount returns how many steps reached an outcome, of how many.
func (r *run) finishedCount() (int, int) {
	n := 0
	for _, s := range r.steps {
		if s.finished() {
			n++
		}
	}
	return n, len(r.steps)
}

// mark is a step's state mark; running steps get the spinner's frame.
func (s *step) mark(frame int) string {
	switch s.state {
	case steps.EventStarted, steps.EventProgress:
		return theme.SpinnerFrames[frame%len(theme.SpinnerFrames)]
	case steps.EventCreated, steps.EventUpdated, steps.EventUnchanged:
		return theme.MarkDone
	case steps.EventFailed:
		return theme.MarkFailed
	case steps.EventSkipped:
		return theme.MarkSkipped
	case steps.EventManual:
		return theme.MarkManual
	}
	return theme.MarkPending
}

// verb says in words what happened, so no state relies on its mark alone.
var verb = map[steps.EventKind]string{
	steps.EventStarted: "started", steps.EventProgress: "progress", steps.EventUnchanged: "already there",
	steps.EventCreated: "created", steps.EventUpdated: "updated", steps.EventFailed: "failed",
	steps.EventSkipped: "skipped", steps.EventManual: "left for a person", steps.EventDone: "run ended",
}

func (r *run) logLine(ev steps.Event, s *step) {
	if ev.Kind == steps.EventPlanned {
		return
	}
	line := ev.Time.Format("15:04:05") + " " + verb[ev.Kind]
	if s != nil {
		line += " · " + s.service + " · " + s.title
	}
	for _, extra := range []string{ev.Message, ev.Error, ev.Suggestion, ev.Link} {
		if extra != "" {
			line += " — " + extra
		}
	}
	r.log = append(r.log, line)
}

// clock formats a duration as m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	d = d.Round(time.Second)
	if d < 0 {
		d = 0
	}
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
