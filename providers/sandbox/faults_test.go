package sandbox_test

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"almwiz/providers/sandbox"
)

const orgPath = "/graph/v1.0/organization"

func TestEveryStatusFaultFires(t *testing.T) {
	tests := []struct {
		name, faults   string
		status         int
		wantRetryAfter bool
	}{
		{"429 carries Retry-After", "429=100%", 429, true},
		{"503 carries Retry-After", "503=100%", 503, true},
		{"500 is a plain server error", "500=100%", 500, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := start(t, sandbox.Options{Faults: tc.faults})
			resp := do(t, s, "GET", orgPath, "", nil, nil)
			if resp.StatusCode != tc.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Retry-After") != ""; got != tc.wantRetryAfter {
				t.Errorf("Retry-After = %q", resp.Header.Get("Retry-After"))
			}
			if resp := do(t, s, "GET", "/_sandbox/endpoints", "", nil, nil); resp.StatusCode != 200 {
				t.Errorf("a control route was faulted: %d", resp.StatusCode)
			}
		})
	}
}

func TestDropClosesTheConnection(t *testing.T) {
	s := start(t, sandbox.Options{Faults: "drop=100%"})
	resp, err := s.Client().Get(s.URL() + orgPath)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got %d, want a dropped connection", resp.StatusCode)
	}
	var log []sandbox.LoggedRequest
	do(t, s, "GET", "/_sandbox/requests", "", nil, &log)
	if len(log) == 0 || !strings.Contains(log[0].Fault, "drop") || log[0].Status != 0 {
		t.Errorf("log = %+v", log)
	}
}

func TestLatencyDelaysEmulatedCallsOnly(t *testing.T) {
	s := start(t, sandbox.Options{Latency: 150 * time.Millisecond})
	begin := time.Now()
	do(t, s, "GET", orgPath, "", nil, nil)
	if d := time.Since(begin); d < 150*time.Millisecond {
		t.Errorf("emulated call took %v, want at least the latency", d)
	}
	begin = time.Now()
	do(t, s, "GET", "/_sandbox/endpoints", "", nil, nil)
	if d := time.Since(begin); d >= 150*time.Millisecond {
		t.Errorf("control route took %v", d)
	}
}

func TestExpireShortensTokensUntilTheyFail(t *testing.T) {
	s := start(t, sandbox.Options{Faults: "expire=90s"})
	tok := appToken(t, s, newAutomation(t, s), "https://graph.microsoft.com")
	if tok["expires_in"] != float64(90) {
		t.Errorf("expires_in = %v, want 90", tok["expires_in"])
	}
	if resp := do(t, s, "GET", orgPath, tok["access_token"].(string), nil, nil); resp.StatusCode != 200 {
		t.Fatalf("fresh token = %d", resp.StatusCode)
	}
	s.Advance(91 * time.Second)
	var body map[string]any
	if resp := do(t, s, "GET", orgPath, tok["access_token"].(string), nil, &body); resp.StatusCode != 401 || !strings.Contains(jsonText(body), "expired") {
		t.Errorf("expired token = %d %v", resp.StatusCode, body)
	}
}

func TestReplicationLagHidesNewObjects(t *testing.T) {
	s := start(t, sandbox.Options{ReplicationLag: time.Minute})
	tok := graphToken(t, s)
	var app map[string]any
	do(t, s, "POST", "/graph/v1.0/applications", tok, map[string]any{"displayName": "new"}, &app)
	if resp := do(t, s, "GET", "/graph/v1.0/applications/"+app["id"].(string), tok, nil, nil); resp.StatusCode != 404 {
		t.Errorf("read during lag = %d, want 404", resp.StatusCode)
	}
	s.Advance(time.Minute)
	if resp := do(t, s, "GET", "/graph/v1.0/applications/"+app["id"].(string), tok, nil, nil); resp.StatusCode != 200 {
		t.Errorf("read after lag = %d, want 200", resp.StatusCode)
	}
}

func TestQueuedFaultHitsOnlyTheMatchingRequestsThenClears(t *testing.T) {
	s := start(t, sandbox.Options{})
	fault := map[string]any{"method": "POST", "path": "/login/*/oauth2/v2.0/token", "status": 429, "count": 2, "retryAfter": 3}
	if resp := do(t, s, "POST", "/_sandbox/faults", "", fault, nil); resp.StatusCode != 200 {
		t.Fatalf("queue fault = %d", resp.StatusCode)
	}
	do(t, s, "GET", "/login/"+tenant+"/v2.0/.well-known/openid-configuration", "", nil, nil) // other routes pass
	a := newAutomation(t, s)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {a.AppID}, "client_secret": {a.Secret}, "scope": {"https://graph.microsoft.com/.default"}}
	for i, want := range []int{429, 429, 200} {
		resp, err := s.Client().PostForm(s.URL()+"/login/"+tenant+"/oauth2/v2.0/token", form)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || (want == 429 && resp.Header.Get("Retry-After") != "3") {
			t.Errorf("call %d = %d (Retry-After %q), want %d", i, resp.StatusCode, resp.Header.Get("Retry-After"), want)
		}
	}
	if err := s.QueueFault(sandbox.QueuedFault{Path: "no-slash", Status: 500}); err == nil {
		t.Errorf("a pattern without a leading slash was accepted")
	}
}

func TestQueuedDropFault(t *testing.T) {
	s := start(t, sandbox.Options{})
	if err := s.QueueFault(sandbox.QueuedFault{Path: orgPath, Drop: true}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Client().Get(s.URL() + orgPath)
	if err == nil {
		t.Errorf("queued drop did not drop: %v", err)
	}
}

func TestDropClosesHTTP1ConnectionsToo(t *testing.T) {
	s := start(t, sandbox.Options{Faults: "drop=100%"})
	// The Azure DevOps SDK builds a plain HTTP/1.1 transport like this one.
	h1 := &http.Client{Transport: &http.Transport{TLSClientConfig: s.TLSConfig(), TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{}}}
	resp, err := h1.Get(s.URL() + orgPath)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got %d over HTTP/1.1, want a dropped connection", resp.StatusCode)
	}
}
