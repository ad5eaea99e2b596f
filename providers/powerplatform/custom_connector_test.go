package powerplatform_test

import (
	"context"
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
