package cli

import (
	"fmt"
	"strings"
	"testing"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/wizard"
)

// What almwiz says is what it does (issue 14, bug 11).
func TestTheWordsMatchTheBehaviour(t *testing.T) {
	cases := []struct {
		name       string
		args       []string
		code       int
		want, lack []string
	}{
		{"--parallelism gives the runner's default", []string{"apply", "--help"}, 0,
			[]string{fmt.Sprintf("default %d)", steps.DefaultParallelism)}, []string{"default 8"}},
		{"apply --help says it refuses without --yes", []string{"apply", "--help"}, 0,
			[]string{"refuses to start unless --yes"}, []string{"never asks"}},
		{"a missing profile is missing, not invalid", []string{"apply", "-f", "missing.yaml", "--yes"}, 2,
			[]string{"missing.yaml does not exist"}, []string{"not valid"}},
		{"almwiz without a terminal says why", nil, 2,
			[]string{"needs a terminal", "almwiz apply -f profile.yaml --no-input --yes"}, []string{"Usage:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, nil, c.args...)
			text := r.stdout + r.stderr
			if r.err != nil {
				text += r.err.Error()
			}
			if r.code != c.code {
				t.Errorf("exit %d, want %d", r.code, c.code)
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
			for _, l := range c.lack {
				if strings.Contains(text, l) {
					t.Errorf("says %q:\n%s", l, text)
				}
			}
		})
	}
}

// The welcome screen asks for the roles that the review of every preset's
// plan then requires.
func TestTheWelcomeAsksForTheRolesTheReviewRequires(t *testing.T) {
	welcome := wizard.RolesNeeded()
	for _, s := range steps.AdminRoles {
		for _, r := range s.Roles {
			if !strings.Contains(welcome, r) {
				t.Errorf("the welcome does not name %q: %s", r, welcome)
			}
		}
	}
	for _, name := range profiles.PresetNames() {
		p, err := profiles.Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := steps.Build(p, offlineClients(p))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range plan.Steps {
			if r := s.Role(); r != "" && !steps.RoleCovered(r) {
				t.Errorf("%s: step %s needs %q, which the welcome does not ask for", name, s.ID(), r)
			}
		}
	}
}
