package theme

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFrameKeepsEveryLineReachableAtTheMinimumSize(t *testing.T) {
	var body []string
	for i := 0; i < 50; i++ {
		body = append(body, fmt.Sprintf("line %d %s", i, strings.Repeat("x", 100)))
	}
	ui := NewUI(true)
	out := ansi.Strip(ui.Render(Frame{Title: "T", Status: "S", Body: body, Focus: 30, Keys: "k"}, MinWidth, MinHeight))
	lines := strings.Split(out, "\n")
	if len(lines) != MinHeight {
		t.Fatalf("%d lines, want %d", len(lines), MinHeight)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > MinWidth {
			t.Errorf("line wider than %d: %q", MinWidth, l)
		}
	}
	if !strings.Contains(out, "line 30 ") || !strings.Contains(out, "more above") || !strings.Contains(out, "more below") {
		t.Errorf("focus line or scroll marks missing:\n%s", out)
	}
}

func TestScrollOffset(t *testing.T) {
	for _, c := range []struct{ off, focus, total, room, want int }{
		{0, -1, 10, 20, 0}, {5, -1, 30, 20, 5}, {50, -1, 30, 20, 10}, {0, 25, 30, 20, 6}, {10, 3, 30, 20, 3},
	} {
		if got := ScrollOffset(c.off, c.focus, c.total, c.room); got != c.want {
			t.Errorf("ScrollOffset(%d, %d, %d, %d) = %d, want %d", c.off, c.focus, c.total, c.room, got, c.want)
		}
	}
}

func TestNoColorHonoursAnyValueAndDumbTerminals(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	if !NoColor(env(map[string]string{"NO_COLOR": "yes"})) || !NoColor(env(map[string]string{"TERM": "dumb"})) || NoColor(env(nil)) {
		t.Error("NoColor does not follow no-color.org")
	}
}
