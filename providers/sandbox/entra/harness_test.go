package entra_test

import (
	"almwiz/providers/sandbox/contract"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"
	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/public"

	"almwiz/providers/sandbox/emulator"
	"almwiz/providers/sandbox/entra"
)

const tenantDomain = "contoso.onmicrosoft.com"

// harness is an Entra service behind a TLS test server, with a movable clock.
type harness struct {
	t        *testing.T
	srv      *httptest.Server
	contract contract.Recorder // checks Graph bodies against the v1.0 extract
	svc      *entra.Service
	offset   atomic.Int64
	lag      atomic.Int64
	lifetime atomic.Int64
	tokens   atomic.Int64 // POSTs to a token endpoint
	approval atomic.Int64 // device-code auto-approval delay
	mu       sync.Mutex
	recorded []recorded // every Graph answer
}

// recorded is one Graph answer, for the contract tests.
type recorded struct {
	method, path string
	status       int
	body         []byte
}

type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	t.status = code
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(b)
	return t.ResponseWriter.Write(b)
}

func newHarness(t *testing.T) *harness { return newHarnessIn(t, emulator.WorldFresh) }

// newHarnessIn serves a sandbox whose tenants start as world says.
func newHarnessIn(t *testing.T, world emulator.World) *harness {
	h := &harness{t: t}
	h.approval.Store(int64(time.Millisecond))
	now := func() time.Time { return time.Now().Add(time.Duration(h.offset.Load())) }
	h.svc = entra.New(emulator.Env{
		Tokens:             emulator.NewTokenIssuer(nil, now),
		Now:                now,
		ReplicationLag:     func() time.Duration { return time.Duration(h.lag.Load()) },
		TokenLifetime:      func() time.Duration { return time.Duration(h.lifetime.Load()) },
		DeviceCodeApproval: func() time.Duration { return time.Duration(h.approval.Load()) },
		World:              world,
	})
	mux := http.NewServeMux()
	h.svc.Register(mux)
	h.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && filepath.Base(r.URL.Path) == "token" {
			h.tokens.Add(1)
		}
		if !strings.HasPrefix(r.URL.Path, emulator.PrefixGraph+"/v1.0") {
			mux.ServeHTTP(w, r)
			return
		}
		tee := &teeWriter{ResponseWriter: w}
		if _, ok := h.contract.Check(tee, r); ok {
			mux.ServeHTTP(tee, r)
		}
		h.mu.Lock()
		h.recorded = append(h.recorded, recorded{r.Method, strings.TrimPrefix(r.URL.Path, emulator.PrefixGraph+"/v1.0"), tee.status, tee.body.Bytes()})
		h.mu.Unlock()
	}))
	t.Cleanup(h.srv.Close)
	contract.FailOnViolations(t, h.contract.Violations)
	return h
}

func (h *harness) authority(tenant string) string {
	return h.srv.URL + emulator.PrefixLogin + "/" + tenant
}

func (h *harness) advance(d time.Duration) { h.offset.Add(int64(d)) }

// publicClient is an MSAL public client against the harness, caching in path when set.
func (h *harness) publicClient(tenant, cachePath string) public.Client {
	opts := []public.Option{public.WithAuthority(h.authority(tenant)), public.WithHTTPClient(h.srv.Client()), public.WithInstanceDiscovery(false)}
	if cachePath != "" {
		opts = append(opts, public.WithCache(fileCache{cachePath}))
	}
	pc, err := public.New("04b07795-8ddb-461a-bbee-02f9e1bf7b46", opts...)
	if err != nil {
		h.t.Fatal(err)
	}
	return pc
}

// deviceCodeToken signs the tenant admin in through the device-code flow.
func (h *harness) deviceCodeToken(pc public.Client, scope string) public.AuthResult {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dc, err := pc.AcquireTokenByDeviceCode(ctx, []string{scope})
	if err != nil {
		h.t.Fatalf("device code: %v", err)
	}
	res, err := dc.AuthenticationResult(ctx)
	if err != nil {
		h.t.Fatalf("device code result: %v", err)
	}
	return res
}

// graphToken is an admin's Graph access token in the tenant.
func (h *harness) graphToken(tenant string) string {
	return h.deviceCodeToken(h.publicClient(tenant, ""), "https://graph.microsoft.com/.default").AccessToken
}

// call sends a Graph request and decodes a JSON answer into a map.
func (h *harness) call(token, method, path string, body any, header ...string) (int, map[string]any) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, h.srv.URL+emulator.PrefixGraph+"/v1.0"+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	b, _ := io.ReadAll(resp.Body)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			h.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
	}
	return resp.StatusCode, out
}

// mustCall is call that fails the test on an unexpected status.
func (h *harness) mustCall(token, method, path string, body any, want int, header ...string) map[string]any {
	h.t.Helper()
	got, out := h.call(token, method, path, body, header...)
	if got != want {
		h.t.Fatalf("%s %s = %d, want %d: %v", method, path, got, want, out)
	}
	return out
}

// fileCache is the MSAL cache persisted to a file, as almwiz keeps it.
type fileCache struct{ path string }

func (f fileCache) Replace(ctx context.Context, u cache.Unmarshaler, _ cache.ReplaceHints) error {
	b, err := os.ReadFile(f.path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return u.Unmarshal(b)
}

func (f fileCache) Export(ctx context.Context, m cache.Marshaler, _ cache.ExportHints) error {
	b, err := m.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(f.path, b, 0o600)
}

// newAutomation creates an app identity with a secret through the control route.
func (h *harness) newAutomation(t *testing.T) map[string]string {
	t.Helper()
	resp, err := h.srv.Client().Post(h.srv.URL+"/_sandbox/entra/service-principal", "application/json", strings.NewReader(`{"tenant":"`+tenantDomain+`","displayName":"ci"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]string{}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 201 {
		t.Fatalf("control service principal = %d %v", resp.StatusCode, err)
	}
	return out
}
