package wizard

import (
	"context"
	"os"

	"almwiz/profiles"
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
}

// New returns the wizard's model, starting at the welcome screen (or, with
// opts.Preset or opts.Profile, at the planning questions or the review).
func New(ctx context.Context, opts Options) *Model {
	m := &Model{ctx: ctx, opts: opts, ui: theme.NewUI(true), width: theme.MinWidth, height: theme.MinHeight, answers: profiles.Answers{}}
	resume := opts.HasCheckpoint != nil && opts.HasCheckpoint()
	m.current = newWelcome(resume, opts.Target)
	switch {
	case opts.Profile != nil:
		m.begin(StartFile, opts.Profile)
	case opts.Preset != "":
		if p, err := profiles.Preset(opts.Preset); err == nil {
			m.begin(StartPreset, p)
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

// Init asks the terminal for its background colour, to pick the theme.
func (m *Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Result returns what the wizard decided so far.
func (m *Model) Result() Result { return m.result }

// Update routes a message to the current screen, or moves between screens.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.ui = theme.NewUI(msg.IsDark())
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" && !m.onProgress() {
			return m, tea.Quit
		}
	case backMsg:
		m.back()
		return m, nil
	case startMsg:
		return m, m.begin(msg.start, msg.profile)
	case questionsDoneMsg:
		return m, m.push(newRecommendation(m.answers, m.detailsFor))
	case modelsChosenMsg:
		return m, m.afterModels(msg.models)
	case earlyDoneMsg:
		return m, m.earlyDone(msg)
	case detailsDoneMsg:
		m.profile = msg.profile
		return m, m.push(newReview(m.profile, m.exportPath(), m.opts.WriteFile, m.planSummary()))
	case exportedMsg:
		if msg.err == nil {
			m.result.Exported = msg.path
		}
	case reviewDoneMsg:
		return m, m.finishReview(msg.install)
	case installMsg:
		return m, m.startProgress(msg)
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
		return tea.Quit
	case StartFile:
		m.profile = p
		m.answers = cloneAnswers(p.Answers)
		return m.push(newReview(p, m.exportPath(), m.opts.WriteFile, m.opts.PlanSummary))
	case StartPreset:
		m.profile = p
		m.answers = cloneAnswers(p.Answers)
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
func (m *Model) installCmd() tea.Cmd {
	ctx, p, install, send := m.ctx, m.profile, m.opts.Install, m.send
	if send == nil {
		send = func(tea.Msg) {}
	}
	control, stateDir, exported := m.opts.Control, m.opts.StateDir, m.result.Exported
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
		run := progress.New(events, progress.Options{Title: p.Metadata.Name, Control: control, NoDecisions: noDecisions, ProfilePath: exported, StateDir: stateDir, NextFlags: nextFlags})
		return installMsg{run: run}
	}
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
