package theme

import (
	"fmt"
	"hash/fnv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
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
	// Hyperlinks makes LinkLines emit terminal hyperlinks (OSC 8) too. Off
	// unless the program turns it on: never without colour.
	Hyperlinks bool
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

// WithHyperlinks returns u with terminal hyperlinks on or off.
func (u UI) WithHyperlinks(on bool) UI {
	u.Hyperlinks = on
	return u
}

// LinkLines shows url in full on as many lines as it needs at width (which
// includes indent): a link is never cut and nothing is added inside it, so
// it can be copied whole. With Hyperlinks every piece is also a terminal
// hyperlink (OSC 8) to the whole URL, with one id so the terminal treats
// the pieces as one link, and opens it with a click.
func (u UI) LinkLines(url string, width int, indent string) []string {
	w := max(10, width-ansi.StringWidth(indent))
	var pieces []string
	piece, pw := "", 0
	for _, r := range url {
		rw := ansi.StringWidth(string(r))
		if pw+rw > w && piece != "" {
			pieces, piece, pw = append(pieces, piece), "", 0
		}
		piece, pw = piece+string(r), pw+rw
	}
	pieces = append(pieces, piece)
	out := make([]string, len(pieces))
	for i, p := range pieces {
		out[i] = indent + u.Hyperlink(url, u.Link.Render(p))
	}
	return out
}

// Hyperlink makes text a terminal hyperlink (OSC 8) to url when Hyperlinks
// is on; see https://gist.github.com/egmontkob/eb114294efbcd5adb1944c9f3cb5feda.
func (u UI) Hyperlink(url, text string) string {
	if !u.Hyperlinks || url == "" {
		return text
	}
	h := fnv.New32a()
	h.Write([]byte(url))
	return fmt.Sprintf("\x1b]8;id=almwiz-%08x;%s\x1b\\%s\x1b]8;;\x1b\\", h.Sum32(), url, text)
}
