package transport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

const tenant = "contoso.onmicrosoft.com"

func startSandbox(t *testing.T, o sandbox.Options) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	sandbox.FailOnViolations(t, srv)
	return srv
}

// queueFault queues faults through the sandbox's control API.
func queueFault(t *testing.T, srv *sandbox.Server, f sandbox.QueuedFault) {
	t.Helper()
	b, _ := json.Marshal(f)
	resp, err := srv.Client().Post(srv.URL()+"/_sandbox/faults", "application/json", bytes.NewReader(b))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("queue fault: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestGetsSucceedThroughRandomSandboxFaults(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{Faults: "429=20%,503=15%,drop=10%", Seed: 7})
	var w waits
	client := quickClient(&w, transport.Options{TLS: srv.TLSConfig(), MaxRetries: 20})
	t.Cleanup(client.CloseIdleConnections)
	discovery := srv.Endpoints().Login + "/" + tenant + "/v2.0/.well-known/openid-configuration"
	for i := range 40 {
		resp, err := client.Get(discovery)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %d: %v %v", i, resp, err)
		}
		resp.Body.Close()
	}
	if w.count() == 0 {
		t.Error("no retry happened; the fault plan did not bite")
	}
}

func TestSandboxDropsAPostOnceUnlessItIsRetrySafe(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	tokenURL := srv.Endpoints().Login + "/" + tenant + "/oauth2/v2.0/token"
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"x"}, "client_secret": {"y"}, "scope": {"https://graph.microsoft.com/.default"}}.Encode()
	post := func(ctx context.Context) (*http.Response, error) {
		var w waits
		req, _ := http.NewRequestWithContext(ctx, "POST", tokenURL, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		client := quickClient(&w, transport.Options{TLS: srv.TLSConfig()})
		defer client.CloseIdleConnections()
		return client.Do(req)
	}
	fault := sandbox.QueuedFault{Method: "POST", Path: "/login/*/oauth2/v2.0/token", Drop: true}

	queueFault(t, srv, fault)
	if resp, err := post(context.Background()); err == nil {
		resp.Body.Close()
		t.Fatalf("a dropped POST was retried: %d", resp.StatusCode)
	}

	queueFault(t, srv, fault)
	resp, err := post(transport.RetrySafe(context.Background()))
	if err != nil {
		t.Fatalf("a RetrySafe POST was not retried: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 400 { // the unknown client is refused: the retry reached the service
		t.Errorf("status = %d, want the service's 400", resp.StatusCode)
	}
}

func TestSandboxThrottlingIsWaitedOutAndNamed(t *testing.T) {
	srv := startSandbox(t, sandbox.Options{})
	queueFault(t, srv, sandbox.QueuedFault{Method: "GET", Path: "/devops/*/_apis/projects", Status: 429, Count: 2, RetryAfter: 3})
	var w waits
	client := quickClient(&w, transport.Options{TLS: srv.TLSConfig()})
	t.Cleanup(client.CloseIdleConnections)
	resp, err := client.Get(srv.Endpoints().DevOps + "/contoso/_apis/projects")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 429 || w.count() != 2 {
		t.Fatalf("status %d after %d waits", resp.StatusCode, w.count())
	}
	if w.delays[0].Seconds() != 3 || w.reasons[0] != "throttled by Azure DevOps" {
		t.Errorf("waited %v for %q", w.delays[0], w.reasons[0])
	}
}
