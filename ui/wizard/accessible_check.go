package wizard

import (
	"fmt"

	"almwiz/profiles"
	"almwiz/steps"

	"charm.land/huh/v2"
)

// check is the accessible mode's "Check an existing installation": which
// installation, the check as plain lines, the findings, and whether to
// apply the fixes. It reports whether the admin goes on to the review.
func (a *accessible) check() (bool, error) {
	w := newWelcome(false, "")
	w.offerCheck(a.opts.SavedProfile)
	sources := w.checkSources()
	source := 0
	var opts []huh.Option[int]
	for i, s := range sources {
		opts = append(opts, huh.NewOption(s, i))
	}
	if err := a.ask(huh.NewSelect[int]().Title("Which installation? almwiz signs in and only reads.").Options(opts...).Value(&source)); err != nil {
		return false, err
	}
	switch source {
	case 0:
		name := "demo"
		if err := a.ask(huh.NewSelect[string]().Title("Which preset?").Options(huh.NewOptions(profiles.PresetNames()...)...).Value(&name)); err != nil {
			return false, err
		}
		a.profile, _ = profiles.Preset(name)
	case 1:
		if err := a.loadFile(); err != nil {
			return false, err
		}
	default:
		p, err := a.opts.SavedProfile()
		if err != nil {
			return false, err
		}
		a.profile = p
	}
	a.answers = cloneAnswers(a.profile.Answers)
	events, done, err := a.opts.Check(a.ctx, a.profile, a.signInLine)
	if err != nil {
		return false, err
	}
	for ev := range events {
		switch ev.Kind {
		case steps.EventDrifted, steps.EventMissing, steps.EventAtRisk:
			a.say(fmt.Sprintf("%s: %s · %s — %s", ev.Kind, ev.Service, ev.Title, ev.Message))
		}
	}
	res := <-done
	if res.Err != nil {
		return false, res.Err
	}
	a.result.Checked = &res.Report
	rep, fixable := res.Report, 0
	for _, f := range rep.Findings {
		if f.Health == steps.HealthHealthy || f.Blocked {
			continue
		}
		if Fixable(f) {
			fixable++
		}
		a.say(fmt.Sprintf("%s %s · %s", f.Health, f.Service, f.Title))
		for _, l := range []string{f.Detail, f.Fix, f.Link} {
			if l != "" {
				a.say("    " + l)
			}
		}
	}
	a.say(fmt.Sprintf("%d healthy, %d drifted, %d missing, %d at risk, %d not checked. Nothing was changed.",
		rep.Count(steps.HealthHealthy), rep.Count(steps.HealthDrifted), rep.Count(steps.HealthMissing),
		rep.Count(steps.HealthAtRisk), rep.Count(steps.HealthUnchecked)))
	if fixable == 0 {
		return false, nil
	}
	fix := false
	err = a.ask(huh.NewConfirm().Title(fmt.Sprintf("almwiz apply repairs %d of these. Review the plan and apply the fixes?", fixable)).Value(&fix))
	return fix, err
}
