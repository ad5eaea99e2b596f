package devops

import (
	"almwiz/providers/sandbox/contract"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"almwiz/providers/sandbox/emulator"

	"github.com/microsoft/azure-devops-go-api/azuredevops/v7"
)

// clock is a sandbox clock tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// sandbox is one emulator behind its own TLS test server.
type sandbox struct {
	mu     sync.Mutex
	bodies bytes.Buffer
	svc    *Service
	srv    *httptest.Server
	tokens *emulator.TokenIssuer
	clock  *clock
	// contract checks every request against the 7.1 specs; a test that
	// breaks it on purpose takes the violations it expects.
	contract contract.Recorder
}

const opDelay = 5 * time.Second

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	c := &clock{now: time.Now()}
	tokens := emulator.NewTokenIssuer(nil, nil)
	svc := New(emulator.Env{Tokens: tokens, Now: c.Now,
		ReplicationLag: func() time.Duration { return 0 }, OperationDelay: func() time.Duration { return opDelay }})
	mux := http.NewServeMux()
	svc.Register(mux)
	sb := &sandbox{svc: svc, tokens: tokens, clock: c}
	sb.contract.Authorized = func(r *http.Request, service string) bool {
		_, err := tokens.Verify(r, contract.Audience(service))
		return err == nil
	}
	sb.srv = httptest.NewTLSServer(sb.record(sb.contract.Handler(mux)))
	t.Cleanup(sb.srv.Close)
	contract.FailOnViolations(t, sb.contract.Violations)
	return sb
}

// teeWriter copies a response body into the sandbox's record.
type teeWriter struct {
	http.ResponseWriter
	sb *sandbox
}

func (w teeWriter) Write(b []byte) (int, error) {
	w.sb.mu.Lock()
	w.sb.bodies.Write(b)
	w.sb.mu.Unlock()
	return w.ResponseWriter.Write(b)
}

// record keeps every response body, so tests can search them for leaks.
func (s *sandbox) record(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(teeWriter{w, s}, r)
	})
}

// responses is every response body sent so far.
func (s *sandbox) responses() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bodies.String()
}

func (s *sandbox) token(audience string) string {
	return s.tokens.Sign(emulator.Claims{Audience: audience, Tenant: "contoso-tenant", ObjectID: "11111111-2222-3333-4444-555555555555",
		AppID: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", UPN: "admin@contoso.example", Name: "Admin",
		IssuedAt: time.Now().Unix(), ExpiresAt: time.Now().Add(time.Hour).Unix()})
}

func (s *sandbox) tlsConfig() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(s.srv.Certificate())
	return &tls.Config{RootCAs: pool}
}

// conn is an SDK connection to org with a valid Azure DevOps token.
func (s *sandbox) conn(org string) *azuredevops.Connection {
	return s.connWith(org, s.token(emulator.AudienceDevOps))
}

func (s *sandbox) connWith(org, token string) *azuredevops.Connection {
	c := azuredevops.NewPatConnection(s.srv.URL+emulator.PrefixDevOps+"/"+org, "")
	c.AuthorizationString = "Bearer " + token
	c.TlsConfig = s.tlsConfig()
	to := 10 * time.Second
	c.Timeout = &to
	return c
}

// do sends a raw request (for routes the SDK has no client for).
func (s *sandbox) do(t *testing.T, method, path, token string, body string) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, s.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func ptr[T any](v T) *T { return &v }

func must[T any](t *testing.T, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// call sends body as JSON with a valid Azure DevOps token, decodes the
// answer into out (when not nil) and returns the status.
func (s *sandbox) call(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	raw := ""
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(b)
	}
	resp := s.do(t, method, path, s.token(emulator.AudienceDevOps), raw)
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decode %d answer: %v", method, path, resp.StatusCode, err)
		}
	}
	return resp.StatusCode
}
