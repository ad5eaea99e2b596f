package wizard

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/steps"
	"almwiz/ui/progress"
	"almwiz/ui/theme"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func newModel(t *testing.T, opts Options) *Model {
	t.Helper()
	m := New(context.Background(), opts)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	exec(t, m, m.Init())
	return m
}

// answerAll answers every visible question with answers[id] (the first
// choice when absent) by pressing the choice's number, then enter.
func answerAll(t *testing.T, m *Model, answers profiles.Answers) {
	t.Helper()
	for i := 0; i < 30; i++ {
		q, ok := m.current.(*questions)
		if !ok {
			return
		}
		cur := profiles.Questions[q.index]
		n := 0
		for j, c := range cur.Choices {
			if c.ID == answers[cur.ID] {
				n = j
			}
		}
		sendAll(t, m, key(fmt.Sprint(n+1)), key("enter"))
	}
	t.Fatal("the questions never ended")
}

func demo(t *testing.T) *profiles.Profile {
	p, err := profiles.Preset("demo")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWalkDemoInstallFromScratchEndsWithTheDemoModels(t *testing.T) {
	m := newModel(t, Options{})
	goldens(t, m, "welcome")
	sendAll(t, m, key("enter"))
	if _, ok := m.current.(*questions); !ok {
		t.Fatalf("after welcome: %T, want questions", m.current)
	}
	goldens(t, m, "questions")
	answerAll(t, m, demo(t).Answers)
	r, ok := m.current.(*recommendation)
	if !ok {
		t.Fatalf("after the questions: %T, want recommendation", m.current)
	}
	if r.rec.Tenant.Model != "demo" || r.rec.DevOps.Model != "1:1" {
		t.Fatalf("recommended %s / %s, want demo / 1:1", r.rec.Tenant.Model, r.rec.DevOps.Model)
	}
	goldens(t, m, "recommendation")
	sendAll(t, m, key("enter"))
	d, ok := m.current.(*details)
	if !ok {
		t.Fatalf("after accepting: %T, want details", m.current)
	}
	goldens(t, m, "details")
	for i := 0; i <= len(d.fields); i++ {
		sendAll(t, m, key("enter"))
	}
	if _, ok := m.current.(*review); !ok {
		t.Fatalf("after details: %T, want review\n%s", m.current, screenText(m.View()))
	}
	goldens(t, m, "review")
	sendAll(t, m, key("enter"))
	res := m.Result()
	if !res.Install || res.Profile == nil {
		t.Fatalf("result %+v, want a profile and install", res)
	}
	if err := res.Profile.Validate(); err != nil {
		t.Fatalf("the wizard's profile does not validate: %v", err)
	}
	want := demo(t).Models
	if !reflect.DeepEqual(res.Profile.Models, want) {
		t.Errorf("models %+v, want the demo preset's %+v", res.Profile.Models, want)
	}
	if !reflect.DeepEqual(res.Profile.Answers, demo(t).Answers) {
		t.Errorf("answers %v, want the demo preset's", res.Profile.Answers)
	}
}

func TestBackAlwaysWorks(t *testing.T) {
	m := newModel(t, Options{})
	sendAll(t, m, key("enter"), key("enter"), key("enter"))
	if q := m.current.(*questions); q.index != 2 {
		t.Fatalf("at question %d, want 2", q.index)
	}
	sendAll(t, m, key("shift+tab"), key("esc"))
	if q := m.current.(*questions); q.index != 0 {
		t.Fatalf("after two backs at question %d, want 0", q.index)
	}
	sendAll(t, m, key("shift+tab"))
	if _, ok := m.current.(*welcome); !ok {
		t.Fatalf("back from the first question: %T, want welcome", m.current)
	}
	// Back from details works even while a field does not validate.
	m = newModel(t, Options{Preset: "demo"})
	sendAll(t, m, typed("BAD NAME")...)
	if d := m.current.(*details); d.problemCount() == 0 {
		t.Fatal("an invalid name raised no problem")
	}
	sendAll(t, m, key("esc"))
	if _, ok := m.current.(*welcome); !ok {
		t.Fatalf("esc from invalid details: %T, want welcome (the preset skipped the questions)", m.current)
	}
}

func TestQuestionsHideWhatDoesNotApplyAndHelpIsOneKeyAway(t *testing.T) {
	a := profiles.Answers{}
	q := newQuestions(a)
	if !strings.Contains(screenText(tea.NewView(q.view(New(context.Background(), Options{}).ui, 80, 24))), "Source control, pull requests") {
		t.Error("the help is not shown with the question")
	}
	q.update(key("?"))
	if q.showHelp {
		t.Error("? did not hide the help")
	}
	overhead, _ := profiles.QuestionByID("devops.overhead-worth")
	a["devops.separate-storage"], a["devops.different-policies"] = "no", "no"
	if overhead.Visible(a) {
		t.Fatal("fixture: overhead question should be hidden")
	}
	m := newModel(t, Options{})
	sendAll(t, m, key("enter"))
	seen := map[string]bool{}
	for i := 0; i < 30; i++ {
		q, ok := m.current.(*questions)
		if !ok {
			break
		}
		id := profiles.Questions[q.index].ID
		seen[id] = true
		choice := "1"
		if id == "devops.separate-storage" || id == "devops.different-policies" {
			choice = "2" // no
		}
		sendAll(t, m, key(choice), key("enter"))
	}
	if seen["devops.overhead-worth"] {
		t.Error("devops.overhead-worth was asked although no separation is needed")
	}
	if _, ok := m.answers["devops.overhead-worth"]; ok {
		t.Error("a hidden question kept an answer")
	}
}

func TestChooseAnotherModelNeedsAReason(t *testing.T) {
	m := newModel(t, Options{})
	sendAll(t, m, key("enter"))
	answerAll(t, m, demo(t).Answers)
	sendAll(t, m, key("c"))
	goldens(t, m, "override")
	sendAll(t, m, key("right"), key("enter"), key("enter"), key("enter"))
	r := m.current.(*recommendation)
	if r.override == nil || !strings.Contains(r.override.err, "say why") {
		t.Fatalf("confirming without a reason: override %+v", r.override)
	}
	sendAll(t, m, typed("we are ready for production")...)
	sendAll(t, m, key("enter"))
	d, ok := m.current.(*details)
	if !ok {
		t.Fatalf("after the reason: %T, want details", m.current)
	}
	want := &profiles.Override{RecommendedTenant: "demo", RecommendedDevOps: "1:1", Reason: "we are ready for production"}
	if got := d.draft.Models; got.Tenant != "enterprise" || !reflect.DeepEqual(got.Override, want) {
		t.Errorf("models %+v / %+v, want enterprise with %+v", got, got.Override, want)
	}
}

func TestDetailsShowProblemsUnderTheirFieldAndLookups(t *testing.T) {
	lookup := func(_ context.Context, kind LookupKind, _ *profiles.Profile) ([]string, error) {
		if kind == LookupOrganizations {
			return []string{"https://dev.azure.com/contosodemo", "https://dev.azure.com/fabrikam"}, nil
		}
		return nil, errors.New("not signed in")
	}
	m := newModel(t, Options{Preset: "demo", Lookup: lookup})
	sendAll(t, m, typed("X")...)
	d := m.current.(*details)
	if msgs := d.problems["metadata.name"]; len(msgs) != 1 || !strings.Contains(msgs[0], "not a usable name") {
		t.Errorf("problems under metadata.name: %q", msgs)
	}
	text := screenText(m.View())
	if !strings.Contains(text, `✗ "demoX" is not a usable name`) || !strings.Contains(text, "✗ 1 to fix") {
		t.Errorf("the problem is not shown under the field:\n%s", text)
	}
	goldens(t, m, "details_invalid")
	sendAll(t, m, key("backspace"))
	for d.fields[d.cursor].path != "devops.organizations[0].url" {
		sendAll(t, m, key("tab"))
	}
	sendAll(t, m, key("right"))
	if got := d.draft.DevOps.Organizations[0].URL; got != "https://dev.azure.com/fabrikam" {
		t.Errorf("the picker chose %q", got)
	}
	if !strings.Contains(screenText(m.View()), "2 found") {
		t.Error("the picker does not say how many values were found")
	}
}

func TestEnvironmentCanSwitchBetweenExistingAndCreate(t *testing.T) {
	m := newModel(t, Options{Preset: "enterprise"})
	d := m.current.(*details)
	for d.fields[d.cursor].path != "environments.test" {
		sendAll(t, m, key("tab"))
	}
	sendAll(t, m, key("right"))
	e, _ := d.draft.Environments.Find("test")
	if e.Create == nil || e.URL != "" {
		t.Fatalf("test environment after switching to create: %+v", e)
	}
	if d.owner("environments.test.create.type") != "environments.test.create.type" {
		t.Error("the create fields were not added")
	}
}

func TestExportRefusesToOverwriteWithoutConfirmation(t *testing.T) {
	files := map[string][]byte{"./demo.yaml": []byte("old")}
	write := func(path string, data []byte, overwrite bool) error {
		if _, ok := files[path]; ok && !overwrite {
			return fmt.Errorf("open %s: %w", path, fs.ErrExist)
		}
		files[path] = data
		return nil
	}
	m := newModel(t, Options{Preset: "demo", WriteFile: write})
	for i, n := 0, len(m.current.(*details).fields); i <= n; i++ {
		sendAll(t, m, key("enter"))
	}
	sendAll(t, m, key("e"))
	goldens(t, m, "review_export")
	sendAll(t, m, key("enter"))
	if string(files["./demo.yaml"]) != "old" {
		t.Fatal("the file was replaced without asking")
	}
	if !strings.Contains(screenText(m.View()), "exists — replace it? y/n") {
		t.Fatalf("no overwrite question:\n%s", screenText(m.View()))
	}
	sendAll(t, m, key("y"))
	if !strings.HasPrefix(string(files["./demo.yaml"]), "# yaml-language-server") {
		t.Fatalf("after y the file holds %q", files["./demo.yaml"])
	}
	if m.Result().Exported != "./demo.yaml" {
		t.Errorf("Exported = %q", m.Result().Exported)
	}
	sendAll(t, m, key("down"), key("enter")) // from Export to Quit
	if res := m.Result(); res.Install || res.Profile == nil {
		t.Errorf("quit with the profile saved: %+v", res)
	}
}

func TestWelcomeOffersResumeWhenACheckpointExists(t *testing.T) {
	m := newModel(t, Options{HasCheckpoint: func() bool { return true }})
	if !strings.Contains(screenText(m.View()), "Resume the install found in the state directory") {
		t.Fatal("no resume choice")
	}
	goldens(t, m, "welcome_resume")
	sendAll(t, m, key("enter"))
	if !m.Result().Resume {
		t.Error("choosing resume did not end with Resume")
	}
	m = newModel(t, Options{})
	sendAll(t, m, key("down"), key("enter"))
	goldens(t, m, "welcome_preset")
	sendAll(t, m, key("down"), key("enter"))
	if _, ok := m.current.(*details); !ok {
		t.Fatalf("choosing a preset: %T, want the details (the preset answered the questions)", m.current)
	}
}

// A preset goes straight to the details, saying what it filled in; its
// planning answers are one key away and what was typed survives the visit.
func TestPresetGoesToTheDetailsWithItsAnswersOneKeyAway(t *testing.T) {
	m := newModel(t, Options{})
	sendAll(t, m, key("down"), key("enter"), key("down"), key("enter"))
	d, ok := m.current.(*details)
	if !ok {
		t.Fatalf("choosing the enterprise preset: %T, want details", m.current)
	}
	text := strings.Join(strings.Fields(screenText(m.View())), " ")
	for _, want := range []string{"Filled in from the enterprise preset", "tenant model enterprise", "Azure DevOps model 1:1", "environments host, dev-makers, validation", "ctrl+p reviews the planning answers"} {
		if !strings.Contains(text, want) {
			t.Errorf("the details do not say %q:\n%s", want, text)
		}
	}
	sendAll(t, m, typed("x")...)
	typedName := d.draft.Metadata.Name
	sendAll(t, m, key("ctrl+p"))
	q, ok := m.current.(*questions)
	if !ok || q.answers["tenant.users"] != "1000+" {
		t.Fatalf("ctrl+p: %T, want the questions with the preset's answers", m.current)
	}
	for i := 0; i < 30; i++ {
		if _, ok := m.current.(*questions); !ok {
			break
		}
		sendAll(t, m, key("enter"))
	}
	sendAll(t, m, key("enter")) // accept the same models
	if d, ok := m.current.(*details); !ok || d.draft.Metadata.Name != typedName {
		t.Errorf("back at the details after the questions: %T, want the name typed (%q) kept", m.current, typedName)
	}
}

func TestSignInThenProgressThenSummary(t *testing.T) {
	events := make(chan steps.Event, 10)
	release := make(chan struct{})
	var actions []progress.Action
	install := func(_ context.Context, _ *profiles.Profile, _ func(tea.Msg)) (<-chan steps.Event, error) {
		<-release
		return events, nil
	}
	m := newModel(t, Options{Preset: "multi-tenant", Install: install, Control: func(a progress.Action) { actions = append(actions, a) }})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40}) // the only size the terminal sends
	for i, n := 0, len(m.current.(*details).fields); i <= n; i++ {
		sendAll(t, m, key("enter"))
	}
	sendAll(t, m, key("enter")) // continue: sign in and install
	if _, ok := m.current.(*signIn); !ok {
		t.Fatalf("after review: %T, want sign-in", m.current)
	}
	sendAll(t, m,
		SignedInMsg{Tenant: "contosodev.onmicrosoft.com", Account: "admin@contosodev.onmicrosoft.com", Roles: []string{"Global Administrator", "Power Platform Administrator"}},
		DeviceCodeMsg{Tenant: "contoso.onmicrosoft.com", Code: "F7K2-9QXD", URL: "https://microsoft.com/devicelogin"})
	goldens(t, m, "signin")
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40}) // goldens left it at 80×24
	sendAll(t, m, SignedInMsg{Tenant: "contoso.onmicrosoft.com", Account: "pat@contoso.com", Roles: []string{"Power Platform Administrator"},
		Missing: []string{"grant admin consent — needs a Global Administrator or Privileged Role Administrator of contoso.onmicrosoft.com"}})
	if !strings.Contains(screenText(m.View()), "! grant admin consent") {
		t.Errorf("what the account cannot do is not shown:\n%s", screenText(m.View()))
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	events <- steps.Event{Kind: steps.EventPlanned, StepID: "app", Title: "app registration", Service: "Microsoft Entra", Time: now}
	events <- steps.Event{Kind: steps.EventCreated, StepID: "app", Time: now.Add(4 * time.Second), Link: "https://entra.microsoft.com/app"}
	events <- steps.Event{Kind: steps.EventDone, Time: now.Add(5 * time.Second), Summary: &steps.Summary{Created: 1, Elapsed: 5 * time.Second}}
	close(release)
	m2 := exec(t, m, m.installCmd()).(*Model)
	if _, ok := m2.current.(*progressScreen); !ok {
		t.Fatalf("after Install: %T, want progress", m2.current)
	}
	for i := 0; i < 3; i++ {
		p := m2.current.(*progressScreen)
		m2 = exec(t, m2, p.run.Init()).(*Model)
	}
	if !strings.Contains(screenText(m2.View()), "Done in 0:05 — 1 created") {
		t.Fatalf("no summary:\n%s", screenText(m2.View()))
	}
	if lines := strings.Split(screenText(m2.View()), "\n"); len(lines) != 40 || !strings.Contains(lines[1], strings.Repeat("─", 118)) {
		t.Errorf("the summary is not laid out at the terminal's 120×40:\n%s", screenText(m2.View()))
	}
	sendAll(t, m2, key("q"))
	if s := m2.Result().Summary; s == nil || s.Created != 1 {
		t.Errorf("summary %+v", s)
	}
}

