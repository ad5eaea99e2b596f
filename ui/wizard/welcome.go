package wizard

import (
	"strings"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/theme"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// DeprecationLink is Microsoft's page on Pipelines for Power Platform, the
// successor of the ALM Accelerator.
const DeprecationLink = "https://learn.microsoft.com/power-platform/alm/pipelines"

// welcome says what will happen and asks how to start.
type welcome struct {
	choices  []welcomeChoice
	cursor   int
	mode     string         // "": how to start; "check": what to check; "preset": which preset; "file": the path
	check    bool           // the preset or file chosen is to be checked, not installed
	installs []Installation // the installs to resume, when Options.Resume is set
	saved    func() (*profiles.Profile, error)
	path     textinput.Model
	err      string
	target   string // where the install goes, when not the real cloud
	scroll   scroll // the file mode's, to read a long list of problems
	jump     bool   // the next view scrolls to the file question, to show a new error
}

type welcomeChoice struct {
	start Start
	label string
}

type loadedMsg struct {
	profile *profiles.Profile
	err     error
}

func newWelcome(resume bool, target string) *welcome {
	w := &welcome{target: target, choices: []welcomeChoice{
		{StartScratch, "From scratch — answer the planning questions"},
		{StartPreset, "From a preset — demo, enterprise or multi-tenant"},
		{StartFile, "From a profile file"},
	}}
	if resume {
		w.choices = append([]welcomeChoice{{StartResume, "Resume the install found in the state directory"}}, w.choices...)
	}
	w.path = textinput.New()
	w.path.Placeholder = "./contoso.yaml"
	w.path.Prompt = "  File: "
	return w
}

// offerCheck adds "Check an existing installation"; saved, when set, gives
// the profile kept in the state directory found.
func (w *welcome) offerCheck(saved func() (*profiles.Profile, error)) {
	w.saved = saved
	w.choices = append(w.choices, welcomeChoice{StartCheck, "Check an existing installation — read-only, then fix what it finds"})
}

// checkSources are what the check can start from.
func (w *welcome) checkSources() []string {
	out := []string{"A preset", "A profile file"}
	if w.saved != nil {
		out = append(out, "The installation in the state directory")
	}
	return out
}

// started is where a loaded profile goes: the check or the install.
func (w *welcome) started(s Start, p *profiles.Profile) tea.Cmd {
	if w.check {
		return send(startMsg{StartCheck, p})
	}
	return send(startMsg{s, p})
}

func (w *welcome) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			w.err, w.jump = msg.err.Error(), true
			return w, nil
		}
		return w, w.started(StartFile, msg.profile)
	case tea.KeyPressMsg:
		if w.mode == "file" {
			return w.updatePath(msg)
		}
		return w.updateChoice(msg)
	}
	return w, nil
}

// presetBlurbs say what each preset is, beside its name.
var presetBlurbs = map[string]string{
	"demo":         "one demo tenant, trial environments created for you",
	"enterprise":   "one tenant, existing environments, one organization",
	"multi-tenant": "development and production in separate tenants",
}

func (w *welcome) options() []string {
	if w.mode == "preset" {
		var out []string
		for _, n := range profiles.PresetNames() {
			out = append(out, n+cmpOr(prefix(" — ", presetBlurbs[n]), ""))
		}
		return out
	}
	if w.mode == "check" {
		return w.checkSources()
	}
	if w.mode == "resume" {
		return w.installLabels()
	}
	var out []string
	for _, c := range w.choices {
		out = append(out, c.label)
	}
	return out
}

func (w *welcome) updateChoice(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	n := len(w.options())
	switch msg.String() {
	case "up", "k", "shift+tab":
		w.cursor = step(w.cursor, -1, n)
	case "down", "j", "tab":
		w.cursor = step(w.cursor, 1, n)
	case "esc":
		if w.mode != "" {
			w.mode, w.cursor, w.check = "", 0, false
		}
	case "q":
		return w, tea.Quit
	case "enter", "space":
		return w.choose()
	}
	return w, nil
}

func (w *welcome) choose() (screen, tea.Cmd) {
	if w.mode == "preset" {
		p, err := profiles.Preset(profiles.PresetNames()[w.cursor])
		if err != nil {
			w.err = err.Error()
			return w, nil
		}
		return w, w.started(StartPreset, p)
	}
	if w.mode == "check" {
		return w.chooseCheck()
	}
	if w.mode == "resume" {
		return w, send(resumeMsg{w.installs[w.cursor]})
	}
	switch c := w.choices[w.cursor]; c.start {
	case StartResume:
		if len(w.installs) == 1 {
			return w, send(resumeMsg{w.installs[0]})
		}
		if len(w.installs) > 1 {
			w.mode, w.cursor = "resume", 0
			return w, nil
		}
		return w, send(startMsg{c.start, nil})
	case StartCheck:
		w.mode, w.cursor, w.check = "check", 0, true
	case StartPreset:
		w.mode, w.cursor = "preset", 0
	case StartFile:
		w.mode, w.err = "file", ""
		return w, w.path.Focus()
	default:
		return w, send(startMsg{c.start, nil})
	}
	return w, nil
}

// chooseCheck starts the check from a preset, a file or the saved profile.
func (w *welcome) chooseCheck() (screen, tea.Cmd) {
	switch w.cursor {
	case 0:
		w.mode, w.cursor = "preset", 0
	case 1:
		w.mode, w.err = "file", ""
		return w, w.path.Focus()
	default:
		p, err := w.saved()
		if err != nil {
			w.err = err.Error()
			return w, nil
		}
		return w, send(startMsg{StartCheck, p})
	}
	return w, nil
}

