package steps

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"almwiz/steps/checkpoint"
)

// Env is what a step sees of the run: the outputs of the steps it needs,
// its own record in the checkpoint, the progress line, and the run's
// in-memory secret vault.
type Env struct {
	step Step
	run  *run
	mu   sync.Mutex
	errs []error // misuse found while the step ran (a secret as output, a failed save)
}

func newEnv(r *run, s Step) *Env { return &Env{step: s, run: r} }

// StepID is the id of the step this Env belongs to.
func (e *Env) StepID() string { return e.step.ID() }

// Input returns the output key of step stepID, which must be the step
// itself or one it Needs (so that the value is there when it runs). It is
// read from the checkpoint, so the outputs of steps of another scope,
// applied by another admin, are readable too. Missing is "".
func (e *Env) Input(stepID, key string) string {
	if stepID != e.step.ID() && !slices.Contains(e.step.Needs(), stepID) {
		e.fail(fmt.Errorf("reads an output of %s without needing it; add it to Needs", stepID))
		return ""
	}
	var v string
	e.run.store.View(func(st *checkpoint.State) {
		if rec, ok := st.Steps[stepID]; ok {
			v = rec.Outputs[key]
		}
	})
	return v
}

// Recorded returns an output step stepID recorded in an earlier run, or ""
// — for a step that must check what others hold without depending on them
// (the client secret checks which key each consumer received). It is not
// for outputs of the current run: for those, need the step and use Input.
func (e *Env) Recorded(stepID, key string) string {
	var v string
	e.run.store.View(func(st *checkpoint.State) {
		if rec, ok := st.Steps[stepID]; ok {
			v = rec.Outputs[key]
		}
	})
	return v
}

// InScope reports whether step stepID runs under this run's --scope.
func (e *Env) InScope(stepID string) bool {
	s := e.run.plan.Step(stepID)
	return s != nil && e.run.plan.InScope(s)
}

// Output returns one of the step's own recorded outputs, e.g. an id that
// Destroy needs.
func (e *Env) Output(key string) string { return e.Input(e.step.ID(), key) }

// SetOutput records an id or URL the dependents of the step read, and
// saves the checkpoint. A secret value is refused: it is saved as
// "[redacted]" and the step fails, since secrets never touch disk.
func (e *Env) SetOutput(key, value string) {
	e.setOutputs(map[string]string{key: value})
}

// setOutputs records several outputs with one save.
func (e *Env) setOutputs(outputs map[string]string) {
	if len(outputs) == 0 {
		return
	}
	clean := make(map[string]string, len(outputs))
	for k, v := range outputs {
		if e.run.vault.Holds(v) {
			e.fail(fmt.Errorf("output %q is a secret; secrets are handed over through the vault and never saved", k))
			v = Redacted
		}
		clean[k] = v
	}
	e.update(func(rec *checkpoint.Step) {
		if rec.Outputs == nil {
			rec.Outputs = map[string]string{}
		}
		maps.Copy(rec.Outputs, clean)
	})
}

// Progress shows a sub-status of the step, e.g. "importing… 62%".
func (e *Env) Progress(text string) {
	ev := stepEvent(EventProgress, e.step)
	ev.Message = text
	e.run.out.emit(ev)
}

// RecordOperation saves the URL of a long-running remote operation before
// the step waits on it, so that a resumed run re-attaches to it (see
// Operation) instead of starting a second one. Do not wait when it fails.
func (e *Env) RecordOperation(url string) error {
	return e.update(func(rec *checkpoint.Step) { rec.Operation = url })
}

// Operation is the URL a previous attempt or run recorded, "" when none.
// It is cleared when the step finishes.
func (e *Env) Operation() string {
	var op string
	e.run.store.View(func(st *checkpoint.State) {
		if rec, ok := st.Steps[e.step.ID()]; ok {
			op = rec.Operation
		}
	})
	return op
}

// PutSecret hands a secret to the steps of this run; it stays in memory.
func (e *Env) PutSecret(name, value string) { e.run.vault.Put(name, value) }

// Secret returns a secret another step of this run put in the vault.
func (e *Env) Secret(name string) (string, bool) { return e.run.vault.Get(name) }

// RecordSecretKey saves the key id (never the value) of a secret the step
// just created, with the steps that must receive it. Until they have all
// finished in this run it stays pending; a later run finds it with
// PendingSecretKeys, removes it and creates a new one. Save before handing
// the secret out; do not go on when it fails.
func (e *Env) RecordSecretKey(keyID string, consumers ...string) error {
	e.run.noteMinted(keyID)
	return e.run.save(func(st *checkpoint.State) {
		st.PendingSecrets = append(st.PendingSecrets, checkpoint.PendingSecret{
			KeyID: keyID, Step: e.step.ID(), Consumers: slices.Clone(consumers), Created: time.Now().UTC(),
		})
	})
}

// PendingSecretKeys returns the key ids of secrets this step created in an
// earlier run whose consumers did not all receive them: orphans, to remove
// and replace. A secret producer's Observe reports a mismatch while any
// are left.
func (e *Env) PendingSecretKeys() []string {
	var keys []string
	e.run.store.View(func(st *checkpoint.State) {
		for _, p := range st.PendingSecrets {
			if p.Step == e.step.ID() && !e.run.minted(p.KeyID) {
				keys = append(keys, p.KeyID)
			}
		}
	})
	return keys
}

// ForgetSecretKey drops a pending key id once the secret is removed.
func (e *Env) ForgetSecretKey(keyID string) error {
	return e.run.save(func(st *checkpoint.State) {
		st.PendingSecrets = slices.DeleteFunc(st.PendingSecrets, func(p checkpoint.PendingSecret) bool { return p.KeyID == keyID })
	})
}

func (e *Env) update(fn func(*checkpoint.Step)) error {
	err := e.run.save(func(st *checkpoint.State) { fn(st.Step(e.step.ID())) })
	if err != nil {
		e.fail(err)
	}
	return err
}

func (e *Env) fail(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.errs = append(e.errs, err)
}

// err is what went wrong through the Env while the step ran.
func (e *Env) err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return errors.Join(e.errs...)
}
