package wizard

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// Check signs in (reporting DeviceCodeMsg and SignedInMsg through send)
// and observes the plan of p read-only, as almwiz doctor does. It returns
// the check's events, closed when it ends, and its result, delivered once
// after that.
type Check func(ctx context.Context, p *profiles.Profile, send func(tea.Msg)) (<-chan steps.Event, <-chan CheckResult, error)

// CheckResult is how a check ended: doctor's report, or why it could not run.
type CheckResult struct {
	Report steps.Report
	Err    error
}

// Fixable reports whether almwiz apply repairs a finding: what is missing
// or differs from the profile and has no fix of its own.
func Fixable(f steps.Verdict) bool {
	return (f.Health == steps.HealthMissing || f.Health == steps.HealthDrifted) && strings.HasPrefix(f.Fix, "almwiz apply")
}

// Messages of the check.
type (
	checkStartedMsg struct {
		events <-chan steps.Event
		done   <-chan CheckResult
		err    error
	}
	checkEventMsg struct {
		ev steps.Event
		ok bool
	}
	checkDoneMsg struct{ res CheckResult }
	fixMsg       struct{} // the admin chose to apply the fixes
)

// checkScreen shows a read-only check of an existing installation live,
// grouped by service, and then its findings: the ones apply repairs lead
// to the review and the install, the others say who fixes them and where.
type checkScreen struct {
	name     string
	events   <-chan steps.Event
	done     <-chan CheckResult
	services []string
	seen     map[string]int // steps checked, by service
	bad      map[string]int // findings, by service
	result   *CheckResult
	scroll   scroll
}

func newCheckScreen(name string, events <-chan steps.Event, done <-chan CheckResult) *checkScreen {
	return &checkScreen{name: name, events: events, done: done, seen: map[string]int{}, bad: map[string]int{}}
}

func (c *checkScreen) init() tea.Cmd { return waitCheck(c.events, c.done) }

// waitCheck delivers the next event, and the result once the events end.
func waitCheck(events <-chan steps.Event, done <-chan CheckResult) tea.Cmd {
	return func() tea.Msg {
		if ev, ok := <-events; ok {
			return checkEventMsg{ev, true}
		}
		return checkDoneMsg{<-done}
	}
}

func (c *checkScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case checkEventMsg:
		c.record(msg.ev)
		return c, waitCheck(c.events, c.done)
	case checkDoneMsg:
		c.result = &msg.res
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q": // read-only: nothing is lost by leaving while it checks
			return c, tea.Quit
		case "a":
			if c.result != nil && c.fixable() > 0 {
				return c, send(fixMsg{})
			}
		case "down", "j":
			c.scroll.by(1)
		case "up", "k":
			c.scroll.by(-1)
		default:
			c.scroll.key(msg.String())
		}
	}
	return c, nil
}

func (c *checkScreen) record(ev steps.Event) {
	if ev.StepID == "" || ev.Service == "" {
		return
	}
	if !slices.Contains(c.services, ev.Service) {
		c.services = append(c.services, ev.Service)
	}
	switch ev.Kind {
	case steps.EventHealthy:
		c.seen[ev.Service]++
	case steps.EventDrifted, steps.EventMissing, steps.EventAtRisk, steps.EventFailed, steps.EventSkipped:
		c.seen[ev.Service]++
		c.bad[ev.Service]++
	}
}

func (c *checkScreen) fixable() int {
	if c.result == nil {
		return 0
	}
	n := 0
	for _, f := range c.result.Report.Findings {
		if Fixable(f) {
			n++
		}
	}
	return n
}

func (c *checkScreen) view(ui theme.UI, width, height int) string {
	body := []string{""}
	wrap := func(s, indent string) { body = append(body, theme.Wrap(s, width-2, indent)...) }
	col := 0
	for _, svc := range c.services {
		col = max(col, len(svc))
	}
	for _, svc := range c.services {
		line := fmt.Sprintf("%-*s %3d checked", col, svc, c.seen[svc])
		if n := c.bad[svc]; n > 0 {
			line += "  " + ui.Warn.Render(fmt.Sprintf("%s %d to look at", theme.MarkWarning, n))
		} else {
			line += "  " + ui.Good.Render(theme.MarkDone)
		}
		body = append(body, "  "+line)
	}
	status := "checking, read-only…"
	keys := ui.KeyHelp("q", "stop (nothing was changed)")
	switch {
	case c.result == nil:
	case c.result.Err != nil:
		status = "could not finish"
		body = append(body, "")
		wrap(ui.Bad.Render(theme.MarkFailed+" "+c.result.Err.Error()), "  ")
		keys = ui.KeyHelp("q", "quit")
	default:
		rep := c.result.Report
		status = "nothing was changed"
		body = append(body, "")
		if rep.Healthy() {
			wrap(ui.Good.Render(theme.MarkDone+fmt.Sprintf(" Healthy: all %d steps are as the profile wants them.", len(rep.Findings))), "  ")
		} else {
			body = append(body, c.findings(ui, width)...)
		}
		keys = ui.KeyHelp("↑/↓ pgup/pgdn", "scroll", "q", "quit")
		if n := c.fixable(); n > 0 {
			body = append(body, "")
			wrap(fmt.Sprintf("almwiz apply repairs %d of these; the review shows the plan first.", n), "  ")
			keys = ui.KeyHelp("a", "apply the fixes", "↑/↓ pgup/pgdn", "scroll", "q", "quit")
		}
	}
	return c.scroll.frame(ui, theme.Frame{Title: "Check " + c.name, Status: status, Body: body, Focus: -1, Keys: keys}, width, height)
}

// findings lists what needs attention, by service, with what it means, who
// can fix it and how; links in full.
func (c *checkScreen) findings(ui theme.UI, width int) []string {
	rep := c.result.Report
	out := []string{ui.Heading.Render(fmt.Sprintf("  %d healthy, %d drifted, %d missing, %d at risk, %d not checked",
		rep.Count(steps.HealthHealthy), rep.Count(steps.HealthDrifted), rep.Count(steps.HealthMissing),
		rep.Count(steps.HealthAtRisk), rep.Count(steps.HealthUnchecked)))}
	for _, svc := range c.services {
		first, waiting := true, 0
		for _, f := range rep.Findings {
			if f.Service != svc || f.Health == steps.HealthHealthy {
				continue
			}
			if first {
				out = append(out, "", "  "+ui.Heading.Render(svc))
				first = false
			}
			if f.Blocked {
				waiting++
				continue
			}
			mark, style := theme.MarkWarning, ui.Warn
			if f.Health == steps.HealthMissing || f.Health == steps.HealthDrifted {
				mark, style = theme.MarkFailed, ui.Bad
			}
			out = append(out, theme.Wrap(style.Render(mark+" "+string(f.Health))+"  "+f.Title, width-2, "   ")...)
			if f.Detail != "" {
				out = append(out, theme.Wrap(f.Detail, width-2, "       ")...)
			}
			if f.Fix != "" {
				out = append(out, theme.Wrap(ui.Faint.Render("fix: ")+f.Fix, width-2, "       ")...)
			}
			if f.Link != "" {
				out = append(out, theme.Wrap(ui.Link.Render(f.Link), width-2, "       ")...)
			}
		}
		if waiting > 0 {
			out = append(out, theme.Wrap(ui.Faint.Render(fmt.Sprintf("%s %d more not checked: they need what is missing above", theme.MarkPending, waiting)), width-2, "   ")...)
		}
	}
	return out
}
