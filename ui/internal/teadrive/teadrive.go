// Package teadrive drives Bubble Tea models synchronously in tests: keys and
// messages in, commands executed, View() text out, and golden files of it.
package teadrive

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// update rewrites the golden files: go test ./ui/... -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// Exec runs cmd synchronously and feeds what it returns back into m,
// recursively. Commands that do not return within commandWait (cursor blinks,
// ticks) are dropped.
func Exec(t *testing.T, m tea.Model, cmd tea.Cmd) tea.Model {
	t.Helper()
	for _, msg := range Run(cmd) {
		if _, quit := msg.(tea.QuitMsg); quit {
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		m = Exec(t, m, next)
	}
	return m
}

// commandWait is how long a command may take before it counts as a timer
// (cursor blink, the progress view's 120 ms tick) and is dropped: short of
// the shortest timer, long enough for a command that does I/O (the export's
// file write) on a loaded machine under -race, where 20 ms was not.
const commandWait = 80 * time.Millisecond

// Run executes cmd and flattens batches and sequences into their messages.
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(commandWait):
		return nil
	}
	if msg == nil {
		return nil
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			out = append(out, Run(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// SendAll delivers msgs to m one by one, running the commands each returns.
func SendAll(t *testing.T, m tea.Model, msgs ...tea.Msg) tea.Model {
	t.Helper()
	for _, msg := range msgs {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		m = Exec(t, m, cmd)
	}
	return m
}

// Key returns the key press for a name such as "enter", "shift+tab" or "a".
func Key(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

func Keys(names ...string) []tea.Msg {
	var out []tea.Msg
	for _, n := range names {
		out = append(out, Key(n))
	}
	return out
}

// Typed returns one key press per rune of s.
func Typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// ScreenText is the view without colour, trailing spaces trimmed.
func ScreenText(v tea.View) string {
	lines := strings.Split(ansi.Strip(v.Content), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// Golden compares text with testdata/name.golden, rewriting it with -update.
func Golden(t *testing.T, name, text string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/... -update)", err)
	}
	if string(want) != text {
		t.Errorf("%s differs from the golden file (go test ./ui/... -update to accept):\n%s", name, text)
	}
}

// CheckSize asserts the view fits width×height.
func CheckSize(t *testing.T, text string, width, height int) {
	t.Helper()
	lines := strings.Split(text, "\n")
	if len(lines) != height {
		t.Errorf("view has %d lines, want %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d wide, more than %d: %q", i+1, w, width, l)
		}
	}
}

// Sizes are the terminal sizes every screen's golden files are kept at:
// below the minimum (the "too small" screen), the minimum's width, the
// classic terminal and a large one.
var Sizes = []struct{ W, H int }{{40, 12}, {60, 20}, {80, 24}, {120, 40}}

// Goldens renders m at each of Sizes into testdata/name_WxH.golden,
// checking that every frame fits its size, and leaves m at 80×24.
func Goldens(t *testing.T, m tea.Model, name string) {
	t.Helper()
	for _, s := range Sizes {
		m.Update(tea.WindowSizeMsg{Width: s.W, Height: s.H})
		text := ScreenText(m.View())
		CheckSize(t, text, s.W, s.H)
		Golden(t, fmt.Sprintf("%s_%dx%d", name, s.W, s.H), text)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
}