func (w *welcome) updatePath(msg tea.KeyPressMsg) (screen, tea.Cmd) {
	switch msg.String() {
	case "esc":
		w.mode, w.scroll = "", scroll{}
		w.path.Blur()
		return w, nil
	case "down":
		w.scroll.by(3)
		return w, nil
	case "up":
		w.scroll.by(-3)
		return w, nil
	case "pgdown", "pgup":
		w.scroll.key(msg.String())
		return w, nil
	case "enter":
		path := strings.TrimSpace(w.path.Value())
		if path == "" {
			w.err = "type the path of a profile file, or esc to go back"
			return w, nil
		}
		return w, loadProfileCmd(path)
	}
	var cmd tea.Cmd
	w.path, cmd = w.path.Update(msg)
	return w, cmd
}

// loadProfileCmd reads a profile file off the update loop.
func loadProfileCmd(path string) tea.Cmd {
	return func() tea.Msg {
		p, err := profiles.LoadFile(path)
		return loadedMsg{p, err}
	}
}

func (w *welcome) view(ui theme.UI, width, height int) string {
	wrap := func(s string) []string { return theme.Wrap(s, width-2, "  ") }
	var body []string
	body = append(body, "")
	body = append(body, wrap("almwiz installs Microsoft's ALM Accelerator for Power Platform: the Entra app registration and makers group, an Azure DevOps project with the pipeline templates, pipelines, variable group and service connections, and the Power Platform environments, application users and solution.")...)
	body = append(body, "")
	body = append(body, wrap(ui.Heading.Render("Time")+"  about 5 minutes of questions, then 15–40 minutes of install; you can stop and resume at any point.")...)
	body = append(body, wrap(ui.Heading.Render("Roles")+" "+RolesNeeded()+". The review says who does what.")...)
	body = append(body, "")
	body = append(body, wrap(ui.Warn.Render(theme.MarkWarning+" Deprecated:")+" Microsoft recommends Pipelines for Power Platform instead:")...)
	body = append(body, ui.LinkLines(DeprecationLink, width, "    ")...)
	body = append(body, wrap("almwiz installs the accelerator's last release, March 2024.")...)
	body = append(body, "")
	focus := -1
	body, focus = w.choiceLines(ui, body, width)
	if w.err != "" {
		body = append(body, "")
		body = append(body, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" "+w.err), width-2, "  ")...)
	}
	keys := ui.KeyHelp("↑/↓", "choose", "enter", "start", "q", "quit")
	switch w.mode {
	case "file":
		keys = ui.KeyHelp("enter", "load", "↑/↓/pgup/pgdn", "scroll", "esc", "back")
	case "preset":
		keys = ui.KeyHelp("↑/↓", "choose", "enter", "start", "esc", "back")
	}
	status := "ALM Accelerator for Power Platform"
	if w.target != "" {
		status = w.target
	}
	f := theme.Frame{Title: "Welcome", Status: status, Body: body, Focus: focus, Keys: keys}
	if w.mode == "file" {
		return w.fileFrame(ui, f, width, height)
	}
	return ui.Render(f, width, height)
}

// fileFrame renders the file mode's body from the file question when a new
// error arrived, then from where the admin scrolled to; f.Focus is the
// file question's line.
func (w *welcome) fileFrame(ui theme.UI, f theme.Frame, width, height int) string {
	input := f.Focus
	f.Focus = -1
	switch {
	case w.jump:
		w.jump, w.scroll.offset = false, input-1
	case w.scroll.offset == 0 && w.scroll.page == 0:
		f.Focus = input // first shown: the input in view
	}
	return w.scroll.frame(ui, f, width, height)
}

func (w *welcome) choiceLines(ui theme.UI, body []string, width int) ([]string, int) {
	switch w.mode {
	case "file":
		body = append(body, ui.Heading.Render("  Which profile file?"), w.path.View())
		return body, len(body) - 1
	case "preset":
		body = append(body, ui.Heading.Render("  Which preset?"))
	case "check":
		body = append(body, ui.Heading.Render("  Which installation? almwiz signs in and only reads."))
	case "resume":
		body = append(body, ui.Heading.Render("  Which install to resume? It carries on from its checkpoint."))
	default:
		body = append(body, ui.Heading.Render("  How do you want to start?"))
	}
	focus := 0
	for i, o := range w.options() {
		lines := theme.Wrap(o, width-2, "      ")
		lines[0] = "    " + strings.TrimPrefix(lines[0], "      ")
		if i == w.cursor {
			focus = len(body)
			lines[0] = "  " + theme.MarkCursor + strings.TrimPrefix(lines[0], "   ")
			for j, l := range lines {
				lines[j] = ui.Focus.Render(l)
			}
		}
		body = append(body, lines...)
	}
	return body, focus
}

func prefix(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// send returns a command that delivers msg.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// RolesNeeded names the admin roles an install needs, by service, as the
// review will (steps.AdminRoles).
func RolesNeeded() string {
	var parts []string
	for _, s := range steps.AdminRoles {
		parts = append(parts, s.Service+": "+strings.Join(s.Roles, ", "))
	}
	return strings.Join(parts, " · ")
}
