package progress

import (
	"fmt"
	"strings"

	"almwiz/steps"
	"almwiz/ui/theme"

	"github.com/charmbracelet/x/ansi"
)

func (m *Model) header() (string, string) {
	title := "Installing " + m.opts.Title
	if m.opts.Title == "" {
		title = "Installing"
	}
	return title, clock(m.now.Sub(m.run.start)) + " elapsed"
}

func (m *Model) listView() string {
	title, status := m.header()
	top := []string{m.bar()}
	switch {
	case m.stop == 1:
		top = append(top, theme.Wrap(m.ui.Warn.Render(theme.MarkWarning+" stopping after the running steps finish — press Ctrl+C again to stop now"), m.width-1, " ")...)
	case m.stop > 1:
		top = append(top, theme.Wrap(m.ui.Warn.Render(theme.MarkWarning+" stopping now — the checkpoint is kept; almwiz resume carries on"), m.width-1, " ")...)
	}
	if m.showLog {
		return m.ui.Render(m.logFrame(title, status, top), m.width, m.height)
	}
	body, focus := m.taskLines()
	return m.ui.Render(theme.Frame{Title: title, Status: status, Top: top, Body: body, Offset: m.offset, Focus: focus, Keys: m.keys()}, m.width, m.height)
}

func (m *Model) keys() string {
	if f := m.run.pendingStep(); f != nil {
		if f.retryable {
			return m.ui.KeyHelp("r", "retry", "s", "skip", "l", "log", "q", "stop and resume later")
		}
		return m.ui.KeyHelp("s", "skip", "l", "log", "q", "stop and resume later")
	}
	if m.run.personStep() != nil {
		return m.ui.KeyHelp("r", "re-check now", "s", "stop waiting, resume later", "l", "log", "ctrl+c", "stop")
	}
	return m.ui.KeyHelp("l", "log", "pgup/pgdn", "scroll", "ctrl+c", "stop")
}

// bar is the overall progress bar with the step counts.
func (m *Model) bar() string {
	done, total := m.run.finishedCount()
	text := fmt.Sprintf("  %d of %d steps", done, total)
	if n := len(m.run.pending); n > 0 {
		text += fmt.Sprintf(" · %d failed", n)
	}
	w := max(10, min(50, m.width-ansi.StringWidth(text)-3))
	filled := 0
	if total > 0 {
		filled = w * done / total
	}
	return " " + m.ui.Good.Render(strings.Repeat("█", filled)) + m.ui.Faint.Render(strings.Repeat("░", w-filled)) + text
}

// taskLines renders the steps by service; the line to keep in view is the
// failed step waiting for a decision, else the end of the link where a
// person must act, else the first running step.
func (m *Model) taskLines() ([]string, int) {
	var out []string
	focus, running, person := -1, -1, -1
	pending := m.run.pendingStep()
	titleW := max(20, min(40, m.width*2/5))
	for _, g := range m.run.groups {
		done, failed := 0, 0
		for _, s := range g.steps {
			if s.finished() {
				done++
			}
			if s.state == steps.EventFailed {
				failed++
			}
		}
		out = append(out, m.groupLine(g.name, done, len(g.steps), failed))
		if done == len(g.steps) && failed == 0 && !m.Done() {
			continue // a finished service folds to its heading
		}
		for _, s := range g.steps {
			if s == pending {
				focus = len(out)
			}
			if running < 0 && (s.state == steps.EventStarted || s.state == steps.EventProgress) {
				running = len(out)
			}
			out = append(out, m.stepLines(s, titleW)...)
			if s.state == steps.EventFailed {
				out = append(out, m.failureLines(s, s == pending)...)
			}
			if s.waitsForPerson() {
				out = append(out, m.personLines(s)...)
				if person < 0 {
					person = len(out) - 1 // the link's end, so that it shows in full
				}
			}
		}
	}
	if focus < 0 && person >= 0 {
		focus = person
	}
	if focus < 0 {
		focus = running
	}
	return out, focus
}

func (m *Model) groupLine(name string, done, total, failed int) string {
	count := fmt.Sprintf("%d/%d", done, total)
	switch {
	case failed > 0:
		count += " " + m.ui.Bad.Render(theme.MarkFailed)
	case done == total:
		count += " " + m.ui.Good.Render(theme.MarkDone)
	default:
		count += "  "
	}
	pad := m.width - 2 - ansi.StringWidth(name) - len(fmt.Sprintf("%d/%d", done, total)) - 3
	return "  " + m.ui.Heading.Render(name) + strings.Repeat(" ", max(1, pad)) + count
}

