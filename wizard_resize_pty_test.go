//go:build linux || darwin

package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	frameTitle = regexp.MustCompile(`^\s*almwiz · (\S+(?: \S+)*?)(?:\s{2,}|$)`)
	keyHints   = regexp.MustCompile(`(^|\s)(enter|esc|q|a|ctrl\+\w|pgdn|pgup/pgdn|↑/↓\S*|q/enter) \S`)
)

// usable waits until the screen, at w×h, shows a whole frame of title: the
// title (its first words; a narrow screen may shorten the rest) on the first line and the key help on the last, nothing pushed off
// by a line too wide for the terminal.
func (s *screen) usable(title string, w, h int) {
	s.t.Helper()
	var lines []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		lines = strings.Split(strings.TrimRight(s.text(), "\n"), "\n")
		var last string // the key help, which may wrap onto two lines
		for i, n := len(lines)-1, 0; i >= 0 && n < 2; i-- {
			if l := strings.TrimSpace(lines[i]); l != "" {
				last, n = l+" "+last, n+1
			}
		}
		if m := frameTitle.FindStringSubmatch(lines[0]); m != nil && strings.HasPrefix(m[1], firstWords(title)) && keyHints.MatchString(last) {
			return
		}
	}
	s.t.Errorf("at %dx%d the %q screen is not whole (title on the first line, keys on the last):\n%s", w, h, title, strings.Join(lines, "\n"))
}

// Every screen of a wizard walk stays usable when the terminal shrinks to
// 60×20 and grows back to 80×24 (issue 13: "a resize to 60x20 and back
// keeps every screen usable").
func TestEveryWizardScreenSurvivesAResize(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the whole wizard")
	}
	welcome := startScreen(t, t.TempDir(), "--sandbox")
	welcome.waitFor("How do you want to start?", 10*time.Second)
	welcome.resize(60, 20)
	welcome.usable("Welcome", 60, 20)
	welcome.resize(80, 24)
	welcome.usable("Welcome", 80, 24)
	welcome.send("q")

	s := startScreen(t, t.TempDir(), "--sandbox", "--preset", "demo")
	seen := map[string]bool{}
	for deadline := time.Now().Add(120 * time.Second); time.Now().Before(deadline); {
		first := strings.SplitN(s.text(), "\n", 2)[0]
		m := frameTitle.FindStringSubmatch(first)
		if m == nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		title := m[1]
		if strings.Contains(s.text(), "q/enter finish") {
			title = "Summary" // its title is the run's headline
		}
		if !seen[title] {
			seen[title] = true
			s.resize(60, 20)
			s.usable(m[1], 60, 20)
			s.resize(80, 24)
			s.usable(m[1], 80, 24)
		}
		if title == "Summary" {
			break
		}
		switch text := s.text(); {
		case strings.Contains(text, "waiting for a person"):
			s.send("s") // leave the connections for almwiz resume
		case !strings.HasPrefix(title, "Installing") && title != "Sign in" || strings.Contains(text, "Install anyway?"):
			s.send(keyEnter)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, want := range []string{"Details", "Review", "Sign in", "Installing demo", "Summary"} {
		if !seen[want] {
			t.Errorf("the walk never reached %q (saw %v); the screen shows:\n%s", want, seen, s.text())
		}
	}
	t.Logf("resized on: %v", seen)
	s.send("q")
}

// firstWords is the first four words of s: what a narrow screen keeps of a
// title.
func firstWords(s string) string {
	w := strings.Fields(s)
	if len(w) > 4 {
		w = w[:4]
	}
	return strings.Join(w, " ")
}
