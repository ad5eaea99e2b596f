package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox"
)

func TestClientSecretLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.Options{})
	ctx := context.Background()
	app := ensureApp(f, almSpec())
	end := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Second)
	keyID, secret, err := f.c.AddSecret(ctx, app.ID, "almwiz", end)
	if err != nil || keyID == "" || len(secret) < 16 {
		t.Fatalf("AddSecret = %q, %d characters, %v", keyID, len(secret), err)
	}
	if !slices.Contains(f.secretValues(), secret) {
		t.Error("AddSecret returned a value the sandbox did not issue")
	}
	secrets, err := f.c.ListSecrets(ctx, app.ID)
	if err != nil || len(secrets) != 1 || secrets[0].KeyID != keyID || !secrets[0].EndDateTime.Equal(end) || secrets[0].Hint == "" {
		t.Fatalf("ListSecrets = %+v, %v", secrets, err)
	}
	if b, _ := json.Marshal(secrets); bytes.Contains(b, []byte(secret)) {
		t.Error("ListSecrets shows the secret's value")
	}
	if err := f.c.RemoveSecret(ctx, app.ID, keyID); err != nil {
		t.Fatal(err)
	}
	if err := f.c.RemoveSecret(ctx, app.ID, keyID); err != nil {
		t.Errorf("removing a removed secret: %v", err)
	}
	if secrets, _ := f.c.ListSecrets(ctx, app.ID); len(secrets) != 0 {
		t.Errorf("after remove: %+v", secrets)
	}
}

func TestSecretsNamedFindsAlmwizSecretsLatestFirst(t *testing.T) {
	t.Parallel()
	now := time.Now()
	secrets := []Secret{
		{KeyID: "a", DisplayName: "almwiz", EndDateTime: now.Add(time.Hour)},
		{KeyID: "b", DisplayName: "made by hand", EndDateTime: now.Add(3 * time.Hour)},
		{KeyID: "c", DisplayName: "almwiz", EndDateTime: now.Add(2 * time.Hour)},
	}
	got := SecretsNamed(secrets, "almwiz")
	if len(got) != 2 || got[0].KeyID != "c" || got[1].KeyID != "a" {
		t.Errorf("SecretsNamed = %+v", got)
	}
}

func TestSecretValueNeverAppearsInAnError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		// break makes the addPassword call fail after the sandbox issued a secret, or before.
		breakIt func(f *fixture) *Client
	}{
		{"an answer cut short after the secret was issued", func(f *fixture) *Client {
			return f.client(func(next http.RoundTripper) http.RoundTripper { return truncateAddPassword{next} })
		}},
		{"a failed request", func(f *fixture) *Client {
			_ = f.srv.QueueFault(sandbox.QueuedFault{Method: "POST", Path: "/graph/v1.0/applications/*/addPassword", Status: 500})
			return f.c
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, sandbox.Options{})
			app := ensureApp(f, almSpec())
			keyID, secret, err := tc.breakIt(f).AddSecret(context.Background(), app.ID, "almwiz", time.Time{})
			if err == nil || keyID != "" || secret != "" {
				t.Fatalf("AddSecret = %q, %q, %v; want an error", keyID, secret, err)
			}
			for _, v := range f.secretValues() {
				if strings.Contains(err.Error(), v) {
					t.Errorf("the error carries the secret: %v", err)
				}
			}
		})
	}
}

// truncateAddPassword cuts addPassword answers in half, as a dropped
// connection would, after the secret is already in them.
type truncateAddPassword struct{ next http.RoundTripper }

func (tr truncateAddPassword) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := tr.next.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/addPassword") {
		return resp, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b[:len(b)/2]))
	return resp, nil
}

// secretValues are every client secret value the sandbox issued.
func (f *fixture) secretValues() []string {
	f.t.Helper()
	var inv map[string][]map[string]any
	f.control("/inventory?secrets=true", &inv)
	var out []string
	for _, app := range inv["applications"] {
		creds, _ := app["passwordCredentials"].([]any)
		for _, c := range creds {
			if s, _ := c.(map[string]any)["secretText"].(string); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
