package wizard

import (
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"charm.land/huh/v2"
)

// typeAnother is the picker's last option: type a value not listed.
const typeAnother = "type another value"

// earlySignIn offers, as numbered choices, to sign in before the details;
// signed in, it lists what the account can see and the details offer it
// as numbered choices.
func (a *accessible) earlySignIn(models profiles.Models) error {
	if a.opts.SignIn == nil {
		return nil
	}
	choice := 1
	opts := []huh.Option[int]{huh.NewOption(earlySignInLabel, 0), huh.NewOption(earlySkipLabel, 1)}
	a.say("", "Sign in now? almwiz then fills in your tenant's domain and lists your environments, organizations and projects to pick from. It only reads; the install uses the same sign-in.")
	if err := a.ask(huh.NewSelect[int]().Title("Sign in now?").Options(opts...).Value(&choice)); err != nil || choice == 1 {
		return err
	}
	draft := a.detailsFor(models)
	if err := a.opts.SignIn(a.ctx, cloneProfile(draft), a.signInLine); err != nil {
		a.say("could not sign in: "+err.Error(), "Type the details instead.")
		return nil
	}
	f := Found{}
	if a.opts.Find != nil {
		f = a.opts.Find(a.ctx, cloneProfile(draft))
	}
	a.found = &f
	a.say("")
	a.say(f.foundLines(theme.NewUI(true), 80)...)
	return nil
}

// pick asks a looked-up field as numbered choices: the values found, then
// "type another value", which asks it as text. ok is false when nothing
// was found for the field.
func (a *accessible) pick(p *profiles.Profile, f field) (ok bool, err error) {
	if a.found == nil || f.lookup == "" {
		return false, nil
	}
	values, _ := a.found.lookup(a.opts.Lookup)(a.ctx, f.lookup, cloneProfile(p))
	if len(values) == 0 {
		return false, nil
	}
	labels := a.found.labels()
	value := f.get(p)
	if !slices.Contains(values, value) {
		value = values[0]
	}
	var opts []huh.Option[string]
	for _, v := range values {
		label := v
		if l := labels[v]; l != "" {
			label = v + " — " + l
		}
		opts = append(opts, huh.NewOption(label, v))
	}
	opts = append(opts, huh.NewOption(typeAnother, typeAnother))
	if f.section != "" {
		a.say("", f.section)
	}
	if err := a.ask(huh.NewSelect[string]().Title(strings.TrimSpace(f.label)).Options(opts...).Value(&value)); err != nil {
		return true, err
	}
	if value == typeAnother {
		f.section = ""
		return true, a.askTyped(p, f)
	}
	f.set(p, value)
	return true, nil
}
