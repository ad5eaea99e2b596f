package progress

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"almwiz/steps"
	"almwiz/ui/internal/teadrive"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

// script is a run: plan, start, throttled progress, created, failed with a
// suggestion, a manual step, and the end.
func script() []steps.Event {
	plan := func(id, title, service string, needs ...string) steps.Event {
		return steps.Event{Kind: steps.EventPlanned, StepID: id, Title: title, Service: service, Needs: needs, Time: at(0)}
	}
	return []steps.Event{
		plan("app", "app registration ALMAcceleratorServicePrincipal", "Microsoft Entra"),
		plan("group", "makers group ALMAcceleratorForMakers", "Microsoft Entra"),
		plan("project", "project alm", "Azure DevOps · contoso"),
		plan("import", "template import into pipelines", "Azure DevOps · contoso", "project"),
		plan("pipelines", "core pipelines (3)", "Azure DevOps · contoso", "import"),
		plan("appuser", "application user · test", "Power Platform"),
		plan("connection", "HTTP with Microsoft Entra ID connection", "Power Platform"),
		{Kind: steps.EventStarted, StepID: "app", Time: at(1)},
		{Kind: steps.EventStarted, StepID: "project", Time: at(1)},
		{Kind: steps.EventCreated, StepID: "app", Time: at(5), Link: "https://entra.microsoft.com/#view/app/1"},
		{Kind: steps.EventStarted, StepID: "group", Time: at(5)},
		{Kind: steps.EventUnchanged, StepID: "group", Time: at(6)},
		{Kind: steps.EventProgress, StepID: "project", Time: at(9), Message: "waiting 12 s — throttled"},
		{Kind: steps.EventStarted, StepID: "appuser", Time: at(10)},
		{Kind: steps.EventFailed, StepID: "appuser", Time: at(13), Retryable: true,
			Error:      "needs System Administrator in contoso-test",
			Suggestion: "ask an environment admin of contoso-test to make you System Administrator, then press r to retry"},
	}
}

// manualLink is as long as a real one: it wraps at 80 columns.
const manualLink = "https://make.powerapps.com/environments/8eee0913-0e38-4614-8b3e-2f1c5a7d9e10/connections?apiName=shared_webcontents"

func finish() []steps.Event {
	return []steps.Event{
		{Kind: steps.EventCreated, StepID: "project", Time: at(22), Link: "https://dev.azure.com/contoso/alm"},
		{Kind: steps.EventSkipped, StepID: "import", Time: at(22), Message: "stopped by the admin"},
		{Kind: steps.EventSkipped, StepID: "pipelines", Time: at(22), Message: "needs template import"},
		{Kind: steps.EventManual, StepID: "connection", Time: at(23), Message: `Create the "HTTP with Microsoft Entra ID" connection in contoso-alm`, Link: manualLink},
		{Kind: steps.EventDone, Time: at(24)},
	}
}

func feed(t *testing.T, m *Model, evs []steps.Event) {
	t.Helper()
	for _, ev := range evs {
		m.Update(eventMsg{ev})
	}
}

func newView(actions *[]Action) *Model {
	m := New(nil, Options{Title: "contoso", ProfilePath: "./contoso.yaml", StateDir: "./.almwiz/contoso/", NextFlags: "--state-dir ./.almwiz/contoso/ --sandbox",
		Control: func(a Action) { *actions = append(*actions, a) }})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

func TestProgressShowsStepsGroupedWithMarksAndTheFailure(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script())
	m.Update(tickMsg(at(14)))
	text := screenText(m.View())
	for _, want := range []string{
		"Installing contoso", "0:14 elapsed", "2 of 7 steps · 1 failed",
		"Microsoft Entra", "2/2 ✓",
		"Azure DevOps · contoso", "project alm", "waiting 12 s — throttled", "0:13",
		"· template import into pipelines", "needs project alm",
		"✗ application user · test", "needs System Administrator in contoso-test",
		"→ ask an environment admin", "r retry · s skip · q stop and resume later",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("view lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "app registration") {
		t.Error("a finished service did not fold to its heading")
	}
	goldens(t, m, "progress_failed")
}

func TestFailedStepKeysReportDecisions(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script())
	sendAll(t, m, key("r"))
	if len(actions) != 1 || actions[0] != (Action{ActionRetry, "appuser"}) {
		t.Fatalf("r: actions %v", actions)
	}
	if !strings.Contains(screenText(m.View()), "retrying…") {
		t.Error("the step does not say it is being retried")
	}
	feed(t, m, []steps.Event{{Kind: steps.EventStarted, StepID: "appuser", Time: at(15)},
		{Kind: steps.EventFailed, StepID: "appuser", Time: at(16), Error: "still missing", Retryable: false}})
	if strings.Contains(screenText(m.View()), "r retry") {
		t.Error("r is offered for a step that cannot be retried")
	}
	sendAll(t, m, key("r"), key("s"))
	if len(actions) != 2 || actions[1] != (Action{ActionSkip, "appuser"}) {
		t.Fatalf("s: actions %v", actions)
	}
}

