// Package checkpoint stores what a run of almwiz observed and did, so an
// interrupted run can resume: one state.json per state directory, saved
// atomically after every change, guarded by a lock against a second run.
//
// The checkpoint is a cache of what was observed, never the truth: every
// step re-observes the cloud before trusting what is recorded here.
package checkpoint

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// SchemaVersion is the version of state.json this almwiz writes and reads.
const SchemaVersion = 1

// File names inside a state directory.
const (
	FileName   = "state.json"     // the checkpoint
	BackupName = "state.json.bak" // the previous save, kept for recovery
	LockName   = "lock.json"      // who holds the state directory
)

// Status is where a step stands in the checkpoint.
type Status string

// The statuses of a step.
const (
	StatusPending Status = "pending" // not run yet, or interrupted before it started
	StatusRunning Status = "running" // started and not finished; resume observes it again
	StatusDone    Status = "done"    // converged on the desired state when last run
	StatusFailed  Status = "failed"  // the last attempt failed (Error, Suggestion)
	StatusSkipped Status = "skipped" // not run because a step it needs did not finish (Reason)
	StatusManual  Status = "manual"  // left for a person (Reason, Link)
)

var knownStatuses = []Status{StatusPending, StatusRunning, StatusDone, StatusFailed, StatusSkipped, StatusManual}

// State is the whole checkpoint of one state directory.
type State struct {
	SchemaVersion  int              `json:"schemaVersion"`
	Profile        string           `json:"profile,omitempty"`
	ProfileHash    string           `json:"profileHash,omitempty"`
	Updated        time.Time        `json:"updated,omitzero"`
	Steps          map[string]*Step `json:"steps"`
	PendingSecrets []PendingSecret  `json:"pendingSecrets,omitempty"`
	// Removed says which steps' resources destroy removed, and when, so
	// that status does not show them as done; a later run that records the
	// step again forgets it.
	Removed map[string]time.Time `json:"removed,omitempty"`
	// Tenants and Organizations are the tenant domains and Azure DevOps
	// organization URLs the installation acts on, recorded when the
	// checkpoint is made, so that a profile of another installation cannot
	// silently share its state directory. Older checkpoints lack them.
	Tenants       []string `json:"tenants,omitempty"`
	Organizations []string `json:"organizations,omitempty"`
}

// Step is what the checkpoint knows about one step of the plan.
type Step struct {
	Status   Status            `json:"status"`
	SpecHash string            `json:"specHash,omitempty"` // hash of the desired state it converged on
	Outputs  map[string]string `json:"outputs,omitempty"`  // ids and URLs its dependents read
	// Operation is the URL of a long-running remote operation, recorded
	// before waiting on it so a resumed run re-attaches instead of starting
	// a second one.
	Operation string `json:"operation,omitempty"`
	// CreatedByUs says this installation created the resource, so destroy
	// may remove it. Resources found already there are never removed.
	CreatedByUs bool `json:"createdByUs,omitempty"`
	// FoundExisting is what the very first observation saw; with it a
	// resource created by a run that crashed before saving "done" is still
	// known as ours.
	FoundExisting *bool     `json:"foundExisting,omitempty"`
	Attempts      int       `json:"attempts,omitempty"`
	Error         string    `json:"error,omitempty"`
	Suggestion    string    `json:"suggestion,omitempty"`
	Reason        string    `json:"reason,omitempty"` // why skipped or manual
	Link          string    `json:"link,omitempty"`
	Started       time.Time `json:"started,omitzero"`
	Finished      time.Time `json:"finished,omitzero"`
}

// PendingSecret is a client secret whose consumers have not all received
// it. Only its key id is kept — never the value. A resumed run finds it by
// key id, removes it and creates a new one.
type PendingSecret struct {
	KeyID     string    `json:"keyId"`
	Step      string    `json:"step"`                // the step that created it
	Consumers []string  `json:"consumers,omitempty"` // the steps that must receive it
	Created   time.Time `json:"created,omitzero"`
}