// Choosing a model over the recommendation shows the cautions it brings
// (issue 13 item 5): many:many is not recommended by Microsoft.
func TestChoosingAnotherModelShowsItsCautions(t *testing.T) {
	m := newModel(t, Options{})
	sendAll(t, m, key("enter"))
	answerAll(t, m, demo(t).Answers)
	sendAll(t, m, key("c"))
	if text := screenText(m.View()); strings.Contains(text, "does not recommend many:many") {
		t.Fatalf("a caution shown before the admin chose anything:\n%s", text)
	}
	sendAll(t, m, key("tab"), key("right"), key("right"))
	if text := screenText(m.View()); !strings.Contains(text, "does not recommend many:many") {
		t.Fatalf("many:many chosen without its caution:\n%s", text)
	}
}

// Below the minimum size the wizard says so and ignores keys, which would
// act on a screen the admin cannot see; a resize brings the screen back.
func TestTooSmallTerminalHidesTheScreenAndIgnoresKeys(t *testing.T) {
	m := newModel(t, Options{})
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 12})
	sendAll(t, m, key("enter"))
	if _, ok := m.current.(*welcome); !ok || !strings.Contains(screenText(m.View()), "least 60×18") {
		t.Fatalf("at 40×12: %T\n%s", m.current, screenText(m.View()))
	}
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	if text := screenText(m.View()); !strings.Contains(text, "How do you want to start?") {
		t.Errorf("after the resize:\n%s", text)
	}
}

