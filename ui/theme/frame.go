package theme

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// MinWidth and MinHeight are the smallest terminal the UI is laid out for.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Frame is one screen's content: a header (title, right-aligned status and
// optional extra lines such as a progress bar), a body that scrolls, and a
// footer of key hints.
type Frame struct {
	Title  string
	Status string
	Top    []string // lines between the header and the first rule
	Body   []string // body lines, already wrapped to the width
	Bottom []string // lines kept in view under the body, e.g. the actions
	Offset int      // first body line shown, when the body is taller than the room
	Focus  int      // a body line that must stay visible (-1: none)
	Keys   string
}

// Room returns how many body lines fit at height with top extra header lines.
func Room(height, top int) int {
	return max(1, max(height, MinHeight/2)-4-top)
}

// Render lays f out at width×height. Nothing is lost when the body is taller
// than the room: the view scrolls to keep Focus visible and the rules say
// how many lines are above and below.
func (u UI) Render(f Frame, width, height int) string {
	width = max(width, 40)
	room := Room(height, len(f.Top)+len(f.Bottom))
	off := ScrollOffset(f.Offset, f.Focus, len(f.Body), room)
	end := min(len(f.Body), off+room)
	var b strings.Builder
	b.WriteString(u.header(f, width) + "\n")
	for _, l := range f.Top {
		b.WriteString(ansi.Truncate(l, width, "…") + "\n")
	}
	b.WriteString(u.rule(width, off, "↑ %d more above") + "\n")
	for _, l := range f.Body[off:end] {
		b.WriteString(ansi.Truncate(l, width, "…") + "\n")
	}
	for i := end - off; i < room; i++ {
		b.WriteString("\n")
	}
	b.WriteString(u.rule(width, len(f.Body)-end, "↓ %d more below · pgdn") + "\n")
	for _, l := range f.Bottom {
		b.WriteString(ansi.Truncate(l, width, "…") + "\n")
	}
	b.WriteString(ansi.Truncate(" "+f.Keys, width, "…"))
	return b.String()
}

func (u UI) header(f Frame, width int) string {
	left := " " + u.Brand.Render("almwiz")
	if f.Title != "" {
		left += u.Faint.Render(" · ") + u.Heading.Render(f.Title)
	}
	right := f.Status + " "
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left+" "+right, width, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

func (u UI) rule(width, hidden int, format string) string {
	if hidden <= 0 {
		return u.Rule.Render(" " + strings.Repeat("─", width-2))
	}
	note := " " + fmt.Sprintf(format, hidden) + " "
	line := " " + strings.Repeat("─", 3) + note
	return u.Rule.Render(line + strings.Repeat("─", max(0, width-1-ansi.StringWidth(line))))
}

// ScrollOffset clamps offset so that the window of room lines over total
// lines is full where possible and shows focus (when focus ≥ 0).
func ScrollOffset(offset, focus, total, room int) int {
	if focus >= 0 {
		if focus < offset {
			offset = focus
		}
		if focus >= offset+room {
			offset = focus - room + 1
		}
	}
	return max(0, min(offset, total-room))
}

// Wrap word-wraps text to width and returns its lines, each prefixed by
// indent (the width includes the indent).
func Wrap(text string, width int, indent string) []string {
	w := max(10, width-ansi.StringWidth(indent))
	var out []string
	for _, l := range strings.Split(ansi.Wrap(text, w, ""), "\n") {
		out = append(out, indent+l)
	}
	return out
}
