//go:build linux || darwin

package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox/emulator"
)

const keyRight = "\x1b[C"

// existingWorld seeds a sandbox with what an admin already has: an
// Azure DevOps organization and a Power Platform environment with
// Dataverse in the tenant they sign in to.
func existingWorld(t *testing.T, sb *e2eSandbox) {
	t.Helper()
	seed := emulator.Seed{
		Organizations: []emulator.SeedOrganization{{Name: "fabrikam", Tenant: "sandbox.onmicrosoft.com"}},
		Environments: []emulator.SeedEnvironment{{URL: "https://fabrikam-test.crm4.dynamics.com/", DisplayName: "Fabrikam Test",
			Tenant: "sandbox.onmicrosoft.com", Type: "Sandbox", Region: "europe"}},
	}
	if err := sb.do(http.MethodPost, "/_sandbox/seed", seed, nil); err != nil {
		t.Fatal(err)
	}
}

// focus presses ↓ until the focused line (the one with the cursor mark)
// shows label.
func (s *screen) focus(label string) string {
	s.t.Helper()
	for i := 0; i < 80; i++ {
		for _, l := range strings.Split(s.text(), "\n") {
			if strings.Contains(l, "> ") && strings.Contains(l, label) {
				return l
			}
		}
		s.send(keyDown)
	}
	s.t.Fatalf("no field %q came into focus:\n%s", label, s.text())
	return ""
}

// Signing in early on the sandbox: the admin signs in after the
// recommendation, sees their environment and organization, picks them from
// lists on the details screen, and the install uses that sign-in (no second
// device code) and the picked environment and organization.
func TestWizardSignsInEarlyAndPicksFromTheTenant(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the whole wizard")
	}
	sb := newE2ESandbox(t)
	existingWorld(t, sb)
	dir := t.TempDir()
	s := startScreen(t, dir, "--preset", "demo", "--sandbox-url", sb.URL, "--sandbox-ca", sb.CA)
	// The preset answered the planning questions: the offer comes first.
	s.waitFor("Sign in now to pick from your tenant", 10*time.Second)
	s.send(keyUp) // skip is the default
	s.send(keyEnter)
	s.waitFor("Continue to the details", 30*time.Second)
	for _, want := range []string{"sandbox.onmicrosoft.com", "Fabrikam Test · Sandbox · europe · Dataverse", "https://dev.azure.com/fabrikam"} {
		if !strings.Contains(s.text(), want) {
			t.Errorf("the signed-in screen lacks %q:\n%s", want, s.text())
		}
	}
	s.send(keyEnter)
	s.waitFor("Details", 5*time.Second)
	s.focus("Organization 1 URL")
	for i := 0; i < 5 && !strings.Contains(s.focus("Organization 1 URL"), "dev.azure.com/fabrikam"); i++ {
		s.send(keyRight)
	}
	s.focus("test ")
	if strings.Contains(s.focus("test "), "create") {
		s.send(keyRight) // existing
	}
	s.send(keyDown)
	s.send(keyRight)
	s.waitFor("Fabrikam Test · Sandbox · europe", 5*time.Second)
	if l := s.focus("URL"); !strings.Contains(l, "fabrikam-test.crm4.dynamics.com") {
		t.Fatalf("the environment picker shows %q:\n%s", l, s.text())
	}
	for i := 0; i < 80 && !strings.Contains(s.text(), "Continue — sign in and install"); i++ {
		s.send(keyEnter)
	}
	s.waitFor("Continue — sign in and install", 5*time.Second)
	s.send(keyEnter)
	s.pastPreflight(30 * time.Second)
	s.toSummary(90 * time.Second)
	s.waitFor("1 step needs you", 5*time.Second)
	reqs, err := sb.Requests()
	if err != nil {
		t.Fatal(err)
	}
	codes := 0
	for _, q := range reqs {
		if q.Method == "POST" && strings.HasSuffix(q.Path, "/oauth2/v2.0/devicecode") {
			codes++
		}
	}
	if codes != 1 {
		t.Errorf("the admin was given %d device codes, want 1 (the install reuses the early sign-in)", codes)
	}
	s.send("q")
	s.exitCode(10 * time.Second)
	assertPickedInstalled(t, sb)
}

