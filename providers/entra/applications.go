package entra

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Application is an app registration as almwiz reads it.
type Application struct {
	ID                     string                   `json:"id"`    // object id
	AppID                  string                   `json:"appId"` // client id
	UniqueName             string                   `json:"uniqueName"`
	DisplayName            string                   `json:"displayName"`
	Notes                  string                   `json:"notes"` // CreatedMark when almwiz created it
	SignInAudience         string                   `json:"signInAudience"`
	RequiredResourceAccess []RequiredResourceAccess `json:"requiredResourceAccess"`
	PasswordCredentials    []Secret                 `json:"passwordCredentials"`
	// RedirectURIs are the web platform's redirect URIs.
	RedirectURIs []string `json:"-"`
	// web is the whole web object, sent back whole when URIs are added so
	// its other settings are kept.
	web map[string]any
}

// UnmarshalJSON reads an application and its web redirect URIs.
func (a *Application) UnmarshalJSON(b []byte) error {
	type plain Application
	var w struct {
		plain
		Web map[string]any `json:"web"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Application(w.plain)
	a.web = w.Web
	a.RedirectURIs = redirectURIs(w.Web)
	return nil
}

func redirectURIs(web map[string]any) []string {
	raw, _ := web["redirectUris"].([]any)
	var out []string
	for _, u := range raw {
		if s, ok := u.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// GetApplication reads the app registration with this uniqueName; found is
// false when there is none (or a new one has not replicated yet).
func (c *Client) GetApplication(ctx context.Context, uniqueName string) (app Application, found bool, err error) {
	cl := call{method: "GET", path: "/applications(uniqueName='" + quote(uniqueName) + "')",
		op: fmt.Sprintf("read app registration %q", uniqueName), role: roleApps}
	_, err = c.do(ctx, cl, &app)
	if isNotFound(err) {
		return Application{}, false, nil
	}
	return app, err == nil, err
}

// applicationsNamed lists the app registrations with this display name.
func (c *Client) applicationsNamed(ctx context.Context, displayName string) ([]Application, error) {
	return list[Application](ctx, c, call{method: "GET", path: "/applications?" + filter("displayName", displayName),
		op: fmt.Sprintf("find app registrations named %q", displayName), role: roleApps})
}

// ApplicationByID reads an app registration by object id; found is false
// when there is none.
func (c *Client) ApplicationByID(ctx context.Context, id string) (app Application, found bool, err error) {
	app, err = c.applicationByID(ctx, id)
	if isNotFound(err) {
		return Application{}, false, nil
	}
	return app, err == nil && app.ID != "", err
}

// applicationByID reads an app by object id. While a new app replicates,
// Graph may answer 404 to the read by key; the filtered list then finds it.
func (c *Client) applicationByID(ctx context.Context, id string) (Application, error) {
	var app Application
	op := fmt.Sprintf("read app registration %s", id)
	_, err := c.do(ctx, call{method: "GET", path: "/applications/" + quote(id), op: op, role: roleApps}, &app)
	if !isNotFound(err) {
		return app, err
	}
	apps, lerr := list[Application](ctx, c, call{method: "GET", path: "/applications?" + filter("id", id), op: op, role: roleApps})
	if lerr != nil || len(apps) == 0 {
		return Application{}, err
	}
	return apps[0], nil
}

// findApplication looks the app up by uniqueName, then by display name. An
// app of that display name without a uniqueName (made by hand or by the CoE
// CLI) is returned for adoption when it is recognisably the accelerator's
// (adoptable); one that is not, or two of them, are an error.
func (c *Client) findApplication(ctx context.Context, spec AppSpec) (app Application, found, adopt bool, err error) {
	if app, found, err = c.GetApplication(ctx, spec.UniqueName); err != nil || found {
		return app, found, false, err
	}
	named, err := c.applicationsNamed(ctx, spec.DisplayName)
	if err != nil {
		return Application{}, false, false, err
	}
	var orphans []Application
	for _, a := range named {
		switch {
		case strings.EqualFold(a.UniqueName, spec.UniqueName):
			return a, true, false, nil // new, not yet readable by key
		case a.UniqueName == "":
			orphans = append(orphans, a)
		}
	}
	switch len(orphans) {
	case 0:
		return Application{}, false, false, nil
	case 1:
		ok, err := c.adoptable(ctx, orphans[0], spec)
		if err != nil || !ok {
			return Application{}, false, false, orOrphan(err, orphans[0])
		}
		return orphans[0], true, true, nil
	}
	return Application{}, false, false, &AmbiguousError{Kind: "app registrations", Name: spec.DisplayName, IDs: objectIDs(orphans)}
}

// orOrphan is err, or the refusal to adopt app.
func orOrphan(err error, app Application) error {
	if err != nil {
		return err
	}
	return &UnrecognisedAppError{Name: app.DisplayName, ObjectID: app.ID, AppID: app.AppID}
}

func objectIDs(apps []Application) []string {
	ids := make([]string, len(apps))
	for i, a := range apps {
		ids[i] = a.ID
	}
	return ids
}