// New returns an empty checkpoint for a profile.
func New(profile, profileHash string) *State {
	return &State{SchemaVersion: SchemaVersion, Profile: profile, ProfileHash: profileHash, Steps: map[string]*Step{}}
}

// Step returns the record of a step, creating a pending one if absent.
func (s *State) Step(id string) *Step {
	if s.Steps == nil {
		s.Steps = map[string]*Step{}
	}
	rec, ok := s.Steps[id]
	if !ok {
		rec = &Step{Status: StatusPending}
		s.Steps[id] = rec
		delete(s.Removed, id)
	}
	return rec
}

// Remove forgets the record of a step whose resource destroy removed at
// the given time, and remembers that it did.
func (s *State) Remove(id string, at time.Time) {
	delete(s.Steps, id)
	if s.Removed == nil {
		s.Removed = map[string]time.Time{}
	}
	s.Removed[id] = at
}

// Lookup returns the record of a step and whether there is one.
func (s *State) Lookup(id string) (Step, bool) {
	rec, ok := s.Steps[id]
	if !ok || rec == nil {
		return Step{}, false
	}
	return *rec, true
}

// Clone returns a deep copy, safe to read while the store changes.
func (s *State) Clone() *State {
	c := *s
	c.Steps = make(map[string]*Step, len(s.Steps))
	for id, rec := range s.Steps {
		r := *rec
		r.Outputs = maps.Clone(rec.Outputs)
		if rec.FoundExisting != nil {
			v := *rec.FoundExisting
			r.FoundExisting = &v
		}
		c.Steps[id] = &r
	}
	c.Removed = maps.Clone(s.Removed)
	c.PendingSecrets = make([]PendingSecret, len(s.PendingSecrets))
	for i, p := range s.PendingSecrets {
		p.Consumers = slices.Clone(p.Consumers)
		c.PendingSecrets[i] = p
	}
	return &c
}

// Validate reports the first thing in s a resumed run could not trust.
func (s *State) Validate() error {
	switch {
	case s.SchemaVersion == 0:
		return fmt.Errorf("schemaVersion is missing")
	case s.SchemaVersion > SchemaVersion:
		return fmt.Errorf("schemaVersion %d was written by a newer almwiz (this one reads %d); upgrade almwiz", s.SchemaVersion, SchemaVersion)
	case s.SchemaVersion < 0:
		return fmt.Errorf("schemaVersion %d is not a version", s.SchemaVersion)
	}
	for _, id := range slices.Sorted(maps.Keys(s.Steps)) {
		if err := validateStep(id, s.Steps[id]); err != nil {
			return err
		}
	}
	for i, p := range s.PendingSecrets {
		if p.KeyID == "" || p.Step == "" {
			return fmt.Errorf("pendingSecrets[%d]: keyId and step are required", i)
		}
	}
	return nil
}

func validateStep(id string, rec *Step) error {
	switch {
	case id == "":
		return fmt.Errorf("a step has an empty id")
	case rec == nil:
		return fmt.Errorf("step %q: record is null", id)
	case !slices.Contains(knownStatuses, rec.Status):
		return fmt.Errorf("step %q: unknown status %q (want one of %v)", id, rec.Status, knownStatuses)
	case rec.Attempts < 0:
		return fmt.Errorf("step %q: attempts %d is negative", id, rec.Attempts)
	}
	return nil
}

// Parse decodes and validates the bytes of a state.json.
func Parse(data []byte) (*State, error) {
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, describeJSONError(data, err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Steps == nil {
		s.Steps = map[string]*Step{}
	}
	return &s, nil
}

// describeJSONError turns a byte offset into line:column, which a person
// can find in an editor.
func describeJSONError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	// Offset counts the bytes read, the offending one included.
	line, col := 1, 1
	for _, b := range data[:max(off-1, 0)] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("not valid JSON at line %d, column %d: %w", line, col, err)
}
