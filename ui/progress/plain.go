package progress

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"almwiz/steps"
)

// Plain writes one line per state change to w — no animation, no cursor
// movement — for screen readers and logs. When answers is not nil, a failed
// step asks "retry, skip or stop" and reads one line from it; the choice
// goes to control. It returns the run's summary once EventDone arrives or
// the channel closes.
func Plain(w io.Writer, events <-chan steps.Event, answers io.Reader, control func(Action)) *steps.Summary {
	r := newRun()
	var in *bufio.Reader
	if answers != nil {
		in = bufio.NewReader(answers)
	}
	for ev := range events {
		r.apply(ev)
		if line := plainLine(&r, ev); line != "" {
			fmt.Fprintln(w, line)
		}
		if ev.Kind == steps.EventDone {
			break
		}
		if ev.Kind == steps.EventFailed && in != nil && control != nil {
			control(askDecision(w, in, ev))
		}
	}
	r.finish()
	s := r.summary
	fmt.Fprintf(w, "%d created, %d updated, %d already there, %d failed, %d skipped, %d left for a person, in %s\n",
		s.Created, s.Updated, s.Unchanged, s.Failed, s.Skipped, s.Manual, clock(s.Elapsed))
	return s
}

// plainLine is the line for one event, or "" for planned steps.
func plainLine(r *run, ev steps.Event) string {
	switch ev.Kind {
	case steps.EventPlanned:
		return ""
	case steps.EventDone:
		return "run ended"
	}
	s := r.steps[ev.StepID]
	mark := s.mark(0)
	if ev.Kind == steps.EventStarted {
		mark = "…" // no spinner glyph: screen readers would read it out
	}
	line := mark + " " + verb[ev.Kind] + ": " + s.service + " · " + s.title
	if ev.Kind == steps.EventProgress {
		line = "… " + s.service + " · " + s.title
	}
	if s.finished() && s.elapsed > 0 {
		line += " (" + clock(s.elapsed) + ")"
	}
	for _, extra := range []string{ev.Message, ev.Error, prefixed("suggestion: ", ev.Suggestion), ev.Link} {
		if extra != "" {
			line += " — " + extra
		}
	}
	return line
}

func askDecision(w io.Writer, in *bufio.Reader, ev steps.Event) Action {
	for {
		prompt := "Skip it, or stop and resume later? [s/q]: "
		if ev.Retryable {
			prompt = "Retry, skip it, or stop and resume later? [r/s/q]: "
		}
		fmt.Fprint(w, prompt)
		line, err := in.ReadString('\n')
		switch strings.TrimSpace(strings.ToLower(line)) {
		case "r", "retry":
			if ev.Retryable {
				return Action{ActionRetry, ev.StepID}
			}
		case "s", "skip":
			return Action{ActionSkip, ev.StepID}
		case "q", "stop":
			return Action{Kind: ActionStop}
		}
		if err != nil {
			return Action{Kind: ActionStop}
		}
	}
}
