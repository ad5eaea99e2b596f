package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"almwiz/steps"
)

func events() []steps.Event {
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	app := steps.Event{StepID: "entra/app-registration", Title: "App registration ALMAcceleratorServicePrincipal", Scope: "entra", Time: at}
	with := func(e steps.Event, f func(*steps.Event)) steps.Event { f(&e); return e }
	return []steps.Event{
		with(app, func(e *steps.Event) { e.Kind = steps.EventPlanned }),
		with(app, func(e *steps.Event) { e.Kind = steps.EventStarted }),
		with(app, func(e *steps.Event) {
			e.Kind, e.Message = steps.EventProgress, "waiting 12 s — throttled by Microsoft Graph"
		}),
		with(app, func(e *steps.Event) { e.Kind, e.Elapsed = steps.EventCreated, 400*time.Millisecond }),
		with(app, func(e *steps.Event) {
			e.Kind, e.Error, e.Suggestion, e.Elapsed = steps.EventFailed, "403 Forbidden", "ask a Global Administrator", 2100*time.Millisecond
		}),
		with(app, func(e *steps.Event) {
			e.Kind, e.Message, e.Link = steps.EventManual, "grant admin consent", "https://portal.azure.com/"
		}),
		with(app, func(e *steps.Event) { e.Kind, e.Message = steps.EventSkipped, "needs entra/group" }),
		{Kind: steps.EventDone, Time: at, Summary: &steps.Summary{Created: 3, Unchanged: 2, Failed: 1, Elapsed: 75 * time.Second}},
	}
}

func feed(list []steps.Event) <-chan steps.Event {
	ch := make(chan steps.Event, len(list))
	for _, e := range list {
		ch <- e
	}
	close(ch)
	return ch
}

func TestPlainWritesOneLinePerStateChange(t *testing.T) {
	var b bytes.Buffer
	if err := Consume(feed(events()), Plain(&b)); err != nil {
		t.Fatal(err)
	}
	want := `→ started  entra/app-registration  App registration ALMAcceleratorServicePrincipal
… entra/app-registration  waiting 12 s — throttled by Microsoft Graph
✓ created  entra/app-registration  App registration ALMAcceleratorServicePrincipal (0.4s)
✗ failed  entra/app-registration  App registration ALMAcceleratorServicePrincipal (2.1s)
    403 Forbidden
    → ask a Global Administrator
! manual  entra/app-registration  App registration ALMAcceleratorServicePrincipal: grant admin consent — https://portal.azure.com/
- skipped  entra/app-registration  App registration ALMAcceleratorServicePrincipal: needs entra/group
done: 3 created, 2 unchanged, 1 failed in 1m15s
`
	if b.String() != want {
		t.Errorf("Plain wrote:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestNDJSONWritesSchemaLineThenOneObjectPerLine(t *testing.T) {
	var b bytes.Buffer
	if err := Consume(feed(events()), NDJSON(&b)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if lines[0] != `{"schemaVersion":1,"kind":"schema"}` {
		t.Errorf("first line %s", lines[0])
	}
	if len(lines) != len(events())+1 {
		t.Fatalf("%d lines, want %d", len(lines), len(events())+1)
	}
	for i, line := range lines[1:] {
		var e steps.Event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %d is not one JSON object: %v\n%s", i+2, err, line)
		}
		if e.Kind != events()[i].Kind {
			t.Errorf("line %d kind %s, want %s", i+2, e.Kind, events()[i].Kind)
		}
	}
}

func TestNDJSONWritesTheSchemaLineEvenWithoutEvents(t *testing.T) {
	var b bytes.Buffer
	if err := Consume(feed(nil), NDJSON(&b)); err != nil || b.String() != "{\"schemaVersion\":1,\"kind\":\"schema\"}\n" {
		t.Errorf("got %q, %v", b.String(), err)
	}
}

type brokenPipe struct{ writes int }

func (b *brokenPipe) Write(p []byte) (int, error) { b.writes++; return 0, errors.New("broken pipe") }

func TestConsumeDrainsTheChannelAfterAWriteError(t *testing.T) {
	ch := make(chan steps.Event)
	done := make(chan error)
	go func() { done <- Consume(ch, Plain(&brokenPipe{})) }()
	for _, e := range events() {
		ch <- e // would block forever if Consume stopped reading
	}
	close(ch)
	if err := <-done; err == nil {
		t.Error("Consume hid the write error")
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		400 * time.Millisecond: "0.4s", 12300 * time.Millisecond: "12.3s", 125 * time.Second: "2m05s",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%s) = %s, want %s", d, got, want)
		}
	}
}

func TestPlainShowsAPreflightFindingWithItsFixAndLink(t *testing.T) {
	var b bytes.Buffer
	f := steps.Finding{Check: steps.CheckParallelism, Service: "Azure DevOps · contoso", Severity: steps.SeverityWarning,
		Message: "no hosted parallel job", Fix: "request the free grant", Link: "https://aka.ms/azpipelines-parallelism-request"}
	if err := Plain(&b).Write(f.Event()); err != nil {
		t.Fatal(err)
	}
	want := "! preflight warning  hosted-parallelism  Azure DevOps · contoso: no hosted parallel job\n    → request the free grant\n    https://aka.ms/azpipelines-parallelism-request\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	f.Severity = steps.SeverityBlocker
	_ = NDJSON(&b).Write(f.Event())
	if !strings.Contains(b.String(), `"kind":"preflight","time":"0001-01-01T00:00:00Z","step":"hosted-parallelism"`) || !strings.Contains(b.String(), `"severity":"blocker"`) {
		t.Errorf("ndjson: %s", b.String())
	}
}
