package wizard

import (
	"errors"
	"io/fs"
	"strings"

	"almwiz/profiles"
	"almwiz/ui/theme"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// exportPrompt asks where to write the profile and, when the file exists,
// whether to replace it.
type exportPrompt struct {
	path    textinput.Model
	confirm bool // the file exists: waiting for y/n
	err     string
	then    bool // quit once exported
}

func newExportPrompt(defaultPath string, then bool) *exportPrompt {
	e := &exportPrompt{then: then}
	e.path = textinput.New()
	e.path.Prompt = "  Save as: "
	e.path.SetValue(defaultPath)
	e.path.CursorEnd()
	return e
}

// exportCmd renders and writes the profile off the update loop.
func exportCmd(p *profiles.Profile, path string, overwrite bool, write func(string, []byte, bool) error) tea.Cmd {
	if write == nil {
		write = defaultWriteFile
	}
	return func() tea.Msg {
		data, err := profiles.Export(p)
		if err == nil {
			err = write(path, data, overwrite)
		}
		return exportedMsg{path: path, err: err}
	}
}

// update returns the command to run and whether the prompt was cancelled.
func (e *exportPrompt) update(msg tea.KeyPressMsg, p *profiles.Profile, write func(string, []byte, bool) error) (tea.Cmd, bool) {
	path := strings.TrimSpace(e.path.Value())
	if e.confirm {
		switch msg.String() {
		case "y", "Y":
			e.confirm = false
			return exportCmd(p, path, true, write), false
		case "n", "N", "esc":
			e.confirm = false
			e.err = "choose another name"
		}
		return nil, false
	}
	switch msg.String() {
	case "esc":
		return nil, true
	case "enter":
		if path == "" {
			e.err = "type a file name"
			return nil, false
		}
		e.err = ""
		return exportCmd(p, path, false, write), false
	}
	var cmd tea.Cmd
	e.path, cmd = e.path.Update(msg)
	return cmd, false
}

// result records an export's outcome; it reports whether it succeeded.
func (e *exportPrompt) result(msg exportedMsg) bool {
	switch {
	case msg.err == nil:
		return true
	case errors.Is(msg.err, fs.ErrExist):
		e.confirm = true
	default:
		e.err = msg.err.Error()
	}
	return false
}

func (e *exportPrompt) lines(ui theme.UI, width int) []string {
	out := []string{ui.Heading.Render("  Export the profile"), e.path.View()}
	if e.confirm {
		out = append(out, "  "+ui.Warn.Render(theme.MarkWarning+" "+strings.TrimSpace(e.path.Value())+" exists — replace it? y/n"))
	}
	if e.err != "" {
		out = append(out, theme.Wrap(ui.Bad.Render(theme.MarkFailed+" "+e.err), width-2, "  ")...)
	}
	out = append(out, theme.Wrap(ui.Faint.Render("The file holds no secret: share it with your admin team, check it with almwiz validate -f FILE."), width-2, "  ")...)
	return out
}
