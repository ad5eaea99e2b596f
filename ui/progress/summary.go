package progress

import (
	"fmt"
	"slices"
	"strings"

	"almwiz/steps"
	"almwiz/ui/theme"
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
		bottom = append(bottom, theme.Wrap(m.ui.Heading.Render("Profile  ")+m.opts.ProfilePath+m.ui.Faint.Render("  (share it with your admin team)"), w, "  ")...)
	}
	if m.opts.StateDir != "" {
		bottom = append(bottom, theme.Wrap(m.ui.Heading.Render("State    ")+m.opts.StateDir, w, "  ")...)
	}
	next := "almwiz status · almwiz plan · almwiz destroy"
	if s.Failed > 0 || s.Interrupted || s.Skipped > 0 {
		next = "almwiz resume · " + next
	}
	bottom = append(bottom, theme.Wrap(m.ui.Heading.Render("Next     ")+next, w, "  ")...)
	keys := m.ui.KeyHelp("q/enter", "finish", "↑/↓", "scroll", "l", "log")
	return m.ui.Render(theme.Frame{Title: m.headline(s), Body: body, Bottom: bottom, Offset: m.offset, Focus: -1, Keys: keys}, m.width, m.height)
}

func (m *Model) headline(s *steps.Summary) string {
	word := "Done"
	switch {
	case s.Interrupted:
		word = "Stopped"
	case s.Failed > 0:
		word = "Ended"
	}
	return fmt.Sprintf("%s in %s — %d created, %d already there, %d failed", word, clock(s.Elapsed), s.Created+s.Updated, s.Unchanged, s.Failed)
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
	lines[0] = "   " + strings.TrimPrefix(lines[0], "     ")
	if st.link != "" {
		lines = append(lines, "     "+m.ui.Link.Render(st.link))
	}
	return lines
}

func (m *Model) manualLines() []string {
	if len(m.run.manual) == 0 {
		return nil
	}
	out := []string{"", m.ui.Heading.Render(fmt.Sprintf("  Left for a person (%d)", len(m.run.manual)))}
	for i, st := range m.run.manual {
		out = append(out, theme.Wrap(fmt.Sprintf("%d. %s", i+1, cmpOr(st.message, st.title)), m.width-2, "   ")...)
		if st.link != "" {
			out = append(out, "      "+m.ui.Link.Render(st.link))
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
			out = append(out, theme.Wrap(m.ui.Bad.Render(theme.MarkFailed)+" "+st.service+" · "+st.title+": "+st.err, m.width-2, "   ")...)
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