// stepLines renders one step: its title and what it is doing side by
// side, each wrapped in its column rather than cut. Lines are memoised per
// step: with hundreds of steps only the running ones change between frames.
func (m *Model) stepLines(s *step, titleW int) []string {
	mark, sub, elapsed := s.mark(m.frame), m.subStatus(s), m.elapsed(s)
	key := fmt.Sprint(s.state, mark, sub, elapsed, titleW, m.width, m.uiGen)
	if key == s.lineKey {
		return s.lines
	}
	switch s.state {
	case steps.EventFailed:
		mark = m.ui.Bad.Render(mark)
	case steps.EventCreated, steps.EventUpdated, steps.EventUnchanged:
		mark = m.ui.Good.Render(mark)
	case steps.EventManual:
		mark = m.ui.Warn.Render(mark)
	}
	subW := max(10, m.width-4-titleW-1-len(elapsed)-2)
	titles, subs := theme.Wrap(s.title, titleW, ""), theme.Wrap(sub, subW, "")
	s.lines = s.lines[:0]
	for i := 0; i < max(len(titles), len(subs)); i++ {
		title, sub, lead, end := "", "", "     ", ""
		if i < len(titles) {
			title = titles[i]
		}
		if i < len(subs) {
			sub = subs[i]
		}
		if i == 0 {
			lead, end = "   "+mark+" ", elapsed
		}
		line := lead + title + strings.Repeat(" ", max(1, titleW-ansi.StringWidth(title)+1))
		s.lines = append(s.lines, strings.TrimRight(line+m.ui.Faint.Render(sub)+strings.Repeat(" ", max(1, subW-ansi.StringWidth(sub)+1))+end, " "))
	}
	s.lineKey = key
	return s.lines
}

func (m *Model) elapsed(s *step) string {
	switch {
	case s.state == steps.EventStarted || s.state == steps.EventProgress:
		return clock(m.now.Sub(s.started))
	case s.finished() || s.state == steps.EventFailed:
		if s.elapsed > 0 || !s.started.IsZero() {
			return clock(s.elapsed)
		}
	}
	return ""
}

// subStatus is the text beside a step: what it is doing or waiting for.
func (m *Model) subStatus(s *step) string {
	switch {
	case s.decision != "":
		return s.decision
	case s.state == steps.EventPlanned:
		for _, id := range s.needs {
			if n, ok := m.run.steps[id]; ok && !n.finished() {
				return "needs " + n.title
			}
		}
		return "waiting"
	case s.state == steps.EventFailed:
		return "failed"
	case s.state == steps.EventSkipped || s.state == steps.EventManual:
		return verb[s.state] + cmpOr(prefixed(" — ", s.message), "")
	case s.message != "":
		return s.message
	}
	return verb[s.state]
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func (m *Model) failureLines(s *step, pending bool) []string {
	w := m.width - 2
	out := theme.Wrap(m.ui.Bad.Render(s.err), w, "       ")
	if s.suggestion != "" {
		out = append(out, theme.Wrap("→ "+s.suggestion, w, "       ")...)
	}
	if pending {
		keys := "s skip · q stop and resume later"
		if s.retryable {
			keys = "r retry · " + keys
		}
		out = append(out, "       "+m.ui.Key.Render(keys))
	}
	return out
}

// personLines say, in full, what the person must do and where, while the
// runner waits for them.
func (m *Model) personLines(s *step) []string {
	w := m.width - 2
	out := theme.Wrap(s.message, w, "       ")
	for _, l := range theme.Wrap(s.personLink, w, "       ") { // cut, never truncated
		out = append(out, m.ui.Link.Render(l))
	}
	return out
}

func (m *Model) logFrame(title, status string, top []string) theme.Frame {
	var body []string
	for _, l := range m.run.log {
		text, link := splitLink(l)
		body = append(body, hanging("  ", text, m.width-2)...) // continuation under the time
		if link != "" {
			body = append(body, m.ui.LinkLines(link, m.width-1, "           ")...)
		}
	}
	keys := m.ui.KeyHelp("↑/↓", "scroll", "l", "back to the steps", "ctrl+c", "stop")
	return theme.Frame{Title: title + " · log", Status: status, Top: top, Body: body, Offset: m.logOff, Tail: true, Focus: -1, Keys: keys}
}

// splitLink takes the link off the end of a log line (see run.logLine),
// to show it whole on its own lines as a hyperlink.
func splitLink(line string) (string, string) {
	i := strings.LastIndex(line, " — ")
	if i < 0 {
		return line, ""
	}
	link := line[i+len(" — "):]
	if !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://") || strings.ContainsAny(link, " \t") {
		return line, ""
	}
	return line[:i], link
}
