package entra

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Secret is a client secret of an app registration as Graph lists it: never
// its value, which Graph shows once, in the answer that creates it.
type Secret struct {
	KeyID       string    `json:"keyId"`
	DisplayName string    `json:"displayName"`
	EndDateTime time.Time `json:"endDateTime"`
	Hint        string    `json:"hint"` // the first characters of the value
}

// ListSecrets lists the client secrets of the app with this object id.
func (c *Client) ListSecrets(ctx context.Context, appObjectID string) ([]Secret, error) {
	app, err := c.applicationByID(ctx, appObjectID)
	if err != nil {
		return nil, fmt.Errorf("list the client secrets of app registration %s: %w", appObjectID, err)
	}
	return app.PasswordCredentials, nil
}

// AddSecret creates a client secret and returns its keyId and value. The
// value goes to the caller only: almwiz never logs it, never stores it, and
// no error carries it.
func (c *Client) AddSecret(ctx context.Context, appObjectID, displayName string, endDate time.Time) (keyID, secretText string, err error) {
	cred := map[string]string{"displayName": displayName}
	if !endDate.IsZero() {
		cred["endDateTime"] = endDate.UTC().Format(time.RFC3339)
	}
	var out struct {
		KeyID      string `json:"keyId"`
		SecretText string `json:"secretText"`
	}
	cl := call{method: "POST", path: "/applications/" + quote(appObjectID) + "/addPassword",
		body: map[string]any{"passwordCredential": cred},
		op:   fmt.Sprintf("add client secret %q to app registration %s", displayName, appObjectID), role: roleApps}
	if err := c.onApp(ctx, appObjectID, cl.op, func() error { _, err := c.do(ctx, cl, &out); return err }); err != nil {
		return "", "", err
	}
	if out.KeyID == "" || out.SecretText == "" {
		return "", "", fmt.Errorf("%s: Microsoft Graph answered without the new secret", cl.op)
	}
	return out.KeyID, out.SecretText, nil
}

// RemoveSecret deletes the client secret keyID. A secret that is gone
// already counts as removed, so teardown and rotation can be repeated.
func (c *Client) RemoveSecret(ctx context.Context, appObjectID, keyID string) error {
	cl := call{method: "POST", path: "/applications/" + quote(appObjectID) + "/removePassword",
		body: map[string]string{"keyId": keyID},
		op:   fmt.Sprintf("remove client secret %s from app registration %s", keyID, appObjectID), role: roleApps, retrySafe: true}
	if _, err := c.do(ctx, cl, nil); err != nil && !isNotFound(err) {
		return err
	}
	return nil
}

// SecretsNamed returns the secrets with one of these display names (those
// almwiz gives its secret), the latest to expire first. A run reuses or
// rotates these instead of adding one more on every run, as the CoE CLI did.
func SecretsNamed(secrets []Secret, displayNames ...string) []Secret {
	var out []Secret
	for _, s := range secrets {
		if slices.ContainsFunc(displayNames, func(n string) bool { return strings.EqualFold(s.DisplayName, n) }) {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].EndDateTime.After(out[j].EndDateTime) })
	return out
}
