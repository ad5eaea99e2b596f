package wizard

import "almwiz/ui/theme"

// scroll is a screen's position in a body taller than the room the frame
// leaves it. The view measures the body and the room each time it draws
// (fit), so the keys move by a real page and never past the last one.
type scroll struct {
	offset int
	last   int // the last page's offset, as last measured
	page   int // body lines in view, as last measured
}

// frame renders f with the body scrolled to this position, measuring the
// page as Render lays f out (its header and key help may wrap), so that the
// keys move by a real page and stop at the last one.
func (s *scroll) frame(ui theme.UI, f theme.Frame, width, height int) string {
	s.page = ui.BodyRoom(f, width, height)
	s.last = max(0, len(f.Body)-s.page)
	s.offset = theme.ScrollOffset(s.offset, f.Focus, len(f.Body), s.page)
	f.Offset = s.offset
	return ui.Render(f, width, height)
}

// by moves n lines, stopping at the first and the last page.
func (s *scroll) by(n int) { s.offset = max(0, min(s.offset+n, s.last)) }

// key scrolls a page for pgdown and pgup, and reports whether it was one.
func (s *scroll) key(k string) bool {
	switch k {
	case "pgdown":
		s.by(max(1, s.page-1)) // one line of the old page stays, to read on from
	case "pgup":
		s.by(-max(1, s.page-1))
	default:
		return false
	}
	return true
}

// step moves a menu's cursor by d among n items, stopping at the ends
// rather than wrapping round.
func step(cursor, d, n int) int { return max(0, min(cursor+d, n-1)) }
