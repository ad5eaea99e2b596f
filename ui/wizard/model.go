package wizard

import (
	"context"
	"os"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/progress"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// screen is one page of the wizard. Screens never do I/O: they return
// commands, and tell the Model where to go with the messages below.
type screen interface {
	update(msg tea.Msg) (screen, tea.Cmd)
	view(ui theme.UI, width, height int) string
}

// Messages by which screens hand over to the next one.
type (
	backMsg  struct{} // go to the previous screen
	startMsg struct {
		start   Start
		profile *profiles.Profile
	} // welcome chose how to start
	questionsDoneMsg struct{}                            // every visible question answered
	modelsChosenMsg  struct{ models profiles.Models }    // recommendation accepted or overridden
	detailsDoneMsg   struct{ profile *profiles.Profile } // details valid
	planningMsg      struct{ draft *profiles.Profile }   // review the planning answers behind a preset
	reviewDoneMsg    struct{ install bool }              // continue to install, or quit with the profile
	exportedMsg      struct {
		path string
		err  error
	} // an export finished
	installMsg struct {
		run *progress.Model
		err error
	} // Install returned
)

// Model is the wizard's root model: it holds what the screens decided
// and shows one screen at a time.
type Model struct {
	ctx     context.Context
	opts    Options
	ui      theme.UI
	width   int
	height  int
	current screen
	history []screen // for Back

	answers profiles.Answers
	profile *profiles.Profile
	found   *Found // what the early sign-in found; nil when the admin skipped it
	result  Result
	err     error
	send    func(tea.Msg) // set by Run to the program's Send
	start   tea.Cmd       // the first screen's commands, when New skipped the welcome
}

// New returns the wizard's model, starting at the welcome screen (or, with
// opts.Preset or opts.Profile, at the planning questions or the review).
func New(ctx context.Context, opts Options) *Model {
	ui := theme.NewUI(true).WithHyperlinks(!opts.NoColor)
	m := &Model{ctx: ctx, opts: opts, ui: ui, width: theme.DefaultWidth, height: theme.DefaultHeight, answers: profiles.Answers{}}
	resume := opts.HasCheckpoint != nil && opts.HasCheckpoint()
	var found []Installation
	if opts.Installations != nil && opts.Resume != nil {
		found, resume = opts.Installations(), false
	}
	w := newWelcome(resume, opts.Target)
	if len(found) > 0 {
		w.offerResume(found)
	}
	if opts.Check != nil {
		w.offerCheck(opts.SavedProfile)
	}
	m.current = w
	switch {
	case opts.Profile != nil:
		m.start = m.begin(StartFile, opts.Profile)
	case opts.Preset != "":
		if p, err := profiles.Preset(opts.Preset); err == nil {
			m.start = m.begin(StartPreset, p)
		}
	}
	return m
}

func programOptions(ctx context.Context, opts Options) []tea.ProgramOption {
	o := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(opts.Input), tea.WithOutput(opts.Output)}
	if opts.NoColor {
		o = append(o, tea.WithColorProfile(colorprofile.Ascii))
	}
	return o
}

// Init asks the terminal for its background colour, to pick the theme, and
// starts the first screen.
func (m *Model) Init() tea.Cmd { return tea.Batch(tea.RequestBackgroundColor, m.start) }

// Result returns what the wizard decided so far.
func (m *Model) Result() Result { return m.result }

// Update routes a message to the current screen, or moves between screens.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.ui = theme.NewUI(msg.IsDark()).WithHyperlinks(m.ui.Hyperlinks)
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" && !m.onProgress() {
			return m, tea.Quit
		}
		if theme.TooSmall(m.width, m.height) && msg.String() != "ctrl+c" {
			return m, nil // the screen is hidden: a key must not act on it unseen
		}
	case backMsg:
		m.back()
		return m, nil
	case startMsg:
		return m, m.begin(msg.start, msg.profile)
	case resumeMsg:
		return m, m.resumeInstall(msg.inst)
	case questionsDoneMsg:
		return m, m.push(newRecommendation(m.answers, m.detailsFor))
	case modelsChosenMsg:
		return m, m.afterModels(msg.models)
	case earlyDoneMsg:
		return m, m.earlyDone(msg)
	case planningMsg:
		m.profile = msg.draft // keep what was typed: the same models come back to it
		return m, m.push(newQuestions(m.answers))
	case detailsDoneMsg:
		m.profile = nameFromTenant(msg.profile)
		return m, m.push(newReview(m.profile, m.exportPath(), m.opts.WriteFile, m.planSummary()))
	case exportedMsg:
		if msg.err == nil {
			m.result.Exported = msg.path
		}
	case reviewDoneMsg:
		return m, m.finishReview(msg.install)
	case installMsg:
		return m, m.startProgress(msg)
	case checkStartedMsg:
		return m, m.startCheck(msg)
	case checkDoneMsg:
		if msg.res.Err == nil {
			m.result.Checked = &msg.res.Report
		}
	case fixMsg:
		m.result.Start = StartFile
		return m, m.push(newReview(m.profile, m.exportPath(), m.opts.WriteFile, m.opts.PlanSummary))
	case progress.FinishedMsg:
		m.result.Summary = msg.Summary
		return m, tea.Quit
	}
	var cmd tea.Cmd
	m.current, cmd = m.current.update(msg)
	return m, cmd
}

// View shows the current screen at the terminal's size.
func (m *Model) View() tea.View {
	v := tea.NewView(m.current.view(m.ui, m.width, m.height))
	v.AltScreen = true
	v.WindowTitle = "almwiz"
	return v
}

