package wizard

import (
	"context"
	"fmt"

	"almwiz/profiles"
	"almwiz/steps"

	tea "charm.land/bubbletea/v2"
)

// Installation is an install kept in a state directory: its profile copy
// and how far its checkpoint got, as the welcome screen offers to resume it.
type Installation struct {
	Dir     string
	Profile *profiles.Profile
	Tenant  string // the tenant of its app registration
	Done    int    // steps done (or found already there)
	Total   int    // steps of its plan
	Left    string // what is left, e.g. "1 step needs a person"; "" when nothing
}

// Label is the installation in one line: name, tenant and progress (the
// name is its state directory's, .almwiz/<name>).
func (i Installation) Label() string {
	s := fmt.Sprintf("%s · %s · %d of %d done", i.Profile.Metadata.Name, i.Tenant, i.Done, i.Total)
	if i.Left != "" {
		s += " · " + i.Left
	}
	return s
}

// Resume resumes inst's install: it signs in (reporting DeviceCodeMsg and
// SignedInMsg through send), runs the plan from the checkpoint in inst.Dir
// and returns the runner's events, as Install does.
type Resume func(ctx context.Context, inst Installation, send func(tea.Msg)) (<-chan steps.Event, error)

// resumeMsg is the welcome screen's choice of an installation to resume.
type resumeMsg struct{ inst Installation }

// offerResume puts "Resume an install" first when there are any.
func (w *welcome) offerResume(found []Installation) {
	w.installs = found
	label := fmt.Sprintf("Resume an install (%d found)", len(found))
	if len(found) == 1 {
		label = "Resume " + found[0].Profile.Metadata.Name + " — " + found[0].Tenant + fmt.Sprintf(", %d of %d done", found[0].Done, found[0].Total)
	}
	w.choices = append([]welcomeChoice{{StartResume, label}}, w.choices...)
}

// installLabels are the choices of the "resume" mode.
func (w *welcome) installLabels() []string {
	var out []string
	for _, i := range w.installs {
		out = append(out, i.Label())
	}
	return out
}

// resumeCmd calls Options.Resume off the update loop and hands its events
// to the progress view, as installCmd does for a new install.
func (m *Model) resumeCmd(inst Installation) tea.Cmd {
	resume := m.opts.Resume
	return m.runCmd(func(ctx context.Context, _ *profiles.Profile, send func(tea.Msg)) (<-chan steps.Event, error) {
		return resume(ctx, inst, send)
	})
}

// resumeInstall starts the chosen installation's resume inside the wizard:
// the sign-in screen, then the progress view and the summary.
func (m *Model) resumeInstall(inst Installation) tea.Cmd {
	m.profile = inst.Profile
	m.result.Start, m.result.Resume, m.result.Install, m.result.Profile = StartResume, true, true, inst.Profile
	s := newSignIn(inst.Profile)
	return tea.Batch(m.push(s), m.resumeCmd(inst))
}
