// Package theme holds almwiz's styles and decides whether colour is used:
// never with NO_COLOR set to any value, with --no-color, or when the output
// is not a terminal. State marks never rely on colour alone.
package theme

import (
	"io"
	"os"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// Marks read without colour: done, failed, warning, pending, running.
const (
	MarkDone    = "✓"
	MarkFailed  = "✗"
	MarkWarning = "!"
	MarkPending = "·"
	MarkBullet  = "·"
)

// Styles are the text styles of plain command output.
type Styles struct {
	Title   lipgloss.Style
	Heading lipgloss.Style
	Good    lipgloss.Style
	Warn    lipgloss.Style
	Bad     lipgloss.Style
	Faint   lipgloss.Style
	Code    lipgloss.Style
}

// Default returns the styles, adapted to a dark or light background.
func Default(dark bool) Styles {
	light := lipgloss.LightDark(dark)
	return Styles{
		Title:   lipgloss.NewStyle().Bold(true).Foreground(light(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B4A2FF"))),
		Heading: lipgloss.NewStyle().Bold(true),
		Good:    lipgloss.NewStyle().Foreground(light(lipgloss.Color("#1A7F37"), lipgloss.Color("#56D364"))),
		Warn:    lipgloss.NewStyle().Foreground(light(lipgloss.Color("#9A6700"), lipgloss.Color("#E3B341"))),
		Bad:     lipgloss.NewStyle().Foreground(light(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72"))),
		Faint:   lipgloss.NewStyle().Faint(true),
		Code:    lipgloss.NewStyle().Foreground(light(lipgloss.Color("#0550AE"), lipgloss.Color("#79C0FF"))),
	}
}

// NoColor reports whether colour is turned off by the environment: NO_COLOR
// with any non-empty value (https://no-color.org), or TERM=dumb.
func NoColor(environ func(string) string) bool {
	return environ("NO_COLOR") != "" || environ("TERM") == "dumb"
}

// Writer wraps w so that styled text is reduced to what w can show: plain
// text when noColor is set or w is not a terminal.
func Writer(w io.Writer, noColor bool) io.Writer {
	cw := colorprofile.NewWriter(w, os.Environ())
	if noColor && cw.Profile > colorprofile.NoTTY {
		cw.Profile = colorprofile.NoTTY
	}
	return cw
}