// The recommendation's column divider stays in one column and both model
// names are shown whole, down to the minimum width.
func TestRecommendationColumnsAtTheMinimumWidth(t *testing.T) {
	for _, preset := range []string{"demo", "enterprise", "multi-tenant"} {
		m := newModel(t, Options{Preset: preset})
		sendAll(t, m, key("ctrl+p")) // a preset opens on the details; its planning answers are one key away
		answerAll(t, m, nil)
		r, ok := m.current.(*recommendation)
		if !ok {
			t.Fatalf("%s: %T, want the recommendation", preset, m.current)
		}
		for _, width := range []int{theme.MinWidth, 61, 80} {
			m.Update(tea.WindowSizeMsg{Width: width, Height: 60})
			text := screenText(m.View())
			flat := strings.Join(strings.Fields(text), " ")
			for _, name := range []string{strings.ToUpper(r.rec.Tenant.Model), strings.ToUpper(r.rec.DevOps.Model)} {
				if !strings.Contains(flat, name) {
					t.Errorf("%s at %d: model %q is not shown whole:\n%s", preset, width, name, text)
				}
			}
			cols := map[int]bool{}
			for _, l := range strings.Split(text, "\n") {
				if i := strings.Index(l, "│"); i >= 0 {
					cols[ansi.StringWidth(l[:i])] = true
				}
			}
			if len(cols) != 1 {
				t.Errorf("%s at %d: the divider is in columns %v:\n%s", preset, width, cols, text)
			}
		}
	}
}

// A verdict never overflows its column: the model's name goes under the
// title when both do not fit (at 40 columns "Azure D…" was all there was).
func TestVerdictFitsItsColumn(t *testing.T) {
	v := profiles.Verdict{Model: "multi-tenant", Reasons: []profiles.Finding{{Text: "Each business unit gets its own tenant."}}}
	lines := verdictLines(theme.NewUI(true), "Azure DevOps model", v, 20)
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 20 {
			t.Errorf("%q is %d wide, more than the column's 20", ansi.Strip(l), w)
		}
	}
	if !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "MULTI-TENANT") {
		t.Errorf("the model's name is missing: %q", lines)
	}
}