func TestCtrlCSaysWhatItIsDoing(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script()[:10])
	sendAll(t, m, key("ctrl+c"))
	if !strings.Contains(screenText(m.View()), "stopping after the running steps finish — press Ctrl+C again to stop now") {
		t.Errorf("first Ctrl+C:\n%s", screenText(m.View()))
	}
	goldens(t, m, "progress_stopping")
	sendAll(t, m, key("ctrl+c"))
	if !strings.Contains(screenText(m.View()), "stopping now") {
		t.Error("second Ctrl+C does not say it stops now")
	}
	if fmt.Sprint(actions) != "[{stop } {stop-now }]" {
		t.Errorf("actions %v", actions)
	}
}

// A run the admin stopped ends the view as soon as the runner returns (the
// caller then exits 130); a run that ended by itself waits on the summary.
func TestARunStoppedByTheAdminEndsTheView(t *testing.T) {
	for _, stopped := range []bool{true, false} {
		var actions []Action
		m := newView(&actions)
		feed(t, m, script()[:10])
		if stopped {
			sendAll(t, m, key("ctrl+c"))
		}
		_, cmd := m.Update(eventMsg{steps.Event{Kind: steps.EventDone, Time: at(24), Summary: &steps.Summary{Interrupted: stopped}}})
		var finished bool
		for _, msg := range teadrive.Run(cmd) {
			_, finished = msg.(FinishedMsg)
		}
		if finished != stopped {
			t.Errorf("stopped by the admin %v: the view ended at once %v", stopped, finished)
		}
	}
}

func TestLogPaneAndSummary(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script())
	sendAll(t, m, key("l"))
	text := screenText(m.View())
	if !strings.Contains(text, "12:00:05 created · Microsoft Entra · app registration") {
		t.Errorf("log pane:\n%s", text)
	}
	if raw := m.View().Content; !strings.Contains(raw, ";https://entra.microsoft.com/#view/app/1\x1b\\") {
		t.Errorf("the log's link is not a hyperlink:\n%q", raw)
	}
	goldens(t, m, "progress_log")
	sendAll(t, m, key("l"))
	feed(t, m, finish())
	if !m.Done() {
		t.Fatal("not done after EventDone")
	}
	text = screenText(m.View())
	for _, want := range []string{
		"Ended in 0:24 — 1 failed, 1 step needs you, 2 skipped · 2 created",
		"Left for a person (1)", `1. Create the "HTTP with Microsoft Entra ID" connection`,
		"Failed (1)", "→ ask an environment admin",
		"Profile  ./contoso.yaml", "State    ./.almwiz/contoso/",
		"Resume   almwiz resume --state-dir ./.almwiz/contoso/ --sandbox",
		"Next     almwiz status · plan · destroy, with the same flags",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	if link, _ := linkOnScreen(text, "https://make.powerapps.com/"); link != manualLink {
		t.Errorf("the summary shows the link as %q", link)
	}
	goldens(t, m, "summary")
	sendAll(t, m, key("down"), key("down"), key("down"), key("down"), key("down"), key("down"))
	if text := screenText(m.View()); !strings.Contains(text, "Created (2)") || !strings.Contains(text, "https://dev.azure.com/contoso/alm") {
		t.Errorf("scrolling the summary does not reach the created project's link:\n%s", text)
	}
	var fin tea.Msg
	_, cmd := m.Update(key("q"))
	if fin = cmd(); fin.(FinishedMsg).Summary.Created != 2 {
		t.Errorf("finished with %+v", fin)
	}
}

func TestRunningViewGolden(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script()[:13])
	m.Update(tickMsg(at(12)))
	goldens(t, m, "progress_running")
}

