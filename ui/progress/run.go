package progress

import (
	"context"

	"almwiz/steps"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Run shows the run on the terminal given by opts.Input and opts.Output
// (it never opens /dev/tty) until the admin leaves the summary, or with
// opts.Accessible writes plain lines instead. It returns the summary.
func Run(ctx context.Context, events <-chan steps.Event, opts Options) (*steps.Summary, error) {
	if opts.Accessible {
		if opts.NoDecisions {
			return Plain(opts.Output, events, nil, nil), nil
		}
		return Plain(opts.Output, events, opts.Input, opts.Control), nil
	}
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(opts.Input), tea.WithOutput(opts.Output)}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	m := New(events, opts)
	final, err := tea.NewProgram(m, popts...).Run()
	if err != nil {
		return nil, err
	}
	return final.(*Model).Summary(), nil
}