// settled waits until the program has written nothing for a moment and
// returns what it wrote after the first from bytes: the prompt it waits at.
func (s *screen) settled(from int) string {
	s.t.Helper()
	last, since := "", time.Now()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		now := s.transcript()
		if now != last {
			last, since = now, time.Now()
			continue
		}
		if time.Since(since) > 250*time.Millisecond {
			return strings.ReplaceAll(now[from:], "\r", "")
		}
	}
	s.t.Fatalf("almwiz never waited for input:\n%s", s.text())
	return ""
}

// numberOf is the number a numbered prompt gives the option containing text.
func numberOf(prompt, text string) string {
	for _, l := range strings.Split(prompt, "\n") {
		l = strings.TrimSpace(l)
		if n, rest, ok := strings.Cut(l, ". "); ok && strings.Contains(rest, text) && len(n) <= 2 {
			return n
		}
	}
	return ""
}

// The accessible mode offers the same choices as numbered prompts: sign in
// by number, then the organization and the environment by number.
func TestAccessibleWizardSignsInEarlyAndPicksByNumber(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the whole wizard")
	}
	sb := newE2ESandbox(t)
	existingWorld(t, sb)
	s := startScreen(t, t.TempDir(), "--preset", "demo", "--accessible", "--sandbox-url", sb.URL, "--sandbox-ca", sb.CA)
	var picked []string
	from := 0
	for i := 0; i < 150 && !strings.Contains(s.transcript(), "started: "); i++ {
		prompt := s.settled(from)
		answer := "\n"
		switch {
		case !strings.Contains(prompt, "Enter a number"):
		case strings.Contains(prompt, "1. Sign in now to pick from your tenant"):
			answer = "1\n"
		case strings.Contains(prompt, "Organization 1 URL") && strings.Contains(prompt, "type another value"):
			answer = numberOf(prompt, "https://dev.azure.com/fabrikam") + "\n"
		case strings.Contains(prompt, "\ntest \n1. existing"):
			answer = "1\n"
		case strings.Contains(prompt, "fabrikam-test.crm4.dynamics.com — Fabrikam Test · Sandbox · europe · Dataverse"):
			answer = numberOf(prompt, "fabrikam-test.crm4.dynamics.com") + "\n"
		case strings.Contains(prompt, "What next?"):
			answer = "1\n"
		}
		if answer != "\n" {
			picked = append(picked, strings.TrimSpace(answer))
		}
		from = len(s.transcript())
		s.send(answer)
	}
	if len(picked) != 4 || slices.Contains(picked, "") {
		t.Fatalf("picked %q, want sign in, the organization, existing and the environment by number:\n%s", picked, s.transcript())
	}
	s.waitForOutput("run ended", 90*time.Second)
	if code := s.exitCode(30 * time.Second); code != 0 {
		t.Fatalf("exit %d:\n%s", code, s.text())
	}
	if n := strings.Count(s.transcript(), "enter the code"); n != 1 {
		t.Errorf("%d device codes shown, want 1", n)
	}
	assertPickedInstalled(t, sb)
}

// assertPickedInstalled checks the install used the picked organization
// (its project created there) and the picked environment (none created).
func assertPickedInstalled(t *testing.T, sb *e2eSandbox) {
	t.Helper()
	inv, err := sb.Inventory(false)
	if err != nil {
		t.Fatal(err)
	}
	projects, _ := inv["projects"].([]any)
	found := false
	for _, p := range projects {
		m := p.(map[string]any)
		found = found || (m["organization"] == "fabrikam" && m["name"] == "alm")
	}
	if !found {
		t.Errorf("no project alm in the picked organization fabrikam: %v", projects)
	}
	envs, err := json.Marshal(inv["environments"])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(envs), "contosodemo-test") || !strings.Contains(string(envs), "fabrikam-test.crm4.dynamics.com") {
		t.Errorf("the install created a test environment instead of using the picked one: %s", envs)
	}
}
