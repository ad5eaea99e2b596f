package powerplatform

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/providers/sandbox/emulator"
)

const (
	testTenant   = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	testAdminOID = "6f1c6c39-8d4e-4e5f-9a5b-1c2d3e4f5a6b"
	testAppID    = "3b0c7d6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"
	bapEnvs      = "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments"
)

// testClock is a sandbox clock the tests move by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness is one Power Platform service behind a TLS test server.
type harness struct {
	t      *testing.T
	svc    *Service
	srv    *httptest.Server
	tokens *emulator.TokenIssuer
	clock  *testClock
}

// operationDelay is how long the harness's long-running operations take.
const operationDelay = 30 * time.Second

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, tokens: emulator.NewTokenIssuer(nil, nil),
		clock: &testClock{now: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)}}
	h.svc = New(emulator.Env{Tokens: h.tokens, Now: h.clock.Now,
		ReplicationLag: func() time.Duration { return 0 }, OperationDelay: func() time.Duration { return operationDelay }})
	mux := http.NewServeMux()
	h.svc.Register(mux)
	h.srv = httptest.NewTLSServer(mux)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *harness) token(aud string, app bool) string {
	c := emulator.Claims{Audience: aud, Tenant: testTenant, ObjectID: testAdminOID, AppID: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
		UPN: "admin@contoso.onmicrosoft.com", Name: "Contoso Admin", IssuedAt: time.Now().Unix(), ExpiresAt: time.Now().Add(time.Hour).Unix()}
	if app {
		c.UPN, c.Name, c.AppID, c.ObjectID = "", "", testAppID, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	}
	return h.tokens.Sign(c)
}

// response is a finished call.
type response struct {
	t      *testing.T
	Status int
	Header http.Header
	Body   []byte
}

// call sends body (JSON unless it is already bytes) with a bearer token.
func (h *harness) call(method, path, token string, body any, header ...string) *response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	url := path
	if !strings.HasPrefix(path, "https://") {
		url = h.srv.URL + path
	}
	req, err := http.NewRequest(method, strings.ReplaceAll(url, " ", "%20"), rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return &response{t: h.t, Status: res.StatusCode, Header: res.Header, Body: data}
}

// bap calls the admin API as the signed-in admin.
func (h *harness) bap(method, path string, body any) *response {
	h.t.Helper()
	return h.call(method, path, h.token(emulator.AudiencePowerPlatform, false), body)
}

// dv calls the Web API of the organisation at host as the signed-in admin.
func (h *harness) dv(method, host, rest string, body any, header ...string) *response {
	h.t.Helper()
	return h.call(method, "/dataverse/"+host+"/api/data/v9.2/"+rest, h.token("https://"+host, false), body, header...)
}

func (r *response) want(status int) *response {
	r.t.Helper()
	if r.Status != status {
		r.t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	return r
}

func (r *response) object() map[string]any {
	r.t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		r.t.Fatalf("body is not a JSON object: %v: %s", err, r.Body)
	}
	return v
}

func (r *response) values() []map[string]any {
	r.t.Helper()
	var v struct{ Value []map[string]any }
	if err := json.Unmarshal(r.Body, &v); err != nil {
		r.t.Fatalf("body is not a collection: %v: %s", err, r.Body)
	}
	return v.Value
}

// errorCode reads error.code of an error body.
func (r *response) errorCode() string {
	e, _ := r.object()["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// path reads a nested value by dotted path.
func path(v any, p string) any {
	for _, k := range strings.Split(p, ".") {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// createEnvironment creates an environment with Dataverse and waits for it,
// returning the environment name and the Dataverse host.
func (h *harness) createEnvironment(domain, location string) (string, string) {
	h.t.Helper()
	res := h.bap("POST", "/bap/providers/Microsoft.BusinessAppPlatform/environments?api-version=2023-06-01", createBody(domain, location, "Sandbox")).want(202)
	h.clock.Advance(operationDelay)
	op := h.call("GET", res.Header.Get("Location"), h.token(emulator.AudiencePowerPlatform, false), nil).want(200).object()
	envPath, _ := path(op, "links.environment.path").(string)
	name := envPath[strings.LastIndex(envPath, "/")+1:]
	env := h.bap("GET", bapEnvs+"/"+name+"?api-version=2023-06-01", nil).want(200).object()
	instance, _ := path(env, "properties.linkedEnvironmentMetadata.instanceUrl").(string)
	return name, strings.TrimSuffix(strings.TrimPrefix(instance, "https://"), "/")
}

func createBody(domain, location, sku string) map[string]any {
	return map[string]any{"location": location, "properties": map[string]any{
		"displayName": "ALM " + domain, "environmentSku": sku, "databaseType": "CommonDataService",
		"linkedEnvironmentMetadata": map[string]any{"domainName": domain, "baseLanguage": 1033, "currency": map[string]any{"code": "USD"}},
	}}
}

// seedHost seeds one environment and returns its host.
func (h *harness) seedHost(url string) string {
	h.t.Helper()
	if err := h.svc.Seed(emulator.Seed{Environments: []emulator.SeedEnvironment{{URL: url, DisplayName: "Seeded"}}}); err != nil {
		h.t.Fatal(err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(url, "https://"), "/")
}
