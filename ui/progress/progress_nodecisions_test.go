package progress

import (
	"strings"
	"testing"
	"time"

	"almwiz/steps"
)

// When the caller cannot retry or skip a step within the run, a failed step
// shows its error and suggestion but offers only to stop and resume later.
func TestFailedStepOffersNoRetryWhenTheCallerCannot(t *testing.T) {
	m := New(nil, Options{Title: "demo", NoDecisions: true})
	now := time.Now()
	for _, ev := range []steps.Event{
		{Kind: steps.EventPlanned, StepID: "a", Title: "Project alm", Service: "Azure DevOps · contoso", Time: now},
		{Kind: steps.EventStarted, StepID: "a", Time: now},
		{Kind: steps.EventFailed, StepID: "a", Error: "denied", Suggestion: "ask a Project Collection Administrator", Retryable: true, Time: now},
	} {
		m.run.apply(ev)
	}
	view := screenText(m.View())
	if strings.Contains(view, "r retry") || strings.Contains(view, "s skip") {
		t.Errorf("retry or skip offered:\n%s", view)
	}
	if !strings.Contains(view, "ask a Project Collection Administrator") {
		t.Errorf("the suggestion is not shown:\n%s", view)
	}
}