func TestPlainWritesOneLinePerStateChangeAndAsksOnFailure(t *testing.T) {
	ch := make(chan steps.Event, 20)
	for _, ev := range append(script(), finish()...) {
		ch <- ev
	}
	close(ch)
	var out bytes.Buffer
	var actions []Action
	sum := Plain(&out, ch, strings.NewReader("x\nr\n"), func(a Action) { actions = append(actions, a) })
	text := out.String()
	for _, want := range []string{
		"✓ created: Microsoft Entra · app registration ALMAcceleratorServicePrincipal (0:04) — https://entra.microsoft.com/#view/app/1",
		"… Azure DevOps · contoso · project alm — waiting 12 s — throttled",
		"✗ failed: Power Platform · application user · test — needs System Administrator in contoso-test — suggestion: ask",
		"Retry, skip it, or stop and resume later? [r/s/q]: Retry",
		"! left for a person: Power Platform · HTTP with Microsoft Entra ID connection",
		"2 created, 0 updated, 1 already there, 1 failed, 2 skipped, 1 left for a person, in 0:24",
		" — " + manualLink + "\n", // a link is printed whole, never cut
	} {
		if !strings.Contains(text, want) {
			t.Errorf("plain output lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsAny(text, "\x1b\r") {
		t.Error("plain output holds escape codes or carriage returns")
	}
	if len(actions) != 1 || actions[0] != (Action{ActionRetry, "appuser"}) {
		t.Errorf("actions %v", actions)
	}
	if sum.Created != 2 || sum.Failed != 1 {
		t.Errorf("summary %+v", sum)
	}
}

func BenchmarkProgressView200Steps(b *testing.B) {
	m := New(nil, Options{Title: "bench"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	services := []string{"Microsoft Entra", "Azure DevOps · contoso", "Azure DevOps · fabrikam", "Power Platform"}
	for i := 0; i < 200; i++ {
		id := fmt.Sprint("step-", i)
		m.Update(eventMsg{steps.Event{Kind: steps.EventPlanned, StepID: id, Title: "step number " + id, Service: services[i%4], Time: at(0)}})
		switch i % 5 {
		case 0:
			m.Update(eventMsg{steps.Event{Kind: steps.EventCreated, StepID: id, Time: at(i)}})
		case 1:
			m.Update(eventMsg{steps.Event{Kind: steps.EventStarted, StepID: id, Time: at(i)}})
		case 2:
			m.Update(eventMsg{steps.Event{Kind: steps.EventProgress, StepID: id, Time: at(i), Message: "waiting 12 s — throttled"}})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.frame = i
		_ = m.View()
	}
}

// The headline never says "Done" while anything is left, and says what is.
func TestTheHeadlineSaysWhatIsLeft(t *testing.T) {
	cases := []struct {
		sum  steps.Summary
		want string
	}{
		{steps.Summary{Created: 3, Unchanged: 1}, "Done in 0:24 — 3 created, 1 already there, nothing left to do"},
		{steps.Summary{Created: 3, Manual: 1, Skipped: 1}, "Almost done in 0:24 — 1 step needs you, 1 skipped · 3 created"},
		{steps.Summary{Created: 3, Manual: 2}, "Almost done in 0:24 — 2 steps need you · 3 created"},
		{steps.Summary{Created: 1, Failed: 1}, "Ended in 0:24 — 1 failed · 1 created"},
	}
	for _, c := range cases {
		var actions []Action
		m := newView(&actions)
		c.sum.Elapsed = 24 * time.Second
		m.Update(eventMsg{steps.Event{Kind: steps.EventDone, Time: at(24), Summary: &c.sum}})
		if got := m.headline(m.Summary()); got != c.want {
			t.Errorf("headline %q, want %q", got, c.want)
		}
	}
}

// A link on the summary is never cut (issue 13 item 3): at every width it
// is all there, broken across lines with nothing added inside it, and each
// piece is a terminal hyperlink to the whole URL.
func TestSummaryLinksAreWholeAndHyperlinked(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, append(script(), finish()...))
	for _, width := range []int{60, 80, 120} {
		m.Update(tea.WindowSizeMsg{Width: width, Height: 40})
		got, lines := linkOnScreen(screenText(m.View()), "https://make.powerapps.com/")
		if got != manualLink {
			t.Errorf("at %d columns the link reads %q, want %q", width, got, manualLink)
		}
		raw := m.View().Content
		if n := strings.Count(raw, "\x1b]8;id=almwiz-"); n != lines+2 || strings.Count(raw, ";"+manualLink+"\x1b\\") != lines || strings.Count(raw, "\x1b]8;;\x1b\\") != n {
			t.Errorf("at %d columns the link's %d lines are not each an OSC 8 hyperlink to it:\n%q", width, lines, raw)
		}
	}
	plain := New(nil, Options{NoColor: true})
	plain.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	feed(t, plain, append(script(), finish()...))
	if strings.Contains(plain.View().Content, "\x1b]8;") {
		t.Error("without colour the summary still writes OSC 8 hyperlinks")
	}
}

// linkOnScreen joins the link starting with prefix and its continuation
// lines, as an admin copying it would, and how many lines it takes.
func linkOnScreen(text, prefix string) (string, int) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		at := strings.Index(l, prefix)
		if at < 0 {
			continue
		}
		link, n := strings.TrimSpace(l[at:]), 1
		for _, next := range lines[i+1:] {
			cont := strings.TrimSpace(next)
			if len(next)-len(strings.TrimLeft(next, " ")) != at || cont == "" || strings.Contains(cont, " ") {
				break
			}
			link, n = link+cont, n+1
		}
		return link, n
	}
	return "", 0
}

// Below the minimum size the progress view ignores keys other than
// Ctrl+C: a retry or skip must not be taken on a failure the admin cannot
// see.
func TestTooSmallProgressIgnoresDecisionKeys(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script())
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 12})
	sendAll(t, m, key("s"), key("r"))
	if len(actions) != 0 {
		t.Errorf("keys acted on a hidden view: %v", actions)
	}
}

