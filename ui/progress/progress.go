// Package progress is the live view of an install: the runner's events as a
// task list grouped by service, with a spinner per running step, elapsed
// times, an overall progress bar, a log pane and, at the end, the summary.
// It never reads the event channel inside Update: a tea.Cmd waits for the
// next event and delivers it as a message. The admin's decisions (retry,
// skip, stop) go back to the caller through Options.Control, also from a
// tea.Cmd.
package progress

import (
	"io"
	"time"

	"almwiz/steps"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// ActionKind is a decision the admin takes during a run.
type ActionKind string

// The decisions the progress view reports.
const (
	ActionRetry   ActionKind = "retry"    // run the failed step again
	ActionSkip    ActionKind = "skip"     // leave the failed step (and what needs it) for later
	ActionStop    ActionKind = "stop"     // start nothing new; stop after the running steps; resume later
	ActionStopNow ActionKind = "stop-now" // cancel the running steps too (the checkpoint is kept)
	// ActionRecheck checks the steps waiting for a person again now.
	ActionRecheck ActionKind = "recheck"
	// ActionStopWaiting leaves the steps waiting for a person for almwiz
	// resume; the run goes on without waiting.
	ActionStopWaiting ActionKind = "stop-waiting"
)

// Action is one decision, for StepID when it concerns a step.
type Action struct {
	Kind   ActionKind
	StepID string
}

// Options configure the progress view.
type Options struct {
	Title   string       // the profile name, shown in the header
	Control func(Action) // receives the admin's decisions; may be nil
	// NoDecisions hides retry and skip: the caller cannot act on them (the
	// runner stops after a failure; almwiz resume retries), so the view
	// offers only to stop and resume later.
	NoDecisions bool
	ProfilePath string // shown on the summary
	StateDir    string // shown on the summary
	// NextFlags are the flags that make the next commands shown on the
	// summary work as printed, e.g. "--state-dir .almwiz/demo --sandbox".
	NextFlags string

	// For Run: the terminal's streams (never /dev/tty), plain lines
	// instead of the live view, and no colour.
	Input      io.Reader
	Output     io.Writer
	Accessible bool
	NoColor    bool // also: no terminal hyperlinks (OSC 8)
}

// FinishedMsg is sent when the admin leaves the summary. Embedded in the
// wizard, the wizard ends; on its own, the program quits.
type FinishedMsg struct{ Summary *steps.Summary }

// Messages the view sends itself.
type (
	eventMsg  struct{ ev steps.Event }
	closedMsg struct{}
	tickMsg   time.Time
	actedMsg  struct{}
)

// Model is the progress view's model.
type Model struct {
	events  <-chan steps.Event
	opts    Options
	ui      theme.UI
	width   int
	height  int
	run     run
	frame   int       // spinner frame
	now     time.Time // the latest clock reading, from ticks and events
	showLog bool
	logOff  int // lines scrolled up from the end of the log
	offset  int // task list scroll
	stop    int // Ctrl+C presses so far
	closed  bool
	uiGen   int // bumped when the theme changes, to refresh memoised lines
}

// New returns the progress view reading events until EventDone or until
// the channel is closed.
func New(events <-chan steps.Event, opts Options) *Model {
	r := newRun()
	r.noDecisions = opts.NoDecisions
	ui := theme.NewUI(true).WithHyperlinks(!opts.NoColor)
	return &Model{events: events, opts: opts, ui: ui, width: theme.DefaultWidth, height: theme.DefaultHeight, run: r}
}

// Init starts waiting for events and the spinner's clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.wait(), tick(), tea.RequestBackgroundColor)
}

// wait returns a command that delivers the next event.
func (m *Model) wait() tea.Cmd {
	ch := m.events
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return closedMsg{}
		}
		return eventMsg{ev}
	}
}

