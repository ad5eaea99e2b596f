package cli

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/progress"
	"almwiz/ui/wizard"

	tea "charm.land/bubbletea/v2"
)

// The early sign-in reads the account's tenant and what it can see, and
// the install takes its session: one device code in all, and the lookups
// and the install reach the tenant the account signed in to.
func TestEarlySignInIsReusedByTheInstall(t *testing.T) {
	o := &Options{Sandbox: true, StateDir: t.TempDir(), Getenv: func(string) string { return "" }, IsTTY: func() bool { return false }}
	p, err := profiles.Preset("demo")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var mu sync.Mutex
	var codes []string
	var signedIn []wizard.SignedInMsg
	send := func(m tea.Msg) {
		mu.Lock()
		defer mu.Unlock()
		switch m := m.(type) {
		case wizard.DeviceCodeMsg:
			codes = append(codes, m.Tenant)
		case wizard.SignedInMsg:
			signedIn = append(signedIn, m)
		case wizard.PreflightMsg:
			if m.Decide != nil {
				m.Decide <- true // install past the warnings (a new organization has no hosted parallel job)
			}
		}
	}
	w := newWizardRun(o, false)
	if got, err := w.lookup(ctx, wizard.LookupOrganizations, p); got != nil || err != nil {
		t.Errorf("a lookup before signing in = %v, %v; want nothing", got, err)
	}
	if err := w.signIn(ctx, p, send); err != nil {
		t.Fatal(err)
	}
	f := w.find(ctx, p)
	if f.TenantDomain != "sandbox.onmicrosoft.com" || len(f.Problems) > 0 {
		t.Fatalf("found %+v", f)
	}
	if len(signedIn) != 1 || signedIn[0].Tenant != yourTenant || signedIn[0].Account == "" {
		t.Errorf("signed in %+v", signedIn)
	}
	f.Apply(p)
	events, err := w.install(ctx, p, send)
	if err != nil {
		t.Fatal(err)
	}
	for ev := range events {
		if ev.Kind == steps.EventProgress && strings.Contains(ev.Message, "waiting for a person") {
			w.control(progress.Action{Kind: progress.ActionStopWaiting}) // leave the connections for later
		}
	}
	if err := w.end(); err != nil {
		t.Fatalf("the install: %v", err)
	}
	if len(codes) != 1 || codes[0] != yourTenant {
		t.Errorf("device codes for %v, want one, for the early sign-in", codes)
	}
	if w.earlySession() != nil {
		t.Error("the install did not take the early session")
	}
}
