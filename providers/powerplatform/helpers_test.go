package powerplatform_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/powerplatform"
	"almwiz/providers/sandbox"
	"almwiz/providers/sandbox/emulator"
	"almwiz/providers/transport"
)

const (
	tenant  = "contoso.onmicrosoft.com"
	hostURL = "https://contoso-test.crm.dynamics.com/"
)

// world is one sandbox with the installing admin signed in.
type world struct {
	t      *testing.T
	srv    *sandbox.Server
	ep     cloud.Endpoints
	tokens *signedIn
	debug  *syncBuffer // every client's redacted request log
	sleep  func(*http.Request, time.Duration) error
}

// newWorld starts a sandbox that already has the host environment.
func newWorld(t *testing.T, opts sandbox.Options) *world {
	t.Helper()
	ctx := context.Background()
	srv, err := sandbox.Start(ctx, opts)
	if err != nil {
		t.Fatalf("start the sandbox: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	sandbox.FailOnViolations(t, srv)
	ep, err := cloud.Sandbox(ctx, srv.URL(), "", srv.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, srv: srv, ep: ep, debug: &syncBuffer{}}
	w.tokens = newSignedIn(t, ep, w.httpClient(), nil)
	if err := srv.Seed(emulator.Seed{Environments: []emulator.SeedEnvironment{{URL: hostURL, DisplayName: "Contoso Test", Tenant: tenant}}}); err != nil {
		t.Fatal(err)
	}
	return w
}

// httpClient is the shared transport policy, trusting the sandbox.
func (w *world) httpClient() *http.Client {
	return transport.New(transport.Options{TLS: w.srv.TLSConfig(), Debug: w.debug, Sleep: w.sleep})
}

// client is a fresh Client, as a resumed run would build.
func (w *world) client() *powerplatform.Client {
	c := powerplatform.New(w.ep, w.httpClient(), w.tokens.source)
	c.PollInterval = 100 * time.Millisecond
	return c
}

// dataverse opens the host environment's Dataverse.
func (w *world) dataverse(c *powerplatform.Client, envURL string) *powerplatform.Dataverse {
	w.t.Helper()
	dv, err := c.Dataverse(envURL)
	if err != nil {
		w.t.Fatal(err)
	}
	return dv
}

// inventory is the sandbox's inventory, by kind.
func (w *world) inventory(secrets bool) map[string][]map[string]any {
	raw, _ := json.Marshal(w.srv.Inventory(secrets))
	out := map[string][]map[string]any{}
	_ = json.Unmarshal(raw, &out) // kinds that are not lists are left out
	return out
}

// requestCount marks the request log, for writesSince.
func (w *world) requestCount() int { return len(w.requests()) }

func (w *world) requests() []sandbox.LoggedRequest {
	w.t.Helper()
	resp, err := w.srv.Client().Get(w.srv.URL() + "/_sandbox/requests")
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []sandbox.LoggedRequest
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		w.t.Fatal(err)
	}
	return out
}

// writesSince lists the Power Platform writes logged after mark.
func (w *world) writesSince(mark int) []string {
	var out []string
	for _, r := range w.requests()[mark:] {
		service := strings.HasPrefix(r.Path, "/bap/") || strings.HasPrefix(r.Path, "/powerapps/") || strings.HasPrefix(r.Path, "/dataverse/")
		if service && r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// control posts to a sandbox control route.
func (w *world) control(path string, body any, out any) {
	w.t.Helper()
	data, _ := json.Marshal(body)
	resp, err := w.srv.Client().Post(w.srv.URL()+path, "application/json", bytes.NewReader(data))
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		w.t.Fatalf("POST %s = %d %s", path, resp.StatusCode, raw)
	}
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
}

// createConnection stands in for the admin signing in once in the maker portal.
func (w *world) createConnection(envName, api string) string {
	var out struct {
		Name string `json:"name"`
	}
	w.control("/_sandbox/powerplatform/connections", map[string]string{"environment": envName, "api": api,
		"ownerId": w.tokens.objectID(), "ownerName": "Contoso Admin"}, &out)
	return out.Name
}

// signedIn is the installing admin signed in with auth.Signer: a device
// code the sandbox approves by itself, then silent refreshes per resource.
type signedIn struct {
	t      *testing.T
	signer *auth.Signer
}

func newSignedIn(t *testing.T, ep cloud.Endpoints, hc *http.Client, env map[string]string) *signedIn {
	signer := auth.New(auth.Options{Endpoints: ep, HTTPClient: hc, CacheDir: t.TempDir(), Interactive: true,
		Getenv: func(k string) string { return env[k] }})
	return &signedIn{t: t, signer: signer}
}

// source is a powerplatform.TokenSources.
func (s *signedIn) source(audience string) auth.TokenSource { return s.signer.Source(tenant, audience) }

// objectID is the signed-in admin's Entra object id.
func (s *signedIn) objectID() string {
	a, err := s.signer.Account(context.Background(), tenant)
	if err != nil {
		s.t.Fatal(err)
	}
	return a.ObjectID
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// progressLog collects progress text.
type progressLog struct {
	mu    sync.Mutex
	lines []string
}

func (p *progressLog) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lines = append(p.lines, s)
}

func (p *progressLog) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
