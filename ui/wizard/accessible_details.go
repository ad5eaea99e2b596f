package wizard

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"charm.land/huh/v2"
)

// details asks every field with its default; a value is checked with the
// same rules as `almwiz validate` before the next question. Problems left
// over (such as the topology not fitting the models) are asked again, up
// to three rounds.
func (a *accessible) details(p *profiles.Profile) (*profiles.Profile, error) {
	a.say("", "Details — press enter to keep the value shown.")
	only := map[string]bool(nil)
	for round := 0; round < 3; round++ {
		for i := 0; i < len(buildFields(p)); i++ {
			f := buildFields(p)[i]
			if only != nil && !only[f.path] {
				continue
			}
			if err := a.askField(p, f); err != nil {
				return p, err
			}
		}
		if round == 0 {
			if err := a.entries(p); err != nil {
				return p, err
			}
		}
		d := newDetails(p, nil, nil)
		if d.problemCount() == 0 {
			return p, nil
		}
		only = map[string]bool{}
		for path, msgs := range d.problems {
			only[path] = true
			a.say(path + ": " + strings.Join(msgs, "; "))
		}
		for _, pr := range d.other {
			a.say(pr.String())
		}
	}
	return p, errors.New("the profile still has problems; export it with almwiz validate, or run the wizard again")
}

// entryActions are what the accessible mode offers after the values.
var entryActions = []struct {
	label, which string
	kind         entryKind
	add          bool
}{
	{"Add an environment", "Like which environment?", entryEnvironment, true},
	{"Remove an environment", "Which environment?", entryEnvironment, false},
	{"Add an Azure DevOps organization", "Like which organization?", entryOrganization, true},
	{"Remove an Azure DevOps organization", "Which organization?", entryOrganization, false},
	{"Add a project", "Next to which project?", entryProject, true},
	{"Remove a project", "Which project?", entryProject, false},
	{"Add a tenant", "Like which tenant?", entryTenant, true},
	{"Remove a tenant", "Which tenant?", entryTenant, false},
}

// entries offers to add or remove environments, organizations, projects
// and tenants, as ctrl+n and ctrl+x do on the details screen, until the
// admin says no; a new entry's values are asked like the others.
func (a *accessible) entries(p *profiles.Profile) error {
	for {
		change := false
		if err := a.ask(huh.NewConfirm().Title("Add or remove an environment / organization / tenant?").Value(&change)); err != nil || !change {
			return err
		}
		choice := 0
		var opts []huh.Option[int]
		for i, act := range entryActions {
			opts = append(opts, huh.NewOption(act.label, i))
		}
		if err := a.ask(huh.NewSelect[int]().Title("Which change?").Options(opts...).Value(&choice)); err != nil {
			return err
		}
		if err := a.changeEntry(p, choice); err != nil {
			return err
		}
	}
}

func (a *accessible) changeEntry(p *profiles.Profile, choice int) error {
	act, list := entryActions[choice], entriesOf(p, entryActions[choice].kind)
	which := 0
	var opts []huh.Option[int]
	for i, e := range list {
		opts = append(opts, huh.NewOption(e.removes(p), i))
	}
	if err := a.ask(huh.NewSelect[int]().Title(act.which).Options(opts...).Value(&which)); err != nil {
		return err
	}
	if !act.add {
		what := list[which].removes(p)
		after, err := removeEntry(p, list[which])
		if err != nil {
			a.say(what + " stays: " + err.Error())
		} else {
			a.say(strings.TrimSuffix("removed "+what+" — "+after, " — "))
		}
		return nil
	}
	path, name := addEntry(p, list[which])
	a.say("added " + name)
	fs := buildFields(p)
	added := fs[slices.IndexFunc(fs, func(f field) bool { return f.path == path })].entry
	for _, f := range fs {
		if f.entry == added {
			f.section = ""
			if err := a.askField(p, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// entriesOf lists p's entries of a kind, once each.
func entriesOf(p *profiles.Profile, kind entryKind) []entry {
	var out []entry
	for _, f := range buildFields(p) {
		if f.entry.kind == kind && f.entry.removable && !slices.Contains(out, f.entry) {
			out = append(out, f.entry)
		}
	}
	return out
}

func (a *accessible) askField(p *profiles.Profile, f field) error {
	if picked, err := a.pick(p, f); picked {
		return err
	}
	return a.askTyped(p, f)
}

// askTyped asks a field as a choice of its fixed values, or as text.
func (a *accessible) askTyped(p *profiles.Profile, f field) error {
	value := f.get(p)
	title := strings.TrimSpace(f.label)
	if f.section != "" {
		a.say("", f.section)
	}
	if f.choices != nil {
		err := a.ask(huh.NewSelect[string]().Title(title).Options(huh.NewOptions(f.choices...)...).Value(&value))
		f.set(p, value)
		return err
	}
	current := value
	err := a.ask(huh.NewInput().Title(title + " [" + value + "]").Value(&value).Validate(func(s string) error {
		if strings.TrimSpace(s) == "" {
			s = current // enter keeps the value shown
		}
		draft := cloneProfile(p)
		f.set(draft, s)
		d := newDetails(draft, nil, nil)
		if msgs := d.problems[f.path]; len(msgs) > 0 {
			return errors.New(strings.Join(msgs, "; "))
		}
		return nil
	}))
	f.set(p, value)
	return err
}

// review prints the summary and asks whether to install, export or quit.
func (a *accessible) review() (Result, error) {
	a.say("", "Review")
	if plan := a.planSummary(); plan != nil {
		a.say(planLines(theme.NewUI(true), a.profile, plan(a.profile), 80)...)
	} else {
		a.say(summaryLines(theme.NewUI(true), a.profile, 80)...)
	}
	a.result.Profile = a.profile
	for {
		choice := 0
		var opts []huh.Option[int]
		for i, label := range reviewActions {
			opts = append(opts, huh.NewOption(label, i))
		}
		if err := a.ask(huh.NewSelect[int]().Title("What next?").Options(opts...).Value(&choice)); err != nil {
			return a.result, err
		}
		switch {
		case choice == 0:
			a.result.Install = true
			return a.result, a.install()
		case choice == 2 && a.result.Exported != "":
			return a.result, nil
		}
		if err := a.export(); err != nil {
			return a.result, err
		}
		if choice == 2 {
			return a.result, nil
		}
	}
}

func (a *accessible) export() error {
	path := a.exportPath()
	if err := a.ask(huh.NewInput().Title("Save the profile as [" + path + "]:").Value(&path)); err != nil {
		return err
	}
	msg := exportCmd(a.profile, path, false, a.opts.WriteFile)().(exportedMsg)
	if errors.Is(msg.err, fs.ErrExist) {
		replace := false
		if err := a.ask(huh.NewConfirm().Title(path + " exists. Replace it?").Value(&replace)); err != nil || !replace {
			return err
		}
		msg = exportCmd(a.profile, path, true, a.opts.WriteFile)().(exportedMsg)
	}
	if msg.err != nil {
		a.say("could not export: " + msg.err.Error())
		return nil
	}
	a.result.Exported = path
	a.say(fmt.Sprintf("exported to %s", path))
	return nil
}
