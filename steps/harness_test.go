package steps

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"almwiz/profiles"
	"almwiz/providers/auth"
	"almwiz/providers/cloud"
	"almwiz/providers/sandbox"
	"almwiz/providers/transport"
)

// harness is a fresh sandbox seeded from a profile, with the real provider
// clients signed in to it: the ALM steps are tested against it end to end.
type harness struct {
	t       *testing.T
	srv     *sandbox.Server
	profile *profiles.Profile
	clients *Clients
}

func newHarness(t *testing.T, preset string, opts sandbox.Options) *harness {
	t.Helper()
	p, err := profiles.Preset(preset)
	if err != nil {
		t.Fatal(err)
	}
	srv, clients := seededSandbox(t, p, opts, transport.Options{UserAgent: "almwiz/test", MinDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond})
	return &harness{t: t, srv: srv, profile: p, clients: clients}
}

// seededSandbox starts a sandbox seeded with what p declares as existing,
// and the provider clients signed in to it (device codes approved at once).
func seededSandbox(tb testing.TB, p *profiles.Profile, opts sandbox.Options, topts transport.Options) (*sandbox.Server, *Clients) {
	tb.Helper()
	if opts.DeviceCodeApproval == 0 {
		opts.DeviceCodeApproval = 10 * time.Millisecond
	}
	srv, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { srv.Close() })
	sandbox.FailOnViolations(tb, srv)
	if err := srv.Seed(sandbox.SeedFromProfile(p)); err != nil {
		tb.Fatal(err)
	}
	ep, err := cloud.Sandbox(context.Background(), srv.URL(), "", srv.TLSConfig())
	if err != nil {
		tb.Fatal(err)
	}
	topts.TLS = srv.TLSConfig()
	hc := transport.New(topts)
	signer := auth.New(auth.Options{
		Endpoints: ep, HTTPClient: hc, CacheDir: tb.TempDir(),
		OnDeviceCode: func(auth.DeviceCode) {}, Getenv: func(string) string { return "" },
	})
	return srv, &Clients{Endpoints: ep, Signer: signer, HTTP: hc, Transport: topts}
}

// plan builds the profile's plan against the sandbox.
func (h *harness) plan() *Plan {
	h.t.Helper()
	plan, err := Build(h.profile, h.clients)
	if err != nil {
		h.t.Fatal(err)
	}
	return plan
}

// inventory returns the sandbox's resources of kind, as JSON objects.
func (h *harness) inventory(kind string) []map[string]any {
	h.t.Helper()
	raw, _ := json.Marshal(h.srv.Inventory(false)[kind])
	var list []map[string]any
	_ = json.Unmarshal(raw, &list)
	return list
}

// writes counts the requests since mark that change something (not sign-in).
func (h *harness) writes(since int) []string {
	h.t.Helper()
	var out []string
	for i, r := range h.requests() {
		if i < since || r.Method == http.MethodGet || strings.HasPrefix(r.Path, "/login/") || r.Method == http.MethodOptions {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

type loggedRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
}

func (h *harness) requests() []loggedRequest {
	h.t.Helper()
	resp, err := h.srv.Client().Get(h.srv.URL() + "/_sandbox/requests")
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var list []loggedRequest
	if err := json.Unmarshal(body, &list); err != nil {
		h.t.Fatalf("requests: %v: %s", err, body)
	}
	return list
}
