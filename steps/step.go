package steps

import (
	"context"
	"errors"
)

// Step is one resource of the installation: it observes the cloud, compares
// what it finds with the desired state, and acts only on a difference.
//
// A step computes its desired state purely (in its constructor, from the
// profile) and calls providers only in Observe, Apply and Destroy.
type Step interface {
	// ID is stable across runs and profiles, e.g. "entra/app-registration"
	// or "devops/contoso/alm/service-connection/test"; the checkpoint is
	// keyed by it.
	ID() string
	// Title is what the progress view shows, e.g. "App registration ALMAcceleratorServicePrincipal".
	Title() string
	// Service is the group the UI shows the step under, e.g. "Azure DevOps · contoso".
	Service() string
	// Scope is the admin scope the step belongs to: ScopeEntra, ScopeDevOps or ScopePowerPlatform.
	Scope() string
	// Role is the admin role the step needs, shown in the plan and in errors.
	Role() string
	// Needs lists the ids of the steps whose outputs this one reads.
	Needs() []string
	// SpecHash is a hash of the desired state (see HashSpec); when it
	// differs from the recorded one the step runs again.
	SpecHash() string
	// Observe reads the cloud cheaply and says whether the resource exists
	// and matches the desired state.
	Observe(ctx context.Context, env *Env) (Observation, error)
	// Apply converges the resource on the desired state, given what
	// Observe saw.
	Apply(ctx context.Context, env *Env, obs Observation) (Outcome, error)
	// Destroy removes what this installation created. The runner calls it
	// only for steps the checkpoint records as created by us; what was
	// found already there is never removed.
	Destroy(ctx context.Context, env *Env) error
}

// The admin scopes of the installation; `--scope` takes one of them.
const (
	ScopeEntra         = "entra"
	ScopeDevOps        = "devops"
	ScopePowerPlatform = "powerplatform"
)

// Observation is what a step found in the cloud.
type Observation struct {
	Exists  bool // the resource is there
	Matches bool // ... and is as the profile wants it
	// Outputs are the ids and URLs read back (object id, app id, endpoint
	// id); when the step is unchanged they become its outputs.
	Outputs map[string]string
	Link    string // portal link of the resource, if any
	Detail  string // what differs, shown as progress before Apply
}

// Result says what Apply did.
type Result string

// The results of Apply.
const (
	ResultCreated   Result = "created"
	ResultUpdated   Result = "updated"
	ResultUnchanged Result = "unchanged"
	ResultManual    Result = "manual" // left for a person: Message says what, Link where
)

// Outcome is what Apply did.
type Outcome struct {
	Result  Result
	Link    string // portal link of the resource, or where a person must act
	Message string // for ResultManual: what the person must do
}

// ThenResume ends the message of a step left for a person: what to run
// once they are done. A run that waits for the person (WaitForPerson)
// shows the message without it, since it carries on by itself.
const ThenResume = " — then run almwiz resume"

// Manual is the outcome of a step that a person must finish, e.g. granting
// admin consent in the portal; link says where. Its dependents are skipped
// until a later run observes the step done.
func Manual(what, link string) Outcome {
	return Outcome{Result: ResultManual, Message: what, Link: link}
}

// StepError is the failure of one step, with what the user can do about it.
type StepError struct {
	StepID     string
	Err        error
	Suggestion string // what to do, who can do it, the link
	Transient  bool   // throttling, timeouts, replication delay: the runner retries
}

// Error names the step and the cause.
func (e *StepError) Error() string { return e.StepID + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

// IsTransient says whether err is worth retrying as it is: a *StepError
// marked Transient, or any error in the chain with a Transient() bool method
// that says so.
func IsTransient(err error) bool {
	var se *StepError
	if errors.As(err, &se) && se.Transient {
		return true
	}
	var t interface{ Transient() bool }
	return errors.As(err, &t) && t.Transient()
}

// suggestionOf returns the first suggestion in err's chain.
func suggestionOf(err error) string {
	var se *StepError
	for e := err; errors.As(e, &se); e = se.Err {
		if se.Suggestion != "" {
			return se.Suggestion
		}
	}
	return ""
}