// The services' step counts line up in one column, also after a service
// name holding a wide-byte character such as "·".
func TestServiceCountsLineUp(t *testing.T) {
	var actions []Action
	m := newView(&actions)
	feed(t, m, script())
	cols := map[int]bool{}
	for _, l := range strings.Split(screenText(m.View()), "\n") {
		for _, name := range []string{"  Microsoft Entra ", "  Azure DevOps · contoso ", "  Power Platform "} {
			if strings.HasPrefix(l, name) {
				cols[ansi.StringWidth(l[:strings.LastIndex(l, "/")])] = true
			}
		}
	}
	if len(cols) != 1 {
		t.Errorf("the counts are in columns %v:\n%s", cols, screenText(m.View()))
	}
}

// While the runner waits for a person, the view shows what and where in
// full; r re-checks now and s stops waiting, even without decisions.
func TestWaitingForAPersonShowsTheLinkAndRechecksOrStops(t *testing.T) {
	link := "https://make.powerapps.com/environments/Default-0000/connections?source=almwiz&owner=00000000-0000-0000-0000-000000000001&ownerName=admin%40contoso.onmicrosoft.com"
	waiting := steps.Event{Kind: steps.EventProgress, StepID: "connection", Time: at(24), Link: link,
		Message: "waiting for a person — re-checking every 5 s: Create 1 connection(s) in environment contoso-alm"}
	for _, tc := range []struct {
		key  string
		want Action
		says string
	}{{"r", Action{ActionRecheck, "connection"}, "re-checking…"}, {"s", Action{ActionStopWaiting, "connection"}, "leaving it for almwiz resume…"}} {
		var actions []Action
		m := New(nil, Options{Title: "contoso", NoDecisions: true, Control: func(a Action) { actions = append(actions, a) }})
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 30})
		feed(t, m, script()[:7])
		feed(t, m, []steps.Event{{Kind: steps.EventStarted, StepID: "connection", Time: at(20)}, waiting})
		text := screenText(m.View())
		for _, want := range []string{"re-checking every 5 s: Create 1 connection(s)", "r re-check now", "s stop waiting"} {
			if !strings.Contains(text, want) {
				t.Errorf("view lacks %q:\n%s", want, text)
			}
		}
		if !strings.Contains(strings.ReplaceAll(text, "\n       ", ""), link) {
			t.Errorf("the link is not shown in full:\n%s", text)
		}
		sendAll(t, m, key(tc.key))
		if len(actions) != 1 || actions[0] != tc.want {
			t.Fatalf("%s: actions %v", tc.key, actions)
		}
		if !strings.Contains(screenText(m.View()), tc.says) {
			t.Errorf("%s: the step does not say %q", tc.key, tc.says)
		}
		feed(t, m, []steps.Event{{Kind: steps.EventUpdated, StepID: "connection", Time: at(30)}})
		if strings.Contains(screenText(m.View()), "re-check now") {
			t.Errorf("%s: still offers to re-check a finished step", tc.key)
		}
	}
}
