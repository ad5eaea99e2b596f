package progress

import (
	"fmt"
	"slices"
	"strings"

	"almwiz/steps"
	"almwiz/ui/theme"

	"github.com/charmbracelet/x/ansi"
)

// summaryView is the end of the run: counts, created resources with their
// links, what is left for a person, failures, the paths and next commands.
func (m *Model) summaryView() string {
	s := m.run.summary
	if m.showLog {
		title, status := m.header()
		return m.ui.Render(m.logFrame(title, status, nil), m.width, m.height)
	}
	// What needs someone comes first; what went well last.
	var body []string
	body = append(body, m.manualLines()...)
	body = append(body, m.failedLines()...)
	body = append(body, m.section("Skipped", steps.EventSkipped)...)
	body = append(body, m.section("Created", steps.EventCreated, steps.EventUpdated)...)
	var bottom []string
	w := m.width - 2
	if m.opts.ProfilePath != "" {
		bottom = append(bottom, m.labelled("Profile", m.opts.ProfilePath+m.ui.Faint.Render("  (share it with your admin team)"), w)...)
	}
	if m.opts.StateDir != "" {
		bottom = append(bottom, m.labelled("State", m.opts.StateDir, w)...)
	}
	bottom = append(bottom, m.nextLines(w)...)
	keys := m.ui.KeyHelp("q/enter", "finish", "↑/↓", "scroll", "l", "log")
	return m.ui.Render(theme.Frame{Title: m.headline(s), Body: body, Bottom: bottom, Offset: m.offset, Focus: -1, Keys: keys}, m.width, m.height)
}

// headline says how the run ended and, first, what is left: a run with a
// step waiting for a person is not "Done".
func (m *Model) headline(s *steps.Summary) string {
	left := m.leftParts(s)
	word := "Done"
	switch {
	case s.Interrupted:
		word = "Stopped"
	case s.Failed > 0:
		word = "Ended"
	case len(left) > 0:
		word = "Almost done"
	}
	if len(left) == 0 {
		return fmt.Sprintf("%s in %s — %d created, %d already there, nothing left to do", word, clock(s.Elapsed), s.Created+s.Updated, s.Unchanged)
	}
	return fmt.Sprintf("%s in %s — %s · %d created", word, clock(s.Elapsed), strings.Join(left, ", "), s.Created+s.Updated)
}

// leftParts counts what the run left: failed steps, steps that need a
// person, skipped steps and steps that never ran.
func (m *Model) leftParts(s *steps.Summary) []string {
	var out []string
	if s.Failed > 0 {
		out = append(out, fmt.Sprintf("%d failed", s.Failed))
	}
	switch {
	case s.Manual == 1:
		out = append(out, "1 step needs you")
	case s.Manual > 1:
		out = append(out, fmt.Sprintf("%d steps need you", s.Manual))
	}
	if s.Skipped > 0 {
		out = append(out, fmt.Sprintf("%d skipped", s.Skipped))
	}
	done, total := m.run.finishedCount()
	if n := total - done - s.Failed; n > 0 {
		out = append(out, fmt.Sprintf("%d not run", n))
	}
	return out
}

// nextLines are the commands to run next, exact when Options.NextFlags
// says how this run was started: resume first when anything is left.
func (m *Model) nextLines(w int) []string {
	flags := ""
	if m.opts.NextFlags != "" {
		flags = " " + m.opts.NextFlags
	}
	var out []string
	if len(m.leftParts(m.run.summary)) > 0 {
		out = append(out, m.labelled("Resume", "almwiz resume"+flags, w)...)
	}
	next := "almwiz status · almwiz plan · almwiz destroy"
	if flags != "" {
		next = "almwiz status · plan · destroy" + m.ui.Faint.Render(", with the same flags")
	}
	return append(out, m.labelled("Next", next, w)...)
}

// labelled is text under a label column, its continuation lines indented
// to the text so that a wrapped command reads as one.
func (m *Model) labelled(label, text string, w int) []string {
	return hanging("  "+m.ui.Heading.Render(fmt.Sprintf("%-9s", label)), text, w)
}

// hanging wraps text to width w after first (which may be styled); the
// continuation lines are indented by first's width, or by the first word
// of text too when first is only spaces (a log line hangs under its time).
func hanging(first, text string, w int) []string {
	indent := strings.Repeat(" ", ansi.StringWidth(first))
	if strings.TrimSpace(first) == "" {
		indent += strings.Repeat(" ", ansi.StringWidth(strings.SplitN(text, " ", 2)[0])+1)
	}
	lines := theme.Wrap(text, w, indent)
	lines[0] = first + strings.TrimPrefix(lines[0], indent)
	return lines
}

// section lists the steps in the given states, with their links.
func (m *Model) section(name string, kinds ...steps.EventKind) []string {
	var lines []string
	n := 0
	for _, g := range m.run.groups {
		for _, st := range g.steps {
			if slices.Contains(kinds, st.state) {
				n++
				lines = append(lines, m.resultLine(st)...)
			}
		}
	}
	if n == 0 {
		return nil
	}
	head := fmt.Sprintf("  %s (%d)", name, n)
	return append([]string{"", m.ui.Heading.Render(head)}, lines...)
}

func (m *Model) resultLine(st *step) []string {
	text := st.mark(0) + " " + st.service + " · " + st.title
	if st.state == steps.EventSkipped && st.message != "" {
		text += m.ui.Faint.Render(" — " + st.message)
	}
	lines := theme.Wrap(text, m.width-2, "     ")
	lines[0] = "   " + strings.TrimPrefix(lines[0], "     ") // the mark hangs out
	if st.link != "" {
		lines = append(lines, m.ui.LinkLines(st.link, m.width-1, "     ")...)
	}
	return lines
}

func (m *Model) manualLines() []string {
	if len(m.run.manual) == 0 {
		return nil
	}
	out := []string{"", m.ui.Heading.Render(fmt.Sprintf("  Left for a person (%d)", len(m.run.manual)))}
	for i, st := range m.run.manual {
		out = append(out, hanging(fmt.Sprintf("   %d. ", i+1), cmpOr(st.message, st.title), m.width-2)...)
		if st.link != "" {
			out = append(out, m.ui.LinkLines(st.link, m.width-1, "      ")...)
		}
	}
	return out
}

func (m *Model) failedLines() []string {
	var out []string
	n := 0
	for _, g := range m.run.groups {
		for _, st := range g.steps {
			if st.state != steps.EventFailed {
				continue
			}
			n++
			out = append(out, hanging("   "+m.ui.Bad.Render(theme.MarkFailed)+" ", st.service+" · "+st.title+": "+st.err, m.width-2)...)
			if st.suggestion != "" {
				out = append(out, theme.Wrap("→ "+st.suggestion, m.width-2, "     ")...)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return append([]string{"", m.ui.Heading.Render(fmt.Sprintf("  Failed (%d)", n))}, out...)
}
