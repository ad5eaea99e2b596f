package devops_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/graph"
	"github.com/microsoft/azure-devops-go-api/azuredevops/v7/location"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/devops"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

const (
	tenant       = "contoso.onmicrosoft.com"
	azureCLIApp  = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
	devopsScope  = cloud.AudienceDevOps + "/.default"
	testTimeout  = 90 * time.Second
	pollInterval = 20 * time.Millisecond
)

// startSandbox starts a sandbox cloud that approves device codes at once.
func startSandbox(t *testing.T, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	opts.DeviceCodeApproval = 10 * time.Millisecond
	srv, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	sandbox.FailOnViolations(t, srv)
	return srv
}

// testContext is a context that ends with the test or after testTimeout.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// msalTokens signs in by device code with MSAL Go, as an admin would, and
// serves the token silently from MSAL's cache afterwards. Sign-in is retried
// because injected faults hit the sign-in endpoints too.
type msalTokens struct {
	mu      sync.Mutex
	pc      public.Client
	account public.Account
	token   string
}

func signIn(t *testing.T, srv *sandbox.Server) *msalTokens {
	t.Helper()
	ctx := testContext(t)
	pc, err := public.New(azureCLIApp, public.WithAuthority(srv.Endpoints().Login+"/"+tenant),
		public.WithHTTPClient(srv.Client()), public.WithInstanceDiscovery(false))
	if err != nil {
		t.Fatalf("MSAL public client: %v", err)
	}
	var lastErr error
	for range 10 {
		dc, err := pc.AcquireTokenByDeviceCode(ctx, []string{devopsScope})
		if err == nil {
			res, err := dc.AuthenticationResult(ctx)
			if err == nil {
				return &msalTokens{pc: pc, account: res.Account, token: res.AccessToken}
			}
			lastErr = err
			continue
		}
		lastErr = err
	}
	t.Fatalf("device code sign-in: %v", lastErr)
	return nil
}

// Token returns a token from MSAL's cache, refreshing it when MSAL must.
func (m *msalTokens) Token(ctx context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	res, err := m.pc.AcquireTokenSilent(ctx, []string{devopsScope}, public.WithSilentAccount(m.account))
	if err != nil {
		return m.token, nil // the cached token lives an hour; a faulted refresh keeps it
	}
	m.token = res.AccessToken
	return m.token, nil
}

var _ auth.TokenSource = (*msalTokens)(nil)

// newClient connects a Client to org on the sandbox, with fast polling and
// fast retries.
func newClient(t *testing.T, srv *sandbox.Server, org string, tokens auth.TokenSource) *devops.Client {
	t.Helper()
	ctx := testContext(t)
	ep, err := cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	if err != nil {
		t.Fatalf("sandbox endpoints: %v", err)
	}
	c, err := devops.New(ctx, ep.Organization(org), ep.ExtensionManagement(org), tokens, srv.TLSConfig(),
		devops.WithPollInterval(pollInterval),
		devops.WithHTTPOptions(transport.Options{MaxRetries: 10, Sleep: hurried}))
	if err != nil {
		t.Fatalf("devops.New: %v", err)
	}
	return c
}

// hurried waits a hundredth of what the transport asks (the sandbox says
// Retry-After: 1 on every injected fault), so fault tests run in seconds.
func hurried(req *http.Request, d time.Duration) error {
	t := time.NewTimer(d / 100)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-req.Context().Done():
		return req.Context().Err()
	}
}

// getJSON reads a sandbox control route.
func getJSON(t *testing.T, srv *sandbox.Server, path string, out any) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL() + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// inventory is the sandbox's inventory by kind.
func inventory(t *testing.T, srv *sandbox.Server, secrets bool) map[string][]map[string]any {
	t.Helper()
	inv := map[string][]map[string]any{}
	getJSON(t, srv, fmt.Sprintf("/_sandbox/inventory?secrets=%t", secrets), &inv)
	return inv
}

// requests is the sandbox's request log.
func requests(t *testing.T, srv *sandbox.Server) []sandbox.LoggedRequest {
	t.Helper()
	var log []sandbox.LoggedRequest
	getJSON(t, srv, "/_sandbox/requests", &log)
	return log
}

// writesSince lists the Azure DevOps writes logged after the first n requests.
func writesSince(t *testing.T, srv *sandbox.Server, n int) []string {
	t.Helper()
	var out []string
	for _, r := range requests(t, srv)[n:] {
		devopsHost := strings.HasPrefix(r.Path, "/devops/") || strings.HasPrefix(r.Path, "/extmgmt/") || strings.HasPrefix(r.Path, "/vssps/") || strings.HasPrefix(r.Path, "/vsaex/")
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
			if devopsHost {
				out = append(out, r.Method+" "+r.Path)
			}
		}
	}
	return out
}

// matching keeps the inventory entries of kind whose fields equal want.
func matching(inv map[string][]map[string]any, kind string, want map[string]any) []map[string]any {
	var out []map[string]any
	for _, e := range inv[kind] {
		ok := true
		for k, v := range want {
			if fmt.Sprint(e[k]) != fmt.Sprint(v) {
				ok = false
			}
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// exactlyOne fails unless kind has exactly one entry matching want.
func exactlyOne(t *testing.T, inv map[string][]map[string]any, kind string, want map[string]any) map[string]any {
	t.Helper()
	got := matching(inv, kind, want)
	if len(got) != 1 {
		t.Fatalf("%s matching %v: %d, want 1 (all: %v)", kind, want, len(got), inv[kind])
	}
	return got[0]
}

func check(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// addSignedInUserToCollectionAdmins makes the signed-in user a direct
// member of Project Collection Administrators, with the SDK directly.
func addSignedInUserToCollectionAdmins(t *testing.T, srv *sandbox.Server, tokens auth.TokenSource) {
	t.Helper()
	ctx := testContext(t)
	token, err := tokens.Token(ctx)
	check(t, "token", err)
	conn := azuredevops.NewPatConnection(srv.Endpoints().DevOps+"/contoso", "")
	conn.AuthorizationString, conn.TlsConfig = "Bearer "+token, srv.TLSConfig()
	cd, err := location.NewClient(ctx, conn).GetConnectionData(ctx, location.GetConnectionDataArgs{})
	check(t, "connection data", err)
	g, err := graph.NewClient(ctx, conn)
	check(t, "graph client", err)
	groups, err := g.ListGroups(ctx, graph.ListGroupsArgs{})
	check(t, "list groups", err)
	for _, grp := range *groups.GraphGroups {
		if *grp.DisplayName == "Project Collection Administrators" {
			_, err := g.AddMembership(ctx, graph.AddMembershipArgs{SubjectDescriptor: cd.AuthenticatedUser.SubjectDescriptor, ContainerDescriptor: grp.Descriptor})
			check(t, "add membership", err)
			return
		}
	}
	t.Fatal("no Project Collection Administrators group")
}
