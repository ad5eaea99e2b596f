package theme

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The UI is laid out for any terminal of at least MinWidth×MinHeight;
// below that every screen says so and the size it needs, until a resize.
// 60 columns keep the recommendation's two columns (27 cells each) wide
// enough for every model name and verdict word, the progress rows a step
// title beside its status, and a footer on at most two lines. 18 rows
// leave the summary, whose profile, state, resume and next lines stay in
// view under the body, seven lines of body at 60 columns (the review with
// its export prompt ten). Below 60 the two columns wrap every verdict to
// one or two words a line and the model names no longer fit.
const (
	MinWidth  = 60
	MinHeight = 18
)

// DefaultWidth and DefaultHeight are the size assumed until the terminal
// reports its own.
const (
	DefaultWidth  = 80
	DefaultHeight = 24
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
	Tail   bool     // Offset counts lines up from the end of the body instead (a log)
	Focus  int      // a body line that must stay visible (-1: none)
	Keys   string
}

// BodyRoom is how many lines of f's body Render shows at width×height,
// after the header and the key help (both may wrap), Top, Bottom and the
// two rules: what a page is, for a screen that scrolls.
func (u UI) BodyRoom(f Frame, width, height int) int {
	return max(1, height-len(u.header(f, width))-len(f.Top)-2-len(f.Bottom)-len(u.keyLines(f.Keys, width)))
}

// TooSmall reports whether width×height is below the minimum size.
func TooSmall(width, height int) bool {
	return width < MinWidth || height < MinHeight
}

// Render lays f out at width×height. Nothing is lost when the body is taller
// than the room: the view scrolls to keep Focus visible and the rules say
// how many lines are above and below. The header and the footer wrap rather
// than cut. Below the minimum size it shows TooSmallView instead.
func (u UI) Render(f Frame, width, height int) string {
	if TooSmall(width, height) {
		return u.TooSmallView(width, height)
	}
	head := u.header(f, width)
	keys := u.keyLines(f.Keys, width)
	room := u.BodyRoom(f, width, height)
	offset := f.Offset
	if f.Tail {
		offset = len(f.Body) - room - f.Offset
	}
	off := ScrollOffset(offset, f.Focus, len(f.Body), room)
	end := min(len(f.Body), off+room)
	var lines []string
	lines = append(lines, head...)
	lines = append(lines, f.Top...)
	lines = append(lines, u.rule(width, off, "↑ %d more above"))
	lines = append(lines, f.Body[off:end]...)
	for i := end - off; i < room; i++ {
		lines = append(lines, "")
	}
	lines = append(lines, u.rule(width, len(f.Body)-end, "↓ %d more below · pgdn"))
	lines = append(lines, f.Bottom...)
	lines = append(lines, keys...)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "…")
	}
	return strings.Join(lines, "\n")
}

// TooSmallView says the terminal's size and the size the UI needs; it goes
// away when the terminal is made large enough.
func (u UI) TooSmallView(width, height int) string {
	text := fmt.Sprintf("The terminal is %d×%d; almwiz needs at least %d×%d. Make the window larger, or run almwiz --accessible for plain lines.", width, height, MinWidth, MinHeight)
	lines := []string{" " + u.Brand.Render("almwiz") + u.Faint.Render(" · ") + u.Warn.Render("terminal too small"), ""}
	lines = append(lines, Wrap(text, width-1, " ")...)
	lines = append(lines, "", " "+u.KeyHelp("ctrl+c", "quit"))
	for len(lines) < height {
		lines = append(lines, "")
	}
	lines = lines[:max(1, height)]
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "")
	}
	return strings.Join(lines, "\n")
}

// header is the title on the left and the status on the right, on one
// line when they fit, else the title wrapped and the status under it.
func (u UI) header(f Frame, width int) []string {
	left := " " + u.Brand.Render("almwiz")
	if f.Title != "" {
		left += u.Faint.Render(" · ") + u.Heading.Render(f.Title)
	}
	right := f.Status + " "
	gap := width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap >= 1 {
		return []string{left + strings.Repeat(" ", gap) + right}
	}
	lines := Wrap(left, width-2, "")
	for i := 1; i < len(lines); i++ {
		lines[i] = " " + lines[i]
	}
	if f.Status != "" {
		lines = append(lines, strings.Repeat(" ", max(0, width-ansi.StringWidth(right)))+right)
	}
	return lines
}

// keyLines lays the footer's key hints out on as many lines as they need,
// breaking only between two hints.
func (u UI) keyLines(keys string, width int) []string {
	sep := u.Faint.Render(" · ")
	var lines []string
	line := ""
	for _, part := range strings.Split(keys, sep) {
		switch {
		case line == "":
			line = " " + part
		case ansi.StringWidth(line+sep+part) <= width-1:
			line += sep + part
		default:
			lines = append(lines, line)
			line = " " + part
		}
	}
	lines = append(lines, line)
	var out []string
	for _, l := range lines {
		out = append(out, Wrap(l, width-1, "")...)
	}
	return out
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
// indent (the width includes the indent). It breaks only at spaces, so a
// command such as "almwiz resume --state-dir …" never breaks inside
// "--state-dir"; a word longer than the line (a URL, an id) is broken at
// the width with nothing added inside it.
func Wrap(text string, width int, indent string) []string {
	w := max(10, width-ansi.StringWidth(indent))
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapLine(para, w)...)
	}
	for i, l := range out {
		out[i] = indent + l
	}
	return out
}

func wrapLine(text string, w int) []string {
	var out []string
	line, lw := "", 0
	for i, word := range strings.Split(text, " ") {
		ww := ansi.StringWidth(word)
		switch {
		case i == 0:
			line, lw = word, ww
		case lw+1+ww <= w:
			line, lw = line+" "+word, lw+1+ww
		default:
			out = append(out, line)
			line, lw = word, ww
		}
		for lw > w {
			out = append(out, ansi.Truncate(line, w, ""))
			line = ansi.TruncateLeft(line, w, "")
			lw = ansi.StringWidth(line)
		}
	}
	return append(out, line)
}