func tick() tea.Cmd {
	return tea.Tick(120*time.Millisecond, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// control reports a decision to the caller off the update loop.
func (m *Model) control(a Action) tea.Cmd {
	c := m.opts.Control
	if c == nil {
		return nil
	}
	return func() tea.Msg { c(a); return actedMsg{} }
}

// Done reports whether the run has ended.
func (m *Model) Done() bool { return m.run.summary != nil || m.closed }

// Summary returns the run's outcome once it ended, else nil.
func (m *Model) Summary() *steps.Summary { return m.run.summary }

// Update applies an event, a clock tick or a key.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.ui = theme.NewUI(msg.IsDark()).WithHyperlinks(m.ui.Hyperlinks)
		m.uiGen++
	case eventMsg:
		m.run.apply(msg.ev)
		if msg.ev.Time.After(m.now) {
			m.now = msg.ev.Time
		}
		if msg.ev.Kind == steps.EventDone {
			if m.stop > 0 { // the admin stopped the run: end with it
				return m, send(FinishedMsg{m.run.summary})
			}
			return m, tea.ClearScreen // see redraw
		}
		return m, m.wait()
	case closedMsg:
		m.closed = true
		m.run.finish()
		if m.stop > 0 {
			return m, send(FinishedMsg{m.run.summary})
		}
		return m, tea.ClearScreen
	case tickMsg:
		m.frame++
		if t := time.Time(msg); t.After(m.now) {
			m.now = t
		}
		if !m.Done() {
			return m, tick()
		}
	case FinishedMsg:
		return m, tea.Quit
	case tea.KeyPressMsg:
		return m, m.key(msg.String())
	}
	return m, nil
}

func (m *Model) key(k string) tea.Cmd {
	if k == "ctrl+c" {
		return m.interrupt()
	}
	if theme.TooSmall(m.width, m.height) {
		return nil // the view is hidden: a key must not act on it unseen
	}
	if m.Done() {
		return m.summaryKey(k)
	}
	f := m.run.pendingStep()
	if p := m.run.personStep(); f == nil && p != nil && (k == "r" || k == "s") {
		if k == "r" {
			p.message = "re-checking…"
			return m.control(Action{ActionRecheck, p.id})
		}
		p.message = "leaving it for almwiz resume…"
		return m.control(Action{ActionStopWaiting, p.id})
	}
	switch {
	case k == "l":
		m.showLog, m.logOff = !m.showLog, 0
		return tea.ClearScreen
	case k == "pgup" || k == "up":
		m.scroll(-1, k)
	case k == "pgdown" || k == "down":
		m.scroll(1, k)
	case k == "r" && f != nil && f.retryable:
		m.run.decide(f, "retrying…")
		return m.control(Action{ActionRetry, f.id})
	case k == "s" && f != nil:
		m.run.decide(f, "skipping…")
		return m.control(Action{ActionSkip, f.id})
	case k == "q" && f != nil:
		return m.interrupt()
	}
	return nil
}

func (m *Model) scroll(dir int, k string) {
	n := 1
	if k == "pgup" || k == "pgdown" {
		n = 10
	}
	if m.showLog {
		m.logOff = max(0, m.logOff-dir*n)
		return
	}
	m.offset = max(0, m.offset+dir*n)
}

// interrupt follows the runner's rules: the first Ctrl+C (or q) stops
// after the running steps, the second stops now. The view ends when the
// run does, without waiting on the summary: the admin asked to leave.
func (m *Model) interrupt() tea.Cmd {
	if m.Done() {
		return send(FinishedMsg{m.run.summary})
	}
	m.stop++
	if m.stop == 1 {
		return m.control(Action{Kind: ActionStop})
	}
	return m.control(Action{Kind: ActionStopNow})
}

func (m *Model) summaryKey(k string) tea.Cmd {
	switch k {
	case "q", "enter", "esc":
		return send(FinishedMsg{m.run.summary})
	case "l":
		m.showLog, m.logOff = !m.showLog, 0
		return tea.ClearScreen
	case "pgup", "up":
		m.scroll(-1, k)
	case "pgdown", "down":
		m.scroll(1, k)
	}
	return nil
}

// Switching between the task list, the log and the summary moves most
// lines by one or two rows; in tmux 3.3a Bubble Tea's scroll optimisation
// then left stale cells, so those switches repaint the whole screen.

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// View shows the task list while the run goes on, the summary after.
func (m *Model) View() tea.View {
	var s string
	if m.Done() {
		s = m.summaryView()
	} else {
		s = m.listView()
	}
	v := tea.NewView(s)
	v.AltScreen = true
	return v
}
