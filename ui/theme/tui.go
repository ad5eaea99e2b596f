package theme

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// More marks of the terminal UI; like the others they read without colour.
const (
	MarkRunning = "⠹" // a running step, when no spinner frame is at hand
	MarkSkipped = "↷" // skipped: out of scope, by the admin, or after a failed dependency
	MarkManual  = "!" // left for a person
	MarkCursor  = ">" // the focused choice
)

// SpinnerFrames are the frames of a running step's spinner.
var SpinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// UI are the styles of the full-screen terminal UI: the wizard and the
// progress view. Colour is only ever a second cue: every state also has a
// mark or a word, and the program's colour profile removes colour entirely
// under NO_COLOR.
type UI struct {
	Styles
	Brand    lipgloss.Style // "almwiz" in the header
	Rule     lipgloss.Style // the horizontal rules
	Key      lipgloss.Style // a key name in the footer
	Focus    lipgloss.Style // the focused row
	Link     lipgloss.Style // a URL
	Big      lipgloss.Style // a device code: large and easy to copy
	Panel    lipgloss.Style // a bordered box
	Selected lipgloss.Style // a chosen option
}

// NewUI returns the terminal UI styles for a dark or light background.
func NewUI(dark bool) UI {
	s := Default(dark)
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B4A2FF"))
	return UI{
		Styles:   s,
		Brand:    s.Title,
		Rule:     lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#AAAAAA"), lipgloss.Color("#555555"))),
		Key:      lipgloss.NewStyle().Bold(true),
		Focus:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Link:     s.Code.Underline(true),
		Big:      lipgloss.NewStyle().Bold(true).Padding(0, 2).Border(lipgloss.RoundedBorder()).BorderForeground(accent),
		Panel:    lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(ld(lipgloss.Color("#AAAAAA"), lipgloss.Color("#555555"))).Padding(0, 1),
		Selected: lipgloss.NewStyle().Foreground(accent),
	}
}

// KeyHelp renders footer key hints from pairs of key and action, e.g.
// KeyHelp("enter", "next", "?", "more help") → "enter next · ? more help".
func (u UI) KeyHelp(pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, u.Key.Render(pairs[i])+" "+u.Faint.Render(pairs[i+1]))
	}
	return strings.Join(parts, u.Faint.Render(" · "))
}
