package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"almwiz/steps"
)

// PlainWriter writes one line per state change of a step, e.g.
//
//	✓ created  entra/app-registration  App registration ALMAcceleratorServicePrincipal (0.4s)
//
// Failures add the error and the suggestion on indented lines. Planned
// events write nothing; the end of the run writes the summary.
type PlainWriter struct {
	w io.Writer
}

// Plain returns a writer of plain lines to w.
func Plain(w io.Writer) *PlainWriter { return &PlainWriter{w: w} }

// symbols mark each kind of line so a log is scannable.
var symbols = map[steps.EventKind]string{
	steps.EventStarted:   "→",
	steps.EventProgress:  "…",
	steps.EventUnchanged: "=",
	steps.EventCreated:   "✓",
	steps.EventUpdated:   "✓",
	steps.EventDeleted:   "✓",
	steps.EventFailed:    "✗",
	steps.EventSkipped:   "-",
	steps.EventManual:    "!",
}

// Write writes the lines of one event.
func (p *PlainWriter) Write(e steps.Event) error {
	var text string
	switch e.Kind {
	case steps.EventPlanned:
		return nil
	case steps.EventDone:
		text = summaryLine(e.Summary)
	case steps.EventProgress:
		text = fmt.Sprintf("%s %s  %s", symbols[e.Kind], e.StepID, e.Message)
	case steps.EventPreflight:
		text = preflightLine(e)
	default:
		text = stepLine(e)
	}
	_, err := io.WriteString(p.w, text+"\n")
	return err
}

func stepLine(e steps.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s  %s  %s", symbols[e.Kind], e.Kind, e.StepID, e.Title)
	if e.Elapsed > 0 {
		fmt.Fprintf(&b, " (%s)", Duration(e.Elapsed))
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Link != "" && e.Kind == steps.EventManual {
		b.WriteString(" — " + e.Link)
	}
	if e.Error != "" {
		b.WriteString("\n    " + e.Error)
	}
	if e.Suggestion != "" {
		b.WriteString("\n    → " + e.Suggestion)
	}
	return b.String()
}

// preflightLine shows a preflight finding: its severity, check and
// service, what is wrong, and who can fix it how.
func preflightLine(e steps.Event) string {
	mark := "!"
	if e.Severity == "blocker" {
		mark = "✗"
	}
	text := fmt.Sprintf("%s preflight %s  %s  %s: %s", mark, e.Severity, e.StepID, e.Service, e.Message)
	if e.Suggestion != "" {
		text += "\n    → " + e.Suggestion
	}
	if e.Link != "" {
		text += "\n    " + e.Link
	}
	return text
}

func summaryLine(s *steps.Summary) string {
	if s == nil {
		return "done"
	}
	head := "done"
	if s.Interrupted {
		head = "interrupted"
	}
	parts := []string{}
	for _, c := range []struct {
		n    int
		what string
	}{{s.Created, "created"}, {s.Updated, "updated"}, {s.Unchanged, "unchanged"}, {s.Deleted, "deleted"},
		{s.Failed, "failed"}, {s.Skipped, "skipped"}, {s.Manual, "left for a person"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing to do")
	}
	return fmt.Sprintf("%s: %s in %s", head, strings.Join(parts, ", "), Duration(s.Elapsed))
}

// Duration shows an elapsed time as a person reads it: 0.4s, 12.3s, 2m05s.
func Duration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
