package steps

import "time"

// EventSchemaVersion is the version of the event stream; the NDJSON writer
// puts it on its first line. Consumers ignore fields they do not know.
const EventSchemaVersion = 1

// EventKind says what happened to a step.
type EventKind string

// The kinds of event the runner emits.
const (
	EventPlanned   EventKind = "planned"   // the step is in the plan (one per step, before any start)
	EventStarted   EventKind = "started"   // the step began observing
	EventProgress  EventKind = "progress"  // sub-status, e.g. "waiting 12 s — throttled by Microsoft Graph", "importing… 62%"
	EventUnchanged EventKind = "unchanged" // observed as wanted; nothing done
	EventCreated   EventKind = "created"   // the resource was created
	EventUpdated   EventKind = "updated"   // the resource was changed to match the profile
	EventFailed    EventKind = "failed"    // the step failed (Error and Suggestion set); Retryable says if r can retry it
	EventSkipped   EventKind = "skipped"   // not run: out of --scope, skipped by the admin, or a dependency failed (Reason)
	EventManual    EventKind = "manual"    // left for a person (Reason and Link say what and where)
	EventDeleted   EventKind = "deleted"   // destroy removed what this installation created
	EventDone      EventKind = "done"      // the run ended (Summary set)
	// EventPreflight is a finding of the checks run before any change
	// (StepID is the check's id, Severity says if it blocks); they come
	// before every other event.
	EventPreflight EventKind = "preflight"
)

// Event is one state change of one step, or the end of the run.
type Event struct {
	Kind       EventKind     `json:"kind"`
	Time       time.Time     `json:"time"`
	StepID     string        `json:"step,omitempty"`
	Title      string        `json:"title,omitempty"`
	Service    string        `json:"service,omitempty"` // group shown in the UI, e.g. "Azure DevOps · contoso"
	Scope      string        `json:"scope,omitempty"`   // entra, devops or powerplatform
	Needs      []string      `json:"needs,omitempty"`   // on planned events: the steps this one waits for
	Message    string        `json:"message,omitempty"` // progress text, or the reason for skipped/manual
	Link       string        `json:"link,omitempty"`    // portal link of the resource, or where a person must act
	Error      string        `json:"error,omitempty"`
	Suggestion string        `json:"suggestion,omitempty"`
	Retryable  bool          `json:"retryable,omitempty"`
	Attempt    int           `json:"attempt,omitempty"`
	Elapsed    time.Duration `json:"elapsedNs,omitempty"`
	Summary    *Summary      `json:"summary,omitempty"`
	Severity   string        `json:"severity,omitempty"` // on preflight events: blocker or warning
}

// Summary counts the outcome of a run.
type Summary struct {
	Created, Updated, Unchanged, Failed, Skipped, Manual int
	Deleted                                              int // by destroy
	Elapsed                                              time.Duration
	Interrupted                                          bool
}
