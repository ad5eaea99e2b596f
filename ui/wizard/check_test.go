package wizard

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
)

// fakeCheck stands in for doctor's check: it plays the events of report
// and then delivers report.
func fakeCheck(report steps.Report) Check {
	return func(_ context.Context, _ *profiles.Profile, _ func(tea.Msg)) (<-chan steps.Event, <-chan CheckResult, error) {
		events, done := make(chan steps.Event, len(report.Findings)), make(chan CheckResult, 1)
		for _, f := range report.Findings {
			events <- steps.Event{Kind: steps.EventKind(f.Health), StepID: f.StepID, Service: f.Service, Title: f.Title}
		}
		close(events)
		done <- CheckResult{Report: report}
		return events, done, nil
	}
}

func checkReport(findings ...steps.Verdict) steps.Report { return steps.Report{Findings: findings} }

// The welcome screen's check shows the findings by service with their
// fixes, collapses what went unchecked because of them, and offers apply
// only for what apply repairs.
func TestCheckShowsFindingsAndLeadsToTheReview(t *testing.T) {
	rep := checkReport(
		steps.Verdict{StepID: "entra/app", Service: "Microsoft Entra", Title: "App registration", Health: steps.HealthHealthy},
		steps.Verdict{StepID: "devops/vg", Service: "Azure DevOps · contoso", Title: "Variable group alm-accelerator-variable-group",
			Health: steps.HealthMissing, Detail: "not found", Fix: "almwiz apply (as Project Administrator)"},
		steps.Verdict{StepID: "devops/perm", Service: "Azure DevOps · contoso", Title: "Pipeline permissions",
			Health: steps.HealthUnchecked, Detail: "not checked: it needs devops/vg", Blocked: true},
		steps.Verdict{StepID: "entra/secret", Service: "Microsoft Entra", Title: "Client secret", Health: steps.HealthAtRisk,
			Detail: "expires in 5 days", Fix: "almwiz rotate-secret -f contoso.yaml"},
	)
	m := newModel(t, Options{Check: fakeCheck(rep)})
	p := demo(t)
	sendAll(t, m, startMsg{StartCheck, p})
	if _, ok := m.current.(*checkScreen); !ok {
		t.Fatalf("after starting the check: %T, want the check screen", m.current)
	}
	goldens(t, m, "check_findings")
	text := screenText(m.View())
	for _, want := range []string{"missing  Variable group", "fix: almwiz apply (as Project Administrator)",
		"expires in 5 days", "almwiz rotate-secret", "1 more not checked", "a apply the fixes"} {
		if !strings.Contains(text, want) {
			t.Errorf("the findings lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Pipeline permissions") {
		t.Errorf("a step unchecked only for a missing one is listed:\n%s", text)
	}
	sendAll(t, m, key("a"))
	if _, ok := m.current.(*review); !ok {
		t.Fatalf("after a: %T, want the review", m.current)
	}
	if m.Result().Checked == nil || len(m.Result().Checked.Findings) != 4 {
		t.Errorf("the result does not carry the report: %+v", m.Result().Checked)
	}
}

// A healthy installation has nothing to apply: the check says so and
// offers only to quit.
func TestCheckOfAHealthyInstallationOffersNoFix(t *testing.T) {
	rep := checkReport(steps.Verdict{StepID: "entra/app", Service: "Microsoft Entra", Title: "App registration", Health: steps.HealthHealthy})
	m := newModel(t, Options{Check: fakeCheck(rep)})
	sendAll(t, m, startMsg{StartCheck, demo(t)})
	text := screenText(m.View())
	if !strings.Contains(text, "Healthy: all 1 steps") || strings.Contains(text, "apply the fixes") {
		t.Errorf("a healthy check:\n%s", text)
	}
	sendAll(t, m, key("a"))
	if _, ok := m.current.(*checkScreen); !ok {
		t.Errorf("a on a healthy check moved to %T", m.current)
	}
}

// The accessible mode offers the same check as numbered prompts: the
// fourth choice, a preset, the findings as lines, and the question whether
// to apply the fixes (no: the wizard ends with the report).
func TestAccessibleModeChecksAnInstallation(t *testing.T) {
	rep := checkReport(steps.Verdict{StepID: "devops/vg", Service: "Azure DevOps · contoso", Title: "Variable group",
		Health: steps.HealthMissing, Detail: "not found", Fix: "almwiz apply (as Project Administrator)"})
	in := "4\n1\n1\nn\n"
	var out bytes.Buffer
	res, err := Run(context.Background(), Options{Accessible: true, Check: fakeCheck(rep), Input: iotest.OneByteReader(strings.NewReader(in)), Output: &out})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"Check an existing installation", "Which installation?", "missing Azure DevOps · contoso · Variable group",
		"almwiz apply (as Project Administrator)", "0 healthy, 0 drifted, 1 missing", "apply the fixes?"} {
		if !strings.Contains(text, want) {
			t.Errorf("accessible check lacks %q:\n%s", want, text)
		}
	}
	if res.Checked == nil || res.Profile != nil || res.Install {
		t.Errorf("result %+v", res)
	}
}

// After preflight warnings the sign-in screen waits: enter installs, q
// stops; with a blocker enter does nothing and only q is offered.
func TestSignInWaitsForTheAdminAfterPreflightWarnings(t *testing.T) {
	warn := steps.Finding{Check: steps.CheckParallelism, Severity: steps.SeverityWarning, Message: "no hosted parallel job", Fix: "request the grant", Link: "https://aka.ms/azpipelines-parallelism-request"}
	for _, tc := range []struct {
		name    string
		blocked bool
		keys    []string
		want    []bool
	}{
		{"enter installs", false, []string{"enter"}, []bool{true}},
		{"q stops", false, []string{"q"}, []bool{false}},
		{"a blocker waits for no answer", true, []string{"enter", "q"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSignIn(demo(t))
			decide := make(chan bool, 2)
			msg := PreflightMsg{Findings: []steps.Finding{warn}, Blocked: tc.blocked}
			if !tc.blocked {
				msg.Decide = decide
			}
			s.update(msg)
			if !tc.blocked {
				m := newModel(t, Options{})
				m.current = s
				goldens(t, m, "signin_preflight")
			}
			text := s.view(theme.NewUI(true), 80, 40)
			if !strings.Contains(text, "no hosted parallel job") || !strings.Contains(text, "https://aka.ms/azpipelines-parallelism-request") {
				t.Errorf("the finding is not shown:\n%s", text)
			}
			for _, k := range tc.keys {
				s.update(key(k))
			}
			close(decide)
			var got []bool
			for d := range decide {
				got = append(got, d)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("answers %v, want %v", got, tc.want)
			}
		})
	}
}

// A preset whose tenant the admin changed is named after the new tenant by
// the time of the review, so its state directory is its own (issue 14 bug 4).
func TestTheWizardNamesAProfileAfterItsNewTenant(t *testing.T) {
	m := newModel(t, Options{})
	p := demo(t)
	for i := range p.Tenants {
		p.Tenants[i].Domain = "fabrikam.onmicrosoft.com"
	}
	sendAll(t, m, detailsDoneMsg{p})
	if m.profile.Metadata.Name != "fabrikam" {
		t.Errorf("the profile is named %q, want fabrikam", m.profile.Metadata.Name)
	}
	if text := screenText(m.View()); !strings.Contains(text, "fabrikam") {
		t.Errorf("the review does not show the name:\n%s", text)
	}
}

// The welcome screen names each installation it can resume, with its
// tenant and progress, and resumes the one chosen inside the wizard.
func TestWelcomeListsTheInstallationsToResume(t *testing.T) {
	p, q := demo(t), demo(t)
	q.Metadata.Name = "fabrikam"
	found := []Installation{
		{Dir: ".almwiz/demo", Profile: p, Tenant: "contosodemo.onmicrosoft.com", Done: 39, Total: 44, Left: "1 step needs a person"},
		{Dir: ".almwiz/fabrikam", Profile: q, Tenant: "fabrikamdemo.onmicrosoft.com", Done: 5, Total: 44},
	}
	var resumed string
	resume := func(_ context.Context, inst Installation, _ func(tea.Msg)) (<-chan steps.Event, error) {
		resumed = inst.Dir
		ch := make(chan steps.Event)
		close(ch)
		return ch, nil
	}
	m := newModel(t, Options{Installations: func() []Installation { return found }, Resume: resume, Install: func(context.Context, *profiles.Profile, func(tea.Msg)) (<-chan steps.Event, error) {
		return nil, nil
	}})
	if text := screenText(m.View()); !strings.Contains(text, "Resume an install (2 found)") {
		t.Fatalf("welcome:\n%s", text)
	}
	sendAll(t, m, key("enter"))
	goldens(t, m, "welcome_resume_list")
	text := strings.Join(strings.Fields(screenText(m.View())), " ")
	for _, want := range []string{"demo · contosodemo.onmicrosoft.com · 39 of 44 done · 1 step needs a person", "fabrikam · fabrikamdemo.onmicrosoft.com · 5 of 44 done"} {
		if !strings.Contains(text, want) {
			t.Errorf("the list lacks %q:\n%s", want, text)
		}
	}
	sendAll(t, m, key("down"), key("enter"))
	if resumed != ".almwiz/fabrikam" || !m.Result().Resume || m.Result().Profile != q {
		t.Errorf("resumed %q, result %+v", resumed, m.Result())
	}
}
