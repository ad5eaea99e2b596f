package powerplatform_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
)

func TestCustomConnectorSecretReachesTheConnectorButNoErrorOrLog(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	dv := w.dataverse(c, hostURL)
	withALM(t, w, c, dv)
	env, _ := must2(t)(c.FindEnvironment(ctx, hostURL))
	cc, found, err := dv.CustomConnector(ctx, powerplatform.CustomConnectorName)
	if err != nil || !found {
		t.Fatalf("custom connector: %v, found %v", err, found)
	}
	oauth := powerplatform.ConnectorOAuth{Environment: env.Name, Connector: cc.InternalID, ClientID: appID,
		ClientSecret: clientSecret, UniqueRedirect: true}

	redirect, o, err := c.ConfigureCustomConnector(ctx, oauth)
	if err != nil || o != powerplatform.Updated || !strings.HasPrefix(redirect, powerplatform.GlobalRedirectURL+"/") {
		t.Fatalf("configure = %q, %s, %v; want the connector's own redirect URL", redirect, o, err)
	}
	if again, o, err := c.ConfigureCustomConnector(ctx, oauth); err != nil || o != powerplatform.Found || again != redirect {
		t.Errorf("second configure = %q, %s, %v; want found with the same redirect URL", again, o, err)
	}
	stored := w.inventory(true)["connectors"][0]
	if stored["clientSecret"] != clientSecret || !strings.Contains(stored["connectionparameters"].(string), appID) {
		t.Errorf("the connector holds %v / %v", stored["clientSecret"], stored["connectionparameters"])
	}

	tests := []struct {
		name  string
		oauth powerplatform.ConnectorOAuth
	}{
		{"unknown connector", powerplatform.ConnectorOAuth{Environment: env.Name, Connector: "shared_missing", ClientID: appID, ClientSecret: clientSecret}},
		{"unknown environment", powerplatform.ConnectorOAuth{Environment: "nowhere", Connector: cc.InternalID, ClientID: appID, ClientSecret: clientSecret}},
	}
	for _, tt := range tests {
		t.Run(tt.name+" fails without the secret in the error", func(t *testing.T) {
			_, _, err := c.ConfigureCustomConnector(ctx, tt.oauth)
			if err == nil {
				t.Fatal("configure succeeded")
			}
			if strings.Contains(err.Error(), clientSecret) {
				t.Errorf("the error carries the secret: %v", err)
			}
		})
	}
	if strings.Contains(w.debug.String(), clientSecret) {
		t.Error("the request log carries the secret")
	}
	if !strings.Contains(w.debug.String(), "PATCH") {
		t.Error("the request log did not see the PATCH; the leak check proves nothing")
	}
	// Even an error whose text would hold the secret (here, in the URL) is redacted.
	echo := powerplatform.ConnectorOAuth{Environment: env.Name, Connector: clientSecret, ClientID: appID, ClientSecret: clientSecret}
	if _, _, err := c.ConfigureCustomConnector(ctx, echo); err == nil || strings.Contains(err.Error(), clientSecret) {
		t.Errorf("err = %v, want an error without the secret", err)
	}
}

func TestCustomConnectorUpdateSendsTheWholeConnectorAndKeepsItsDefinitionAndPolicies(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sandbox.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := w.client()
	dv := w.dataverse(c, hostURL)
	withALM(t, w, c, dv)
	env, _ := must2(t)(c.FindEnvironment(ctx, hostURL))
	cc, _ := must2c(t)(dv.CustomConnector(ctx, powerplatform.CustomConnectorName))
	before := w.customConnector(env.Name, cc.InternalID)

	// The PowerApps API replaces the connector with the body: the sandbox,
	// like it, refuses an update without the definition.
	partial := map[string]any{"properties": map[string]any{"connectionParameters": before["connectionParameters"]}}
	if status := w.patchCustomConnector(env.Name, cc.InternalID, partial); status != 400 {
		t.Errorf("a PATCH of the connection parameters alone answered %d, want 400", status)
	}
	oauth := powerplatform.ConnectorOAuth{Environment: env.Name, Connector: cc.InternalID, ClientID: appID, ClientSecret: clientSecret}
	if _, o, err := c.ConfigureCustomConnector(ctx, oauth); err != nil || o != powerplatform.Updated {
		t.Fatalf("configure = %s, %v", o, err)
	}
	after := w.customConnector(env.Name, cc.InternalID)
	for _, key := range []string{"policyTemplateInstances", "description", "backendService"} {
		if ppJSON(after[key]) != ppJSON(before[key]) || ppJSON(after[key]) == "[]" {
			t.Errorf("%s changed: %s, was %s", key, ppJSON(after[key]), ppJSON(before[key]))
		}
	}
	if !strings.Contains(ppJSON(after["connectionParameters"]), appID) {
		t.Errorf("the client id did not reach the connector: %s", ppJSON(after["connectionParameters"]))
	}
}

// connectorURL is the PowerApps API URL of a custom connector.
func (w *world) connectorURL(envName, connector string) string {
	return w.ep.PowerApps() + "/providers/Microsoft.PowerApps/apis/" + connector +
		"?api-version=2016-11-01&%24filter=environment+eq+%27" + envName + "%27"
}

// powerApps sends a request to the PowerApps API as the admin; the status and the decoded answer.
func (w *world) powerApps(method, u string, body any) (int, map[string]any) {
	w.t.Helper()
	token, err := w.tokens.source(w.ep.AdminAudience()).Token(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, u, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.httpClient().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// customConnector is the connector's properties as the PowerApps API returns them.
func (w *world) customConnector(envName, connector string) map[string]any {
	w.t.Helper()
	status, out := w.powerApps("GET", w.connectorURL(envName, connector), nil)
	props, _ := out["properties"].(map[string]any)
	if status != 200 || props == nil {
		w.t.Fatalf("GET connector %s: %d %v", connector, status, out)
	}
	return props
}

// patchCustomConnector PATCHes the connector with body and returns the status.
func (w *world) patchCustomConnector(envName, connector string, body any) int {
	status, _ := w.powerApps("PATCH", w.connectorURL(envName, connector), body)
	return status
}

func must2c(t *testing.T) func(powerplatform.CustomConnector, bool, error) (powerplatform.CustomConnector, bool) {
	return func(c powerplatform.CustomConnector, found bool, err error) (powerplatform.CustomConnector, bool) {
		t.Helper()
		if err != nil || !found {
			t.Fatalf("custom connector: %v, found %v", err, found)
		}
		return c, found
	}
}

func ppJSON(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}
