package sandbox_test

import (
	"context"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/core"

	"almwiz/providers/sandbox"
)

// A token the sandbox's sign-in issues is accepted by its Azure DevOps, both
// through the real client libraries.
func TestSignedInUserReachesAzureDevOpsThroughTheSDK(t *testing.T) {
	s := start(t, sandbox.Options{DeviceCodeApproval: 10 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	pc, err := public.New("04b07795-8ddb-461a-bbee-02f9e1bf7b46", public.WithAuthority(s.Endpoints().Login+"/"+tenant),
		public.WithHTTPClient(s.Client()), public.WithInstanceDiscovery(false))
	if err != nil {
		t.Fatal(err)
	}
	dc, err := pc.AcquireTokenByDeviceCode(ctx, []string{"499b84ac-1321-427f-aa17-267ca6975798/.default"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := dc.AuthenticationResult(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn := azuredevops.NewPatConnection(s.Endpoints().DevOps+"/contoso", "")
	conn.AuthorizationString = "Bearer " + res.AccessToken
	conn.TlsConfig = s.TLSConfig()
	client, err := core.NewClient(ctx, conn)
	if err != nil {
		t.Fatalf("core client: %v", err)
	}
	if _, err := client.GetProjects(ctx, core.GetProjectsArgs{}); err != nil {
		t.Fatalf("list projects: %v", err)
	}
	if err := s.QueueFault(sandbox.QueuedFault{Method: "GET", Path: "/devops/*/_apis/projects", Status: 429}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetProjects(ctx, core.GetProjectsArgs{}); err == nil {
		t.Errorf("the queued 429 did not reach the SDK")
	}
	if _, err := client.GetProjects(ctx, core.GetProjectsArgs{}); err != nil {
		t.Errorf("after the queued fault: %v", err)
	}
}
