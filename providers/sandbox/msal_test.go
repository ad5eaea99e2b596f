package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"almwiz/providers/sandbox"
)

func TestMSALSignsInAgainstTheSandboxEndpoints(t *testing.T) {
	s := start(t, sandbox.Options{DeviceCodeApproval: 10 * time.Millisecond})
	authority := s.Endpoints().Login + "/" + tenant
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	pc, err := public.New("04b07795-8ddb-461a-bbee-02f9e1bf7b46", public.WithAuthority(authority),
		public.WithHTTPClient(s.Client()), public.WithInstanceDiscovery(false))
	if err != nil {
		t.Fatal(err)
	}
	dc, err := pc.AcquireTokenByDeviceCode(ctx, []string{"499b84ac-1321-427f-aa17-267ca6975798/.default"})
	if err != nil {
		t.Fatal(err)
	}
	if dc.Result.VerificationURL != s.Endpoints().DeviceLogin {
		t.Errorf("verification URL = %s", dc.Result.VerificationURL)
	}
	if _, err := dc.AuthenticationResult(ctx); err != nil {
		t.Fatalf("device code: %v", err)
	}

	a := newAutomation(t, s) // as AZURE_CLIENT_ID / AZURE_CLIENT_SECRET in CI
	cred, _ := confidential.NewCredFromSecret(a.Secret)
	cc, err := confidential.New(authority, a.AppID, cred, confidential.WithHTTPClient(s.Client()), confidential.WithInstanceDiscovery(false))
	if err != nil {
		t.Fatal(err)
	}
	res, err := cc.AcquireTokenByCredential(ctx, []string{"https://graph.microsoft.com/.default"})
	if err != nil {
		t.Fatalf("client credentials: %v", err)
	}
	if resp := do(t, s, "GET", "/graph/v1.0/organization", res.AccessToken, nil, nil); resp.StatusCode != 200 {
		t.Errorf("Graph with the app token = %d", resp.StatusCode)
	}
}
