package entra

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// AppSpec is the app registration almwiz wants.
type AppSpec struct {
	// UniqueName is the stable key almwiz finds the app by, e.g.
	// "ALMAcceleratorServicePrincipal".
	UniqueName string
	// DisplayName is what the Entra admin center shows.
	DisplayName string
	// SignInAudience is AzureADMyOrg or AzureADMultipleOrgs; empty keeps the
	// app's (AzureADMyOrg for a new one).
	SignInAudience string
	// RequiredResourceAccess is merged into the app's: missing permissions
	// are added, others kept. Usually ALMAcceleratorResourceAccess.
	RequiredResourceAccess []RequiredResourceAccess
	// RedirectURIs are merged into web.redirectUris, never replacing it.
	RedirectURIs []string
	// Owners are object ids (users or service principals) made owners.
	Owners []string
	// Adopter returns the signed-in identity's object id in the tenant; an
	// app of DisplayName without uniqueName that it owns is adopted even
	// when it asks none of RequiredResourceAccess. Nil adopts by shape only.
	Adopter func(context.Context) (string, error) `json:"-"`
}

// CreatedMark is the notes of every app registration almwiz creates (an
// adopted one keeps its own): the proof destroy asks for before deleting.
// Graph keeps application.notes as written (Graph v1.0 metadata: notes).
const CreatedMark = "Created by almwiz for the ALM Accelerator for Power Platform"

// EnsureApplication makes the app registration match spec, writing only what
// is missing: it is found by uniqueName, or adopted when an app of the same
// display name has none, or created by an upsert that is safe to repeat.
func (c *Client) EnsureApplication(ctx context.Context, spec AppSpec) (Application, Outcome, error) {
	app, found, adopt, err := c.findApplication(ctx, spec)
	if err != nil {
		return Application{}, "", fmt.Errorf("find app registration %q: %w", spec.UniqueName, err)
	}
	var outcome Outcome
	if !found {
		app, outcome, err = c.createApplication(ctx, spec)
	} else {
		outcome, err = c.updateApplication(ctx, &app, spec, adopt)
	}
	if err != nil {
		return Application{}, "", err
	}
	added, err := c.ensureOwners(ctx, app, spec.Owners)
	if err != nil {
		return app, outcome, err
	}
	if added && outcome == Unchanged {
		outcome = Updated
	}
	return app, outcome, nil
}

// createApplication upserts the app by uniqueName. Prefer: create-if-missing
// makes a repeat (after a lost answer) update the same app, never add one.
func (c *Client) createApplication(ctx context.Context, spec AppSpec) (Application, Outcome, error) {
	body := map[string]any{"displayName": spec.DisplayName, "requiredResourceAccess": spec.RequiredResourceAccess, "notes": CreatedMark}
	if spec.SignInAudience != "" {
		body["signInAudience"] = spec.SignInAudience
	}
	if len(spec.RedirectURIs) > 0 {
		body["web"] = map[string]any{"redirectUris": spec.RedirectURIs}
	}
	var app Application
	cl := call{method: "PATCH", path: "/applications(uniqueName='" + quote(spec.UniqueName) + "')", body: body,
		header: map[string]string{"Prefer": "create-if-missing"}, retrySafe: true,
		op: fmt.Sprintf("create app registration %q", spec.UniqueName), role: roleApps}
	status, err := c.do(ctx, cl, &app)
	if err != nil || status != http.StatusNoContent {
		return app, Created, err
	}
	// 204: it existed after all (made by an earlier attempt whose answer was
	// lost, not yet readable by key); the upsert proves it exists, so wait
	// until it can be read.
	err = c.untilReplicated(ctx, cl.op, func() error {
		got, found, rerr := c.GetApplication(ctx, spec.UniqueName)
		if rerr == nil && !found {
			return errStillReplicating{fmt.Sprintf("app registration %q", spec.UniqueName)}
		}
		app = got
		return rerr
	})
	return app, Updated, err
}

// updateApplication patches what app lacks of spec, by object id (which also
// works for an adopted app without uniqueName).
func (c *Client) updateApplication(ctx context.Context, app *Application, spec AppSpec, adopt bool) (Outcome, error) {
	patch := changesFor(*app, spec)
	if adopt {
		patch["uniqueName"] = spec.UniqueName
	}
	if len(patch) == 0 {
		return Unchanged, nil
	}
	verb := "update"
	if adopt {
		verb = "adopt"
	}
	cl := call{method: "PATCH", path: "/applications/" + quote(app.ID), body: patch,
		op: fmt.Sprintf("%s app registration %q (%s)", verb, spec.UniqueName, app.ID), role: roleApps, retrySafe: true}
	if err := c.onApp(ctx, app.ID, cl.op, func() error { _, err := c.do(ctx, cl, nil); return err }); err != nil {
		return "", err
	}
	apply(app, patch)
	if adopt {
		return Adopted, nil
	}
	return Updated, nil
}

// changesFor is the PATCH body that brings app up to spec; empty when it
// already matches.
func changesFor(app Application, spec AppSpec) map[string]any {
	patch := map[string]any{}
	if spec.DisplayName != "" && app.DisplayName != spec.DisplayName {
		patch["displayName"] = spec.DisplayName
	}
	if spec.SignInAudience != "" && app.SignInAudience != spec.SignInAudience {
		patch["signInAudience"] = spec.SignInAudience
	}
	if rra, changed := mergeResourceAccess(app.RequiredResourceAccess, spec.RequiredResourceAccess); changed {
		patch["requiredResourceAccess"] = rra
	}
	if uris, changed := mergeStrings(app.RedirectURIs, spec.RedirectURIs); changed {
		web := map[string]any{}
		for k, v := range app.web {
			if k != "redirectUriSettings" { // derived from redirectUris by Entra
				web[k] = v
			}
		}
		web["redirectUris"] = uris
		patch["web"] = web
	}
	return patch
}

// apply records a successful patch in the app almwiz returns.
func apply(app *Application, patch map[string]any) {
	if v, ok := patch["displayName"].(string); ok {
		app.DisplayName = v
	}
	if v, ok := patch["signInAudience"].(string); ok {
		app.SignInAudience = v
	}
	if v, ok := patch["uniqueName"].(string); ok {
		app.UniqueName = v
	}
	if v, ok := patch["requiredResourceAccess"].([]RequiredResourceAccess); ok {
		app.RequiredResourceAccess = v
	}
	if web, ok := patch["web"].(map[string]any); ok {
		app.web = web
		app.RedirectURIs, _ = web["redirectUris"].([]string)
	}
}

// mergeStrings appends to have the items of want it lacks, in order.
func mergeStrings(have, want []string) ([]string, bool) {
	out := append([]string{}, have...)
	for _, w := range want {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out, len(out) != len(have)
}
