package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

const tenant = "contoso.onmicrosoft.com"

// rig is a sandbox and what a Signer needs to sign in to it.
type rig struct {
	srv      *sandbox.Server
	ends     cloud.Endpoints
	client   *http.Client
	cacheDir string
	mu       sync.Mutex
	codes    []auth.DeviceCode
}

func newRig(t *testing.T, o sandbox.Options) *rig {
	t.Helper()
	if o.DeviceCodeApproval == 0 {
		o.DeviceCodeApproval = 10 * time.Millisecond
	}
	srv, err := sandbox.Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	sandbox.FailOnViolations(t, srv)
	ends, err := cloud.Sandbox(context.Background(), srv.URL(), "", srv.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	client := transport.New(transport.Options{TLS: srv.TLSConfig(), MinDelay: time.Millisecond})
	t.Cleanup(client.CloseIdleConnections) // before the sandbox closes, so it need not wait for them
	return &rig{srv: srv, ends: ends, client: client, cacheDir: t.TempDir()}
}

// signer is a Signer on the rig; env holds the AZURE_* variables it sees.
func (r *rig) signer(interactive bool, env map[string]string) *auth.Signer {
	return auth.New(auth.Options{
		Endpoints: r.ends, HTTPClient: r.client, CacheDir: r.cacheDir, Interactive: interactive,
		OnDeviceCode: r.onDeviceCode, Getenv: func(k string) string { return env[k] },
	})
}

func (r *rig) onDeviceCode(dc auth.DeviceCode) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.codes = append(r.codes, dc)
}

func (r *rig) deviceCodes() []auth.DeviceCode {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]auth.DeviceCode{}, r.codes...)
}

// requests counts the sandbox's logged requests whose path ends with suffix.
func (r *rig) requests(t *testing.T, method, suffix string) int {
	t.Helper()
	resp, err := r.srv.Client().Get(r.srv.URL() + "/_sandbox/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log []sandbox.LoggedRequest
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Method == method && strings.HasSuffix(e.Path, suffix) {
			n++
		}
	}
	return n
}

// servicePrincipal creates an application identity in the sandbox and
// returns the AZURE_* variables naming it.
func (r *rig) servicePrincipal(t *testing.T) map[string]string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"tenant": tenant, "displayName": "ci"})
	resp, err := r.srv.Client().Post(r.srv.URL()+"/_sandbox/entra/service-principal", "application/json", bytes.NewReader(body))
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("create service principal: %v %v", resp, err)
	}
	defer resp.Body.Close()
	var out map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return map[string]string{"AZURE_TENANT_ID": out["tenant"], "AZURE_CLIENT_ID": out["appId"], "AZURE_CLIENT_SECRET": out["secret"]}
}

// clock is a test clock that starts at the real time.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
