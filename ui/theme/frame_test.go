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

// Below the minimum size every screen says how large the terminal is and
// how large it must be; at the minimum the frame is drawn.
func TestTooSmallSaysTheSizeNeeded(t *testing.T) {
	ui := NewUI(true)
	out := ansi.Strip(ui.Render(Frame{Title: "T", Body: []string{"body"}, Keys: "k"}, 40, 12))
	if !strings.Contains(out, "40×12") || !strings.Contains(out, fmt.Sprintf("%d×%d", MinWidth, MinHeight)) || strings.Contains(out, "body") {
		t.Errorf("at 40×12:\n%s", out)
	}
	if lines := strings.Split(out, "\n"); len(lines) != 12 {
		t.Errorf("%d lines, want 12", len(lines))
	}
	if out := ansi.Strip(ui.Render(Frame{Title: "T", Body: []string{"body"}, Keys: "k"}, MinWidth, MinHeight)); !strings.Contains(out, "body") {
		t.Errorf("at the minimum size:\n%s", out)
	}
}

// A footer too long for the width and a title too long for the header
// wrap onto more lines; nothing is cut and the frame keeps its height.
func TestHeaderAndFooterWrapRatherThanCut(t *testing.T) {
	ui := NewUI(true)
	keys := ui.KeyHelp("r", "retry", "s", "skip", "l", "log", "q", "stop and resume later", "pgup/pgdn", "scroll")
	title := "Almost done in 0:24 — 1 failed, 1 step needs you, 2 skipped · 2 created"
	out := ansi.Strip(ui.Render(Frame{Title: title, Status: "status", Body: []string{"body"}, Keys: keys}, 60, 20))
	lines := strings.Split(out, "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines, want 20:\n%s", len(lines), out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{title, "q stop and resume later", "pgup/pgdn scroll", "status"} {
		if !strings.Contains(flat, want) {
			t.Errorf("%q is cut:\n%s", want, out)
		}
	}
	if strings.Contains(out, "…") {
		t.Errorf("something was truncated:\n%s", out)
	}
	for _, l := range lines {
		if strings.HasSuffix(strings.TrimSpace(l), "stop and") {
			t.Errorf("a key hint is broken between two lines:\n%s", out)
		}
	}
}

// Wrap breaks at spaces only: a command's --flag stays whole; a word
// longer than the line is broken at the width with nothing added.
func TestWrapKeepsFlagsWholeAndBreaksLongWordsWithoutAddingCharacters(t *testing.T) {
	got := Wrap("Resume almwiz resume --state-dir ./.almwiz/contoso/ --sandbox", 54, "  ")
	if want := []string{"  Resume almwiz resume --state-dir ./.almwiz/contoso/", "  --sandbox"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	id := strings.Repeat("0123456789", 5)
	got = Wrap("id "+id, 22, "  ")
	if strings.Join(got, "") != "  id  "+strings.Join(splitEvery(id, 20), "  ") {
		t.Errorf("Wrap = %q", got)
	}
}

func splitEvery(s string, n int) []string {
	var out []string
	for len(s) > n {
		out, s = append(out, s[:n]), s[n:]
	}
	return append(out, s)
}

// A link is shown whole over as many lines as it needs, each piece a
// terminal hyperlink to the whole URL when hyperlinks are on, plain text
// when they are off.
func TestLinkLinesAreWholeAndHyperlinkedOnlyWhenOn(t *testing.T) {
	url := "https://make.powerapps.com/environments/8eee0913-0e38-4614-8b3e-2f1c5a7d9e10/connections"
	ui := NewUI(true)
	lines := ui.LinkLines(url, 40, "    ")
	var joined string
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("%q is %d wide", l, w)
		}
		joined += strings.TrimPrefix(ansi.Strip(l), "    ")
		if strings.Contains(l, "\x1b]8;") {
			t.Errorf("hyperlink without Hyperlinks: %q", l)
		}
	}
	if joined != url || len(lines) != 3 {
		t.Errorf("%d lines joined to %q", len(lines), joined)
	}
	for _, l := range ui.WithHyperlinks(true).LinkLines(url, 40, "    ") {
		if !strings.HasPrefix(l, "    \x1b]8;id=almwiz-") || !strings.Contains(l, ";"+url+"\x1b\\") || !strings.HasSuffix(l, "\x1b]8;;\x1b\\") {
			t.Errorf("not an OSC 8 hyperlink to the whole URL: %q", l)
		}
	}
}
