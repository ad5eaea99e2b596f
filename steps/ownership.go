package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// CreatedMark is what almwiz writes, when it creates a resource, into a text
// field the service keeps (a description, an app's or service principal's
// notes, a client secret's display name). Destroy deletes such a resource
// only when the field, read back from the cloud, still carries it:
// state.json alone is a file anyone with access to the state directory can
// edit. The environment's and the app registration's marks (EnvironmentMark,
// entra.CreatedMark) are older spellings of the same words.
const CreatedMark = "(created by almwiz)"

// markWords are the words every spelling of the mark shares.
const markWords = "created by almwiz"

// carriesMark says whether a text field holds almwiz's mark, in any of its
// spellings.
func carriesMark(text string) bool {
	return strings.Contains(strings.ToLower(text), markWords)
}

// withMark is text followed by CreatedMark.
func withMark(text string) string { return text + " " + CreatedMark }

// withoutMark is text without a trailing CreatedMark.
func withoutMark(text string) string { return strings.TrimSuffix(text, " "+CreatedMark) }

// proveMark refuses, naming the resource, when the text field the service
// kept lacks almwiz's mark: what is the resource ("variable group \"x\" in
// project y"), field the field's name, fix where an admin deletes it by hand.
func proveMark(stepID, what, field, text, fix string) error {
	if carriesMark(text) {
		return nil
	}
	return &StepError{StepID: stepID, Err: fmt.Errorf("%s does not carry almwiz's mark: its %s is %q, without %q; it may have existed before this install "+
		"(or was made by an almwiz older than the mark), so almwiz leaves it", what, field, text, CreatedMark),
		Suggestion: "if it is yours to delete, " + fix}
}

// notRecorded refuses when the resource found by its name is not the one
// state.json records by id, which Destroy would delete: what state.json
// names is then not proven.
func notRecorded(stepID, what, recorded, fix string) error {
	return &StepError{StepID: stepID, Err: fmt.Errorf("state.json records %s, not %s; almwiz cannot prove it created what state.json names, so it leaves both", recorded, what),
		Suggestion: "if it is yours to delete, " + fix}
}

// proveThrough proves a resource identified by its parent (a consent grant
// by its service principal, an application user by its app): it is ours
// when the parent is, as the parent did not exist before the install.
// parentErr is the parent's proof; nil proves the child.
func proveThrough(stepID, what string, parentErr error, fix string) error {
	if parentErr == nil {
		return nil
	}
	var se *StepError
	cause := parentErr
	if errors.As(parentErr, &se) {
		cause = se.Err
	}
	return &StepError{StepID: stepID, Err: fmt.Errorf("%s is almwiz's only if what it belongs to is, which is not proven, so almwiz leaves it: %w", what, cause),
		Suggestion: "if it is yours to delete, " + fix}
}

// UnprovableError is a resource no field of the service can prove almwiz
// created. Destroy never deletes it, whatever state.json says, and reports
// it left in place.
type UnprovableError struct {
	What string // the resource, e.g. "extension ms-devlabs.custom-terraform-tasks"
	Why  string // why nothing proves it, and what to do
}

func (e *UnprovableError) Error() string {
	return "cannot prove almwiz created " + e.What + " (" + e.Why + "); it is left in place: remove it by hand if you are sure"
}

// proveAppIdentity proves the identity of the app appID in tenant t
// almwiz's: its app registration carries the mark, or its service principal
// in t does (each read by the id recorded, and checked to be appID's). What
// is keyed by the app's id there — consent grants, an application user, the
// management-app registration — is then ours too: it cannot have existed
// before the app or the service principal did.
func (b *build) proveAppIdentity(ctx context.Context, env *Env, stepID, t, appID string) error {
	proof := fmt.Errorf("almwiz recorded neither an app registration nor a service principal of app %s", appID)
	if id := env.Recorded(IDAppRegistration, OutAppObjectID); id != "" {
		app, found, err := b.homeClient().ApplicationByID(ctx, id)
		switch {
		case err != nil:
			return err
		case !found || !strings.EqualFold(app.AppID, appID):
			proof = fmt.Errorf("the app registration state.json records (%s) is not app %s", id, appID)
		default:
			if proof = proveMark(stepID, fmt.Sprintf("app registration %q (%s)", app.DisplayName, app.AppID), "notes", app.Notes, ""); proof == nil {
				return nil
			}
		}
	}
	if id := env.Recorded(IDServicePrincipal(t), OutSPID); id != "" {
		sp, found, err := b.c.Entra(b.tenantDomain(t)).ServicePrincipalByID(ctx, id)
		if err != nil {
			return err
		}
		if found && strings.EqualFold(sp.AppID, appID) && carriesMark(sp.Notes) {
			return nil
		}
	}
	return proof
}

// provedThrough is a step proven through another step's resource
// (proveAppIdentity): destroy removes it before that resource, whose proof
// it needs, whether or not it needs the resource to be made.
type provedThrough interface {
	ProvedThrough() []string
}
