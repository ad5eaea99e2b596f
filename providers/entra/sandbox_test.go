package entra

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

const tenant = "contoso.onmicrosoft.com"

// fixture is a sandbox with an admin signed in through providers/auth
// (MSAL Go, device code, which the sandbox approves by itself) and a Client.
type fixture struct {
	t      *testing.T
	srv    *sandbox.Server
	cloud  cloud.Endpoints
	tokens auth.TokenSource
	c      *Client
}

func newFixture(t *testing.T, opts sandbox.Options) *fixture {
	t.Helper()
	if opts.DeviceCodeApproval == 0 {
		opts.DeviceCodeApproval = 10 * time.Millisecond
	}
	srv, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("start the sandbox: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	sandbox.FailOnViolations(t, srv)
	endpoints, err := cloud.Sandbox(context.Background(), srv.URL(), "", srv.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, srv: srv, cloud: endpoints}
	f.tokens = auth.New(auth.Options{Endpoints: endpoints, HTTPClient: f.httpClient(), CacheDir: t.TempDir(),
		Getenv: func(string) string { return "" }}).Source(tenant, auth.ResourceGraph)
	f.c = f.client(nil)
	return f
}

func (f *fixture) httpClient() *http.Client {
	return transport.New(transport.Options{TLS: f.srv.TLSConfig(), UserAgent: "almwiz/test"})
}

// client builds an entra.Client; wrap, when set, wraps the transport.
func (f *fixture) client(wrap func(http.RoundTripper) http.RoundTripper) *Client {
	hc := f.httpClient()
	if wrap != nil {
		hc.Transport = wrap(hc.Transport)
	}
	c := New(hc, f.tokens, f.cloud.Graph())
	c.wait = backoff{first: 50 * time.Millisecond, max: 500 * time.Millisecond, attempts: 30}
	return c
}

// graph sends a raw Graph request as the admin (to set up a tenant as an
// admin would by hand) and decodes the answer.
func (f *fixture) graph(method, path string, body any) map[string]any {
	f.t.Helper()
	token, err := f.tokens.Token(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, f.cloud.Graph()+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	out := map[string]any{}
	f.send(req, &out)
	return out
}

func (f *fixture) send(req *http.Request, out any) {
	f.t.Helper()
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		f.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		f.t.Fatalf("%s %s = %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	if len(b) > 0 {
		_ = json.Unmarshal(b, out)
	}
}

// control reads a /_sandbox route.
func (f *fixture) control(path string, out any) {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL()+"/_sandbox"+path, nil)
	f.send(req, out)
}

// inventory lists the sandbox's objects of one kind in the test tenant,
// built-in service principals left out.
func (f *fixture) inventory(kind string) []map[string]any {
	f.t.Helper()
	var inv map[string][]map[string]any
	f.control("/inventory", &inv)
	tenantID := ""
	for _, t := range inv["tenants"] {
		if t["domain"] == tenant {
			tenantID, _ = t["id"].(string)
		}
	}
	var out []map[string]any
	for _, o := range inv[kind] {
		if builtIn, _ := o["builtIn"].(bool); !builtIn && o["tenantId"] == tenantID {
			out = append(out, o)
		}
	}
	return out
}

// requestCount is how many requests the sandbox has logged.
func (f *fixture) requestCount() int {
	var reqs []sandbox.LoggedRequest
	f.control("/requests", &reqs)
	return len(reqs)
}

// writesSince lists the Graph writes logged after the first n requests.
func (f *fixture) writesSince(n int) []string {
	f.t.Helper()
	var reqs []sandbox.LoggedRequest
	f.control("/requests", &reqs)
	var writes []string
	for _, r := range reqs[n:] {
		if r.Method != "GET" && strings.HasPrefix(r.Path, "/graph/") {
			writes = append(writes, r.Method+" "+r.Path)
		}
	}
	return writes
}

// noWritesBy runs fn (a second run of an ensure) and fails if it wrote.
func (f *fixture) noWritesBy(fn func() Outcome) {
	f.t.Helper()
	n := f.requestCount()
	if got := fn(); got != Unchanged {
		f.t.Errorf("second run: outcome %q, want unchanged", got)
	}
	if w := f.writesSince(n); len(w) > 0 {
		f.t.Errorf("second run wrote: %v", w)
	}
}

// me is the signed-in admin's object id.
func (f *fixture) me() string {
	f.t.Helper()
	u, err := f.c.Me(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return u.ID
}

func named(objs []map[string]any, prop, value string) []map[string]any {
	var out []map[string]any
	for _, o := range objs {
		if s, _ := o[prop].(string); s == value {
			out = append(out, o)
		}
	}
	return out
}

// sandboxOptions is a sandbox where new objects replicate with a lag, as in Entra.
func sandboxOptions() sandbox.Options { return sandbox.Options{ReplicationLag: 2 * time.Second} }

// count is how many logged requests had this method, path and status.
func (f *fixture) count(method, path string, status int) int {
	f.t.Helper()
	var reqs []sandbox.LoggedRequest
	f.control("/requests", &reqs)
	n := 0
	for _, r := range reqs {
		if r.Method == method && r.Path == path && r.Status == status {
			n++
		}
	}
	return n
}