func (m *Model) push(s screen) tea.Cmd {
	m.history = append(m.history, m.current)
	m.current = s
	if i, ok := s.(interface{ init() tea.Cmd }); ok {
		return i.init()
	}
	return nil
}

func (m *Model) back() {
	if n := len(m.history); n > 0 {
		m.current, m.history = m.history[n-1], m.history[:n-1]
	}
}

func (m *Model) onProgress() bool {
	switch m.current.(type) {
	case *progressScreen, *signIn:
		return true
	}
	return false
}

// begin applies the welcome screen's choice.
func (m *Model) begin(start Start, p *profiles.Profile) tea.Cmd {
	m.result.Start = start
	switch start {
	case StartResume:
		m.result.Resume = true
		return tea.Quit // the caller resumes: no Options.Resume, or the accessible mode
	case StartCheck:
		m.profile = p
		m.answers = cloneAnswers(p.Answers)
		s := newSignIn(p)
		s.action = "the check"
		return tea.Batch(m.push(s), m.checkCmd())
	case StartFile:
		m.profile = p
		m.answers = cloneAnswers(p.Answers)
		return m.push(newReview(p, m.exportPath(), m.opts.WriteFile, m.opts.PlanSummary))
	case StartPreset:
		// The preset answered the questions already: show what it filled in,
		// with its planning answers one key away.
		m.profile = p
		m.answers = cloneAnswers(p.Answers)
		return m.afterModels(p.Models) // the offer to sign in first, then the details
	default:
		m.profile, m.answers = nil, profiles.Answers{}
	}
	return m.push(newQuestions(m.answers))
}

// exportPath is the default path offered for export: the file the
// profile came from, else ./<name>.yaml.
func (m *Model) exportPath() string {
	if m.opts.ProfilePath != "" && m.result.Start == StartFile {
		return m.opts.ProfilePath
	}
	if m.profile == nil {
		return "./profile.yaml"
	}
	return "./" + m.profile.Metadata.Name + ".yaml"
}

func (m *Model) finishReview(install bool) tea.Cmd {
	m.result.Profile = m.profile
	m.result.Install = install
	if !install || m.opts.Install == nil {
		return tea.Quit
	}
	s := newSignIn(m.profile)
	cmd := m.push(s)
	return tea.Batch(cmd, m.installCmd())
}

// installCmd calls Options.Install off the update loop.
func (m *Model) installCmd() tea.Cmd { return m.runCmd(m.opts.Install) }

// runCmd calls install (Options.Install, or a resume) off the update loop
// and hands its events to a progress view.
func (m *Model) runCmd(install func(context.Context, *profiles.Profile, func(tea.Msg)) (<-chan steps.Event, error)) tea.Cmd {
	ctx, p, send := m.ctx, m.profile, m.send
	if send == nil {
		send = func(tea.Msg) {}
	}
	control, stateDir, exported, noColor := m.opts.Control, m.opts.StateDir, m.result.Exported, m.opts.NoColor
	noDecisions := m.opts.NoDecisions || control == nil
	nextFlags := ""
	if m.opts.NextFlags != nil {
		nextFlags = m.opts.NextFlags(p)
	}
	return func() tea.Msg {
		events, err := install(ctx, p, send)
		if err != nil {
			return installMsg{err: err}
		}
		run := progress.New(events, progress.Options{Title: p.Metadata.Name, Control: control, NoDecisions: noDecisions, ProfilePath: exported, StateDir: stateDir, NextFlags: nextFlags, NoColor: noColor})
		return installMsg{run: run}
	}
}

// checkCmd calls Options.Check off the update loop.
func (m *Model) checkCmd() tea.Cmd {
	ctx, p, check, send := m.ctx, m.profile, m.opts.Check, m.send
	if send == nil {
		send = func(tea.Msg) {}
	}
	return func() tea.Msg {
		events, done, err := check(ctx, p, send)
		return checkStartedMsg{events, done, err}
	}
}

func (m *Model) startCheck(msg checkStartedMsg) tea.Cmd {
	if msg.err != nil {
		m.err = msg.err
		if s, ok := m.current.(*signIn); ok {
			s.failed = msg.err
		}
		return nil
	}
	m.history = m.history[:min(len(m.history), 1)] // back from the findings is the welcome screen
	m.current = newCheckScreen(m.profile.Metadata.Name, msg.events, msg.done)
	return m.current.(*checkScreen).init()
}

func (m *Model) startProgress(msg installMsg) tea.Cmd {
	if msg.err != nil {
		m.err = msg.err
		if s, ok := m.current.(*signIn); ok {
			s.failed = msg.err
		}
		return nil
	}
	m.history = nil // no way back once the install runs
	// The terminal sent its size once, to the wizard: the progress view
	// starts at that size, not at its default, until the next resize.
	msg.run.Update(tea.WindowSizeMsg{Width: m.width, Height: m.height})
	m.current = &progressScreen{run: msg.run}
	return msg.run.Init()
}

// defaultWriteFile writes an exported profile, refusing to replace a file
// unless overwrite is set.
func defaultWriteFile(path string, data []byte, overwrite bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if !overwrite {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// nameFromTenant names a profile that still has its preset's name after
// the tenant it now installs into (contoso for contoso.onmicrosoft.com):
// the name is the state directory's, and "demo" kept for another tenant
// made a second installation share the first one's checkpoint (issue 14
// bug 4).
func nameFromTenant(p *profiles.Profile) *profiles.Profile {
	if name := profiles.NameForTenant(p); name != "" {
		p.Metadata.Name = name
	}
	return p
}
